import { SpanKind, trace } from '@opentelemetry/api';
import type { Context as ActivityContext } from '@temporalio/activity';
import type {
  ActivityExecuteInput,
  ActivityInboundCallsInterceptor,
  ActivityInterceptorsFactory,
  ActivityOutboundCallsInterceptor,
  GetLogAttributesInput,
  Next,
} from '@temporalio/worker';
import { extractContext } from '../host/host-propagation.js';
import { FleetAttr, LogAttr, OpenInferenceAttr, SpanName, TemporalAttr } from '../common/semconv.js';
import { readTraceCarrier } from '../common/trace-context.js';
import { jsonValue } from '../common/json-value.js';
import { INVOKE_MODEL_ACTIVITY } from '../common/model-wire.js';
import { getTracer, runInHostSpan } from '../host/tracer.js';
import { nextRetryDelayMs } from './retry-delay.js';

/**
 * Activities whose arguments and result are already on the span beneath
 * (the model call's LLM span holds the messages): serializing them again would
 * only cost CPU and bytes on every call.
 */
const PAYLOAD_ON_CHILD_SPAN = new Set<string>([INVOKE_MODEL_ACTIVITY]);

/**
 * One `RunActivity:<type>` span per attempt (SERVER, as Temporal's Python and
 * Go interceptors make it), child of the workflow's `StartActivity` span,
 * active while the activity runs so that spans made inside it (the OpenAI
 * call) nest beneath. Baggage from the header is in the activity's context.
 */
export class TracingActivityInbound implements ActivityInboundCallsInterceptor {
  constructor(private readonly ctx: ActivityContext) {}

  execute(
    input: ActivityExecuteInput,
    next: Next<ActivityInboundCallsInterceptor, 'execute'>,
  ): Promise<unknown> {
    const info = this.ctx.info;
    const parent = extractContext(readTraceCarrier(input.headers));
    const capturePayload = !PAYLOAD_ON_CHILD_SPAN.has(info.activityType);
    const attributes = {
      [TemporalAttr.ACTIVITY_ID]: info.activityId,
      [TemporalAttr.ACTIVITY_TYPE]: info.activityType,
      [TemporalAttr.ACTIVITY_ATTEMPT]: info.attempt,
      // As this worker saw it: from the attempt's scheduling to the task reaching this worker.
      [TemporalAttr.ACTIVITY_QUEUE_WAIT_MS]: info.isLocal
        ? undefined
        : Math.max(0, Date.now() - info.currentAttemptScheduledTimestampMs),
      [TemporalAttr.ACTIVITY_LOCAL]: info.isLocal,
      [TemporalAttr.WORKFLOW_ID]: info.workflowExecution?.workflowId,
      [TemporalAttr.RUN_ID]: info.workflowExecution?.runId,
      [TemporalAttr.WORKFLOW_TYPE]: info.workflowType,
      [TemporalAttr.TASK_QUEUE]: info.taskQueue,
      [TemporalAttr.NAMESPACE]: info.workflowNamespace ?? info.activityNamespace,
      [FleetAttr.ACTIVITY_ID]: info.activityId,
      [FleetAttr.WORKFLOW_ID]: info.workflowExecution?.workflowId,
      [FleetAttr.RUN_ID]: info.workflowExecution?.runId,
      [OpenInferenceAttr.SPAN_KIND]: 'CHAIN',
      [OpenInferenceAttr.INPUT_VALUE]: capturePayload ? jsonValue(input.args) : undefined,
      [OpenInferenceAttr.INPUT_MIME_TYPE]: capturePayload ? 'application/json' : undefined,
    };
    const span = getTracer().startSpan(
      `${SpanName.RUN_ACTIVITY}:${info.activityType}`,
      { kind: SpanKind.SERVER, attributes },
      parent,
    );
    return runInHostSpan(span, parent, async () => {
      let result: unknown;
      try {
        result = await next(input);
      } catch (err) {
        // The backoff before the next attempt is known now, and exactly: its attempt will not know it.
        const delay = nextRetryDelayMs(info, err);
        if (delay !== undefined) span.setAttribute(TemporalAttr.ACTIVITY_NEXT_RETRY_DELAY_MS, delay);
        throw err;
      }
      if (capturePayload) span.setAttribute(OpenInferenceAttr.OUTPUT_VALUE, jsonValue(result) ?? '');
      return result;
    });
  }
}

/**
 * Activity logs carry the ids of the span they were written in (RunActivity,
 * or a span the activity started), so logs and traces correlate.
 */
class TracingActivityOutbound implements ActivityOutboundCallsInterceptor {
  getLogAttributes(
    input: GetLogAttributesInput,
    next: Next<ActivityOutboundCallsInterceptor, 'getLogAttributes'>,
  ): Record<string, unknown> {
    const attributes = next(input);
    const spanContext = trace.getActiveSpan()?.spanContext();
    if (!spanContext || !trace.isSpanContextValid(spanContext)) return attributes;
    return {
      ...attributes,
      [LogAttr.TRACE_ID]: spanContext.traceId,
      [LogAttr.SPAN_ID]: spanContext.spanId,
      [LogAttr.TRACE_FLAGS]: spanContext.traceFlags,
    };
  }
}

/** Activity interceptor factory for `WorkerOptions.interceptors.activity`. */
export const activityTracingInterceptors: ActivityInterceptorsFactory = (ctx) => ({
  inbound: new TracingActivityInbound(ctx),
  outbound: new TracingActivityOutbound(),
});
