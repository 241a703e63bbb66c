// Spans of the workflow's outbound calls (activities, child workflows, signals,
// continue-as-new), with the trace context injected into each call's headers,
// and trace ids on workflow logs. Sandbox-safe.
import {
  type ActivityInput,
  type ContinueAsNewInput,
  type GetLogAttributesInput,
  type LocalActivityInput,
  type Next,
  type SignalWorkflowInput,
  type StartChildWorkflowExecutionInput,
  type StartNexusOperationInput,
  type StartNexusOperationOutput,
  workflowInfo,
  type WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';
import {
  LogAttr,
  NexusAttr,
  OpenInferenceAttr,
  SpanKindCode,
  SpanName,
  TemporalAttr,
} from '../common/semconv.js';
import { toCarrier, withLinkHeader, withTraceHeader } from '../common/trace-context.js';
import { startsOwnTrace } from './own-trace.js';
import { identity } from './identity.js';
import { addRunTime } from './time-totals.js';
import { INVOKE_MODEL_ACTIVITY } from '../common/model-wire.js';
import { activeSpan, startSpan, traced } from './scope.js';

/** Outbound calls, each a CLIENT span whose context travels in the call's headers. */
export class TracingOutbound implements WorkflowOutboundCallsInterceptor {
  scheduleActivity(
    input: ActivityInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>,
  ): Promise<unknown> {
    return this.activity(input, false, (headers) => next({ ...input, headers }));
  }

  scheduleLocalActivity(
    input: LocalActivityInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'scheduleLocalActivity'>,
  ): Promise<unknown> {
    return this.activity(input, true, (headers) => next({ ...input, headers }));
  }

  async startChildWorkflowExecution(
    input: StartChildWorkflowExecutionInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'startChildWorkflowExecution'>,
  ): Promise<[Promise<string>, Promise<unknown>]> {
    const span = startSpan(
      `${SpanName.START_CHILD_WORKFLOW}:${input.workflowType}`,
      {
        ...identity(),
        [TemporalAttr.CHILD_WORKFLOW_ID]: input.options.workflowId,
        [OpenInferenceAttr.SPAN_KIND]: 'CHAIN',
      },
      { kind: SpanKindCode.CLIENT },
    );
    try {
      const [started, completed] = await next({
        ...input,
        headers: startsOwnTrace()
          ? withLinkHeader(input.headers, span.context)
          : withTraceHeader(input.headers, span.context),
      });
      started.then(
        () => span.end(),
        (err) => span.end(err),
      );
      return [started, completed];
    } catch (err) {
      span.end(err);
      throw err;
    }
  }

  /**
   * A Nexus operation: a CLIENT span until the operation's result, its context
   * in the operation's Nexus headers (W3C keys), where the handler's worker reads it.
   */
  async startNexusOperation(
    input: StartNexusOperationInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'startNexusOperation'>,
  ): Promise<StartNexusOperationOutput> {
    const span = startSpan(
      `${SpanName.START_NEXUS_OPERATION}:${input.service}/${input.operation}`,
      {
        ...identity(),
        [NexusAttr.ENDPOINT]: input.endpoint,
        [NexusAttr.SERVICE]: input.service,
        [NexusAttr.OPERATION]: input.operation,
        [OpenInferenceAttr.SPAN_KIND]: 'CHAIN',
      },
      { kind: SpanKindCode.CLIENT },
    );
    try {
      const output = await next({ ...input, headers: { ...input.headers, ...toCarrier(span.context) } });
      if (output.token) span.setAttribute(NexusAttr.OPERATION_TOKEN, output.token);
      output.result.then(
        () => span.end(),
        (err) => span.end(err),
      );
      return output;
    } catch (err) {
      span.end(err);
      throw err;
    }
  }

  signalWorkflow(
    input: SignalWorkflowInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'signalWorkflow'>,
  ): Promise<void> {
    const span = startSpan(
      `${SpanName.SIGNAL_EXTERNAL_WORKFLOW}:${input.signalName}`,
      {
        ...identity(),
        [TemporalAttr.SIGNAL_NAME]: input.signalName,
        [OpenInferenceAttr.SPAN_KIND]: 'CHAIN',
      },
      { kind: SpanKindCode.CLIENT },
    );
    return traced(span, () => next({ ...input, headers: withTraceHeader(input.headers, span.context) }));
  }

  continueAsNew(
    input: ContinueAsNewInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'continueAsNew'>,
  ): Promise<never> {
    const span = startSpan(
      `${SpanName.CONTINUE_AS_NEW}:${input.options.workflowType ?? workflowInfo().workflowType}`,
      {
        ...identity(),
        [OpenInferenceAttr.SPAN_KIND]: 'CHAIN',
      },
    );
    span.end();
    return next({ ...input, headers: withTraceHeader(input.headers, span.context) });
  }

  private activity(
    input: ActivityInput | LocalActivityInput,
    local: boolean,
    schedule: (headers: ActivityInput['headers']) => Promise<unknown>,
  ): Promise<unknown> {
    const span = startSpan(
      `${SpanName.START_ACTIVITY}:${input.activityType}`,
      {
        ...identity(),
        [TemporalAttr.ACTIVITY_TYPE]: input.activityType,
        [TemporalAttr.ACTIVITY_LOCAL]: local,
        [OpenInferenceAttr.SPAN_KIND]: 'CHAIN',
      },
      { kind: SpanKindCode.CLIENT },
    );
    const started = Date.now();
    const kind = input.activityType === INVOKE_MODEL_ACTIVITY ? 'model' : 'tool';
    return traced(span, async () => {
      try {
        return await schedule(withTraceHeader(input.headers, span.context));
      } finally {
        addRunTime(kind, Date.now() - started);
      }
    });
  }

  /** Workflow logs carry the ids of the span they were written in, so logs and traces correlate. */
  getLogAttributes(
    input: GetLogAttributesInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'getLogAttributes'>,
  ): Record<string, unknown> {
    const attributes = next(input);
    const span = activeSpan();
    if (!span) return attributes;
    return {
      ...attributes,
      [LogAttr.TRACE_ID]: span.context.traceId,
      [LogAttr.SPAN_ID]: span.context.spanId,
      [LogAttr.TRACE_FLAGS]: span.context.traceFlags,
    };
  }
}
