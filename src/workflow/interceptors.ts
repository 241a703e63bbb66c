// Workflow interceptors: RunWorkflow, handler spans and the spans of outbound
// calls, with the trace context injected into every outbound header.
// Registered by the plugin as a workflow interceptor module. Sandbox-safe.
import { TemporalFailure } from '@temporalio/common';
import {
  type ActivityInput,
  ContinueAsNew,
  type ContinueAsNewInput,
  type GetLogAttributesInput,
  isCancellation,
  type LocalActivityInput,
  type Next,
  type SignalInput,
  type SignalWorkflowInput,
  type StartChildWorkflowExecutionInput,
  type UpdateInput,
  type WorkflowExecuteInput,
  type WorkflowInboundCallsInterceptor,
  workflowInfo,
  type WorkflowInterceptorsFactory,
  type WorkflowInternalsInterceptor,
  type WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';
import {
  FleetAttr,
  LogAttr,
  OpenInferenceAttr,
  SpanKindCode,
  SpanName,
  TemporalAttr,
} from '../common/semconv.js';
import { readTraceHeader, withTraceHeader } from '../common/trace-context.js';
import { activeSpan, enableTracing, flushEndedSpans, forgetRun, runInSpan, startSpan } from './scope.js';
import { jsonValue } from '../common/json-value.js';
import type { WorkflowSpan } from './workflow-span.js';

function identity(): Record<string, string | number> {
  const info = workflowInfo();
  return {
    [TemporalAttr.WORKFLOW_ID]: info.workflowId,
    [TemporalAttr.RUN_ID]: info.runId,
    [TemporalAttr.WORKFLOW_TYPE]: info.workflowType,
    [TemporalAttr.TASK_QUEUE]: info.taskQueue,
    [TemporalAttr.NAMESPACE]: info.namespace,
  };
}

/** The ids under the keys Temporal's Python and Go interceptors use, for Run spans. */
function fleetIdentity(): Record<string, string> {
  const info = workflowInfo();
  return { [FleetAttr.WORKFLOW_ID]: info.workflowId, [FleetAttr.RUN_ID]: info.runId };
}

/**
 * Errors that end the workflow run. Anything else fails only the workflow
 * task, which Temporal retries by replaying: ending RunWorkflow then would
 * export it twice.
 */
function endsRun(err: unknown): boolean {
  return err instanceof TemporalFailure || err instanceof ContinueAsNew || isCancellation(err);
}

/**
 * Runs `fn` in `span` and ends the span with its outcome. Written with one
 * `.then` rather than async/await: the sandbox captures and source-maps a
 * stack trace for every promise created, and this wraps every activity.
 */
function traced<T>(
  span: WorkflowSpan,
  fn: () => Promise<T>,
  endOn: (err: unknown) => boolean = () => true,
): Promise<T> {
  return runInSpan(span, fn).then(
    (result) => {
      span.end();
      return result;
    },
    (err: unknown) => {
      if (err instanceof ContinueAsNew) span.setAttribute(TemporalAttr.OUTCOME, 'continued_as_new').end();
      else if (endOn(err)) span.end(err);
      throw err;
    },
  );
}

class TracingInbound implements WorkflowInboundCallsInterceptor {
  async execute(
    input: WorkflowExecuteInput,
    next: Next<WorkflowInboundCallsInterceptor, 'execute'>,
  ): Promise<unknown> {
    const info = workflowInfo();
    const span = startSpan(
      `${SpanName.RUN_WORKFLOW}:${info.workflowType}`,
      {
        ...identity(),
        ...fleetIdentity(),
        [TemporalAttr.WORKFLOW_ATTEMPT]: info.attempt,
        [OpenInferenceAttr.SPAN_KIND]: 'CHAIN',
        [OpenInferenceAttr.INPUT_VALUE]: jsonValue(input.args),
        [OpenInferenceAttr.INPUT_MIME_TYPE]: 'application/json',
      },
      { remoteParent: readTraceHeader(input.headers), asRoot: true, kind: SpanKindCode.SERVER },
    );
    return traced(
      span,
      async () => {
        const result = await next(input);
        span.setAttributes({
          [OpenInferenceAttr.OUTPUT_VALUE]: jsonValue(result),
          [OpenInferenceAttr.OUTPUT_MIME_TYPE]: 'application/json',
          [TemporalAttr.OUTCOME]: 'completed',
        });
        return result;
      },
      endsRun,
    );
  }

  handleSignal(
    input: SignalInput,
    next: Next<WorkflowInboundCallsInterceptor, 'handleSignal'>,
  ): Promise<void> {
    return this.handler(
      `${SpanName.HANDLE_SIGNAL}:${input.signalName}`,
      input.headers,
      { [TemporalAttr.SIGNAL_NAME]: input.signalName },
      () => next(input),
    );
  }

  handleUpdate(
    input: UpdateInput,
    next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>,
  ): Promise<unknown> {
    return this.handler(
      `${SpanName.HANDLE_UPDATE}:${input.name}`,
      input.headers,
      { [TemporalAttr.UPDATE_NAME]: input.name, [TemporalAttr.UPDATE_ID]: input.updateId },
      () => next(input),
    );
  }

  /** Handler spans stay in the run's trace; the sender's context becomes a link. */
  private handler<T>(
    name: string,
    headers: SignalInput['headers'],
    attrs: Record<string, string>,
    fn: () => Promise<T>,
  ): Promise<T> {
    const span = startSpan(
      name,
      { ...identity(), ...attrs, [OpenInferenceAttr.SPAN_KIND]: 'CHAIN' },
      { kind: SpanKindCode.SERVER },
    );
    const sender = readTraceHeader(headers);
    if (sender) span.addLink(sender);
    return traced(span, fn, endsRun);
  }
}

class TracingOutbound implements WorkflowOutboundCallsInterceptor {
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
        headers: withTraceHeader(input.headers, span.context),
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
    return traced(span, () => schedule(withTraceHeader(input.headers, span.context)));
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

class TracingInternals implements WorkflowInternalsInterceptor {
  concludeActivation(
    input: Parameters<NonNullable<WorkflowInternalsInterceptor['concludeActivation']>>[0],
    next: Next<WorkflowInternalsInterceptor, 'concludeActivation'>,
  ): ReturnType<NonNullable<WorkflowInternalsInterceptor['concludeActivation']>> {
    // When workflow code fails the task, the activation never gets here: its
    // spans are dropped with the evicted run, and the task's retry makes and
    // sends them again. (A failure after this point, such as encoding the
    // completion, has sent them; a retry on this worker is de-duplicated.)
    flushEndedSpans();
    return next(input);
  }

  dispose(
    input: Parameters<NonNullable<WorkflowInternalsInterceptor['dispose']>>[0],
    next: Next<WorkflowInternalsInterceptor, 'dispose'>,
  ): void {
    forgetRun(workflowInfo().runId);
    next(input);
  }
}

/** The workflow interceptors factory Temporal loads from this module. */
export const interceptors: WorkflowInterceptorsFactory = () => {
  enableTracing();
  return {
    inbound: [new TracingInbound()],
    outbound: [new TracingOutbound()],
    internals: [new TracingInternals()],
  };
};

export { activeSpan };
