import { context, isSpanContextValid, type Span, SpanKind, trace, TraceFlags } from '@opentelemetry/api';
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
import {
  defineSearchAttributeKey,
  type Headers,
  SearchAttributeType,
  TypedSearchAttributes,
} from '@temporalio/common';
import { injectCarrier } from '../host/host-propagation.js';
import { OpenInferenceAttr, SpanName, TemporalAttr, TRACE_ID_MEMO } from '../common/semconv.js';
import { withCarrierHeader } from '../common/trace-context.js';
import { getTracer, runInHostSpan } from '../host/tracer.js';
import { noteStartedTraceId } from './started-trace-ids.js';

type Attrs = Record<string, string | number | undefined>;

/**
 * Client-side spans (`StartWorkflow:<type>` and friends) whose context
 * travels to the worker in the `_tracer-data` header.
 */
export class TracingWorkflowClientInterceptor implements WorkflowClientInterceptor {
  constructor(private readonly options: { traceIdSearchAttribute?: string } = {}) {}

  start(input: WorkflowStartInput, next: Next<WorkflowClientInterceptor, 'start'>): Promise<string> {
    const name = `${SpanName.START_WORKFLOW}:${input.workflowType}`;
    return this.startSpan(
      name,
      startAttrs(input),
      input.headers,
      (headers, span) => next({ ...input, headers, options: this.withTraceId(input.options, span) }),
      (id) => id,
    );
  }

  startWithDetails(
    input: WorkflowStartInput,
    next: Next<WorkflowClientInterceptor, 'startWithDetails'>,
  ): Promise<WorkflowStartOutput> {
    const name = `${SpanName.START_WORKFLOW}:${input.workflowType}`;
    return this.startSpan(
      name,
      startAttrs(input),
      input.headers,
      (headers, span) => next({ ...input, headers, options: this.withTraceId(input.options, span) }),
      (output) => output.runId,
    );
  }

  signalWithStart(
    input: WorkflowSignalWithStartInput,
    next: Next<WorkflowClientInterceptor, 'signalWithStart'>,
  ): Promise<string> {
    const name = `${SpanName.SIGNAL_WITH_START_WORKFLOW}:${input.workflowType}`;
    const attrs = { ...startAttrs(input), [TemporalAttr.SIGNAL_NAME]: input.signalName };
    return this.startSpan(
      name,
      attrs,
      input.headers,
      (headers, span) => next({ ...input, headers, options: this.withTraceId(input.options, span) }),
      (id) => id,
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

  /**
   * The start options with the run's trace id where Temporal shows and searches
   * it: always a memo field, and the search attribute when one is configured
   * (it must be registered on the namespace, or the start fails).
   */
  private withTraceId<O extends WorkflowStartInput['options']>(options: O, span: Span): O {
    const { traceId, traceFlags } = span.spanContext();
    if (!isSpanContextValid(span.spanContext()) || (traceFlags & TraceFlags.SAMPLED) === 0) return options;
    noteStartedTraceId(options.workflowId, traceId);
    const name = this.options.traceIdSearchAttribute;
    return {
      ...options,
      memo: { ...options.memo, [TRACE_ID_MEMO]: traceId },
      ...(name
        ? {
            typedSearchAttributes: new TypedSearchAttributes([
              ...(options.typedSearchAttributes instanceof TypedSearchAttributes
                ? options.typedSearchAttributes.getAll()
                : (options.typedSearchAttributes ?? [])),
              { key: defineSearchAttributeKey(name, SearchAttributeType.KEYWORD), value: traceId },
            ]),
          }
        : {}),
    };
  }

  /** A span around a call that starts a run, with the run id it returns. */
  private startSpan<T>(
    name: string,
    attrs: Attrs,
    headers: Headers,
    call: (headers: Headers, span: Span) => Promise<T>,
    runIdOf: (result: T) => string,
  ): Promise<T> {
    return this.span(name, attrs, headers, async (outgoing, span) => {
      const result = await call(outgoing, span);
      span.setAttribute(TemporalAttr.RUN_ID, runIdOf(result));
      return result;
    });
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
