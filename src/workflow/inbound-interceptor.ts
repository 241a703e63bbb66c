// RunWorkflow and the spans of signal and update handlers. Sandbox-safe.
import { TemporalFailure } from '@temporalio/common';
import {
  ContinueAsNew,
  isCancellation,
  type Next,
  type SignalInput,
  type UpdateInput,
  type WorkflowExecuteInput,
  type WorkflowInboundCallsInterceptor,
  workflowInfo,
} from '@temporalio/workflow';
import { jsonValue } from '../common/json-value.js';
import { OpenInferenceAttr, SpanKindCode, SpanName, TemporalAttr } from '../common/semconv.js';
import { readLinkHeader, readTraceHeader } from '../common/trace-context.js';
import { fleetIdentity, identity } from './identity.js';
import { startSpan, traced } from './scope.js';

/**
 * Errors that end the workflow run. Anything else fails only the workflow
 * task, which Temporal retries by replaying: ending RunWorkflow then would
 * export it twice.
 */
function endsRun(err: unknown): boolean {
  return err instanceof TemporalFailure || err instanceof ContinueAsNew || isCancellation(err);
}

/** Inbound calls: the run itself, signals and updates. */
export class TracingInbound implements WorkflowInboundCallsInterceptor {
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
        // Workflow time is the first task's start: the delay includes start delay and queue wait.
        [TemporalAttr.WORKFLOW_FIRST_TASK_DELAY_MS]: Math.max(0, Date.now() - info.runStartTime.getTime()),
        [OpenInferenceAttr.SPAN_KIND]: 'CHAIN',
        [OpenInferenceAttr.INPUT_VALUE]: jsonValue(input.args),
        [OpenInferenceAttr.INPUT_MIME_TYPE]: 'application/json',
      },
      { remoteParent: readTraceHeader(input.headers), asRoot: true, kind: SpanKindCode.SERVER },
    );
    // A run started in its own trace (an eval's case) links to the span that started it.
    const starter = readLinkHeader(input.headers);
    if (starter) span.addLink(starter);
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
