import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Context as ActivityContext } from '@temporalio/activity';
import type {
  ActivityExecuteInput,
  ActivityInboundCallsInterceptor,
  ActivityInterceptorsFactory,
  Next,
} from '@temporalio/worker';
import { remoteParentContext } from '../otel-context.js';
import { OpenInferenceAttr, SpanName, TemporalAttr } from '../semconv.js';
import { readTraceHeader } from '../trace-context.js';
import { jsonValue } from '../json-value.js';
import { getTracer, recordError } from '../tracer.js';

/**
 * Activities whose arguments and result are already on the span beneath
 * (the model call's LLM span holds the messages): serializing them again would
 * only cost CPU and bytes on every call.
 */
const PAYLOAD_ON_CHILD_SPAN = new Set(['invokeModel']);

/**
 * One `RunActivity:<type>` span per attempt, child of the workflow's
 * `StartActivity` span, active while the activity runs so that spans made
 * inside it (the OpenAI call) nest beneath.
 */
export class TracingActivityInbound implements ActivityInboundCallsInterceptor {
  constructor(private readonly ctx: ActivityContext) {}

  execute(
    input: ActivityExecuteInput,
    next: Next<ActivityInboundCallsInterceptor, 'execute'>,
  ): Promise<unknown> {
    const info = this.ctx.info;
    const parent = remoteParentContext(readTraceHeader(input.headers));
    const capturePayload = !PAYLOAD_ON_CHILD_SPAN.has(info.activityType);
    const attributes = {
      [TemporalAttr.ACTIVITY_ID]: info.activityId,
      [TemporalAttr.ACTIVITY_TYPE]: info.activityType,
      [TemporalAttr.ACTIVITY_ATTEMPT]: info.attempt,
      [TemporalAttr.WORKFLOW_ID]: info.workflowExecution?.workflowId,
      [TemporalAttr.RUN_ID]: info.workflowExecution?.runId,
      [TemporalAttr.WORKFLOW_TYPE]: info.workflowType,
      [TemporalAttr.TASK_QUEUE]: info.taskQueue,
      [TemporalAttr.NAMESPACE]: info.workflowNamespace ?? info.activityNamespace,
      [OpenInferenceAttr.SPAN_KIND]: 'CHAIN',
      [OpenInferenceAttr.INPUT_VALUE]: capturePayload ? jsonValue(input.args) : undefined,
      [OpenInferenceAttr.INPUT_MIME_TYPE]: capturePayload ? 'application/json' : undefined,
    };
    const span = getTracer().startSpan(
      `${SpanName.RUN_ACTIVITY}:${info.activityType}`,
      { kind: SpanKind.INTERNAL, attributes },
      parent,
    );
    return context.with(trace.setSpan(parent, span), async () => {
      try {
        const result = await next(input);
        if (capturePayload) span.setAttribute(OpenInferenceAttr.OUTPUT_VALUE, jsonValue(result) ?? '');
        span.setStatus({ code: SpanStatusCode.OK });
        return result;
      } catch (err) {
        recordError(span, err);
        throw err;
      } finally {
        span.end();
      }
    });
  }
}

/** Activity interceptor factory for `WorkerOptions.interceptors.activity`. */
export const activityTracingInterceptors: ActivityInterceptorsFactory = (ctx) => ({
  inbound: new TracingActivityInbound(ctx),
});
