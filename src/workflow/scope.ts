// The "current span" inside workflow code, carried by the sandbox's
// AsyncLocalStorage so concurrent branches (parallel agents) keep their own,
// and each traced run's buffer of ended spans. Sandbox-safe.
import { AsyncLocalStorage, ContinueAsNew, proxySinks, workflowInfo } from '@temporalio/workflow';
import {
  type SerializedSpan,
  type SpanAttributeValue,
  TRACING_SINK,
  type TracingSinks,
} from '../common/sink.js';
import { deterministicSpanId, deterministicTraceId } from './ids.js';
import type { WireSpanContext } from '../common/trace-context.js';
import { type SpanParent, WorkflowSpan } from './workflow-span.js';
import { rootTraceFlags } from './root-sampling.js';
import { type SpanKindCode, TemporalAttr } from '../common/semconv.js';

const current = new AsyncLocalStorage<WorkflowSpan>();
const sinks = proxySinks<TracingSinks>();

/** Per-run state: the id counter, the RunWorkflow span and the spans ended in this activation. */
interface RunState {
  runId: string;
  seq: number;
  root?: WorkflowSpan;
  /** Spans ended since the last flush; absent when the plugin does not trace this run. */
  ended?: SerializedSpan[];
}

// State of the runs whose worker has the tracing plugin (its interceptors
// register the run and forget it on dispose), keyed by run id.
const runs = new Map<string, RunState>();

/** Registers the current run for tracing; called by the plugin's workflow interceptors. */
export function enableTracing(): void {
  const runId = workflowInfo().runId;
  if (!runs.has(runId)) runs.set(runId, { runId, seq: 0, ended: [] });
}

/**
 * Sends the spans the current activation ended, in one sink call; called by
 * the plugin's interceptors as the activation concludes. Temporal does not
 * deliver the call while the worker replays history.
 */
export function flushEndedSpans(): void {
  const state = runs.get(workflowInfo().runId);
  if (!state?.ended?.length) return;
  sinks[TRACING_SINK].exportSpans(state.ended.splice(0));
}

function runState(): RunState {
  const runId = workflowInfo().runId;
  // Without the plugin, spans are still made (runUsage() counts under them)
  // but never exported: no sink call (it would be unregistered), no state kept.
  return runs.get(runId) ?? { runId, seq: 0 };
}

/** Forgets a run's state (called when the workflow is disposed). */
export function forgetRun(runId: string): void {
  runs.delete(runId);
}

/** The span workflow code is running in: the innermost open span, else RunWorkflow. */
export function activeSpan(): WorkflowSpan | undefined {
  return current.getStore() ?? runState().root;
}

/** The RunWorkflow span of the current run (`runUsage()` has its tokens and cost so far). */
export function runSpan(): WorkflowSpan | undefined {
  return runState().root;
}

/** Runs `fn` with `span` as the current span. */
export function runInSpan<T>(span: WorkflowSpan, fn: () => T): T {
  return current.run(span, fn);
}

/** Options of {@link startSpan}. */
export interface StartSpanOptions {
  /** The parent from another process (from headers); without one a root span starts a trace. */
  remoteParent?: WireSpanContext;
  /** This is the run's RunWorkflow span. */
  asRoot?: boolean;
  kind?: SpanKindCode;
}

/**
 * Starts a span in the current run. Its parent is `remoteParent` when given,
 * else the current span. Ids are deterministic; a span that starts a trace is
 * sampled by the worker's root sampling ratio. Baggage passes from parent to child.
 */
export function startSpan(
  name: string,
  attributes: Record<string, SpanAttributeValue | undefined>,
  options: StartSpanOptions = {},
): WorkflowSpan {
  const state = runState();
  const local = options.remoteParent || options.asRoot ? undefined : activeSpan();
  const parent: SpanParent | undefined = local
    ? { context: local.context, span: local }
    : options.remoteParent
      ? { context: options.remoteParent }
      : undefined;
  const traceId = parent?.context.traceId ?? deterministicTraceId(state.runId);
  const context: WireSpanContext = {
    traceId,
    spanId: deterministicSpanId(state.runId, state.seq++),
    traceFlags: parent ? parent.context.traceFlags : rootTraceFlags(traceId),
    traceState: parent?.context.traceState,
    baggage: parent?.context.baggage,
  };
  const ended = state.ended; // emptied in place by each flush, never replaced
  const onEnd = ended ? (data: SerializedSpan) => void ended.push(data) : undefined;
  const span = new WorkflowSpan(name, context, parent, attributes, onEnd, options.kind);
  if (options.asRoot) state.root = span;
  return span;
}

/**
 * The sandbox's one way to run an operation inside a span: runs `fn` with
 * `span` current, then ends the span with `fn`'s outcome (Temporal's failure
 * semantics are in common/failure-outcome.ts; continuing as new is an
 * outcome, not a failure). `endOn` says which errors end the span: RunWorkflow
 * stays open when a workflow *task* fails, since Temporal retries the task by
 * replaying. Written with one `.then` rather than async/await: the sandbox
 * captures and source-maps a stack trace for every promise created, and this
 * wraps every activity call.
 */
export function traced<T>(
  span: WorkflowSpan,
  fn: () => Promise<T>,
  endOn: (err: unknown) => boolean = () => true,
): Promise<T> {
  let running: Promise<T>;
  try {
    running = runInSpan(span, fn);
  } catch (err) {
    running = Promise.reject(err); // a synchronous throw still ends the span
  }
  return running.then(
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

/** Runs `fn` inside a new child span of the current span, ending it with `fn`'s outcome. */
export function withSpan<T>(
  name: string,
  attributes: Record<string, SpanAttributeValue | undefined>,
  fn: (span: WorkflowSpan) => Promise<T>,
): Promise<T> {
  const span = startSpan(name, attributes);
  return traced(span, () => fn(span));
}
