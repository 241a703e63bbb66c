import { context, type Span, SpanKind, trace } from '@opentelemetry/api';
import type {
  Next,
  WorkflowClientInterceptor,
  WorkflowQueryInput,
  WorkflowSignalInput,
  WorkflowSignalWithStartInput,
  WorkflowStartInput,
  WorkflowStartOutput,
  WorkflowStartUpdateInput,
  WorkflowStartUpdateOutput,
} from '@temporalio/client';
import type { Headers } from '@temporalio/common';
import { injectCarrier } from '../host/host-propagation.js';
import { OpenInferenceAttr, SpanName, TemporalAttr } from '../common/semconv.js';
import { withCarrierHeader } from '../common/trace-context.js';
import { getTracer, runInHostSpan } from '../host/tracer.js';

type Attrs = Record<string, string | number | undefined>;

/**
 * Client-side spans (`StartWorkflow:<type>` and friends) whose context
 * travels to the worker in the `_tracer-data` header.
 */
export class TracingWorkflowClientInterceptor implements WorkflowClientInterceptor {
  start(input: WorkflowStartInput, next: Next<WorkflowClientInterceptor, 'start'>): Promise<string> {
    return this.span(
      `${SpanName.START_WORKFLOW}:${input.workflowType}`,
      startAttrs(input),
      input.headers,
      async (headers, span) => {
        const runId = await next({ ...input, headers });
        span.setAttribute(TemporalAttr.RUN_ID, runId);
        return runId;
      },
    );
  }

  startWithDetails(
    input: WorkflowStartInput,
    next: Next<WorkflowClientInterceptor, 'startWithDetails'>,
  ): Promise<WorkflowStartOutput> {
    return this.span(
      `${SpanName.START_WORKFLOW}:${input.workflowType}`,
      startAttrs(input),
      input.headers,
      async (headers, span) => {
        const output = await next({ ...input, headers });
        span.setAttribute(TemporalAttr.RUN_ID, output.runId);
        return output;
      },
    );
  }

  signalWithStart(
    input: WorkflowSignalWithStartInput,
    next: Next<WorkflowClientInterceptor, 'signalWithStart'>,
  ): Promise<string> {
    const attrs = { ...startAttrs(input), [TemporalAttr.SIGNAL_NAME]: input.signalName };
    return this.span(
      `${SpanName.SIGNAL_WITH_START_WORKFLOW}:${input.workflowType}`,
      attrs,
      input.headers,
      async (headers, span) => {
        const runId = await next({ ...input, headers });
        span.setAttribute(TemporalAttr.RUN_ID, runId);
        return runId;
      },
    );
  }

  signal(input: WorkflowSignalInput, next: Next<WorkflowClientInterceptor, 'signal'>): Promise<void> {
    const attrs = {
      [TemporalAttr.WORKFLOW_ID]: input.workflowExecution.workflowId,
      [TemporalAttr.SIGNAL_NAME]: input.signalName,
    };
    return this.span(`${SpanName.SIGNAL_WORKFLOW}:${input.signalName}`, attrs, input.headers, (headers) =>
      next({ ...input, headers }),
    );
  }

  /**
   * Traced only inside a traced operation: a progress poll made on its own
   * would otherwise start a one-span trace per poll.
   */
  query(input: WorkflowQueryInput, next: Next<WorkflowClientInterceptor, 'query'>): Promise<unknown> {
    if (!trace.getActiveSpan()?.isRecording()) return next(input);
    const attrs = {
      [TemporalAttr.WORKFLOW_ID]: input.workflowExecution.workflowId,
      [TemporalAttr.QUERY_NAME]: input.queryType,
    };
    return this.span(`${SpanName.QUERY_WORKFLOW}:${input.queryType}`, attrs, input.headers, (headers) =>
      next({ ...input, headers }),
    );
  }

  startUpdate(
    input: WorkflowStartUpdateInput,
    next: Next<WorkflowClientInterceptor, 'startUpdate'>,
  ): Promise<WorkflowStartUpdateOutput> {
    const attrs = {
      [TemporalAttr.WORKFLOW_ID]: input.workflowExecution.workflowId,
      [TemporalAttr.UPDATE_NAME]: input.updateName,
    };
    return this.span(
      `${SpanName.START_WORKFLOW_UPDATE}:${input.updateName}`,
      attrs,
      input.headers,
      (headers) => next({ ...input, headers }),
    );
  }

  private span<T>(
    name: string,
    attrs: Attrs,
    headers: Headers,
    fn: (headers: Headers, span: Span) => Promise<T>,
  ): Promise<T> {
    const span = getTracer().startSpan(name, {
      kind: SpanKind.CLIENT,
      attributes: { ...attrs, [OpenInferenceAttr.SPAN_KIND]: 'CHAIN' },
    });
    // A valid context travels even when sampled out, so the worker honours the decision;
    // with no SDK registered the span has an invalid context and only baggage is sent.
    const parent = context.active();
    const carrier = injectCarrier(trace.setSpan(parent, span));
    const outgoing = Object.keys(carrier).length > 0 ? withCarrierHeader(headers, carrier) : headers;
    return runInHostSpan(span, parent, () => fn(outgoing, span));
  }
}

function startAttrs(input: WorkflowStartInput): Attrs {
  return {
    [TemporalAttr.WORKFLOW_ID]: input.options.workflowId,
    [TemporalAttr.WORKFLOW_TYPE]: input.workflowType,
    [TemporalAttr.TASK_QUEUE]: input.options.taskQueue,
  };
}
