// Spans recorded inside the workflow sandbox. Sandbox-safe.
import { describeFailure } from '../common/failure-outcome.js';
import { VALUE_LIMIT } from '../common/json-value.js';
import { ExceptionAttr, SpanKindCode, TemporalAttr } from '../common/semconv.js';
import type { WireSpanContext } from '../common/trace-context.js';
import type { SerializedSpan, SpanAttributeValue } from '../common/sink.js';

/** Strings longer than this are cut before they cross the sink (the host applies its own, usually larger, limit). */
export const SANDBOX_VALUE_LIMIT = VALUE_LIMIT;

/** What a span needs to know about its parent. */
export interface SpanParent {
  context: WireSpanContext;
  /** The span object when the parent was made in this workflow. */
  span?: WorkflowSpan;
}

/**
 * A span made in workflow code. Ids and times are deterministic, so a replay
 * recreates the same span. Ending it hands it to `onEnd` (the run's export
 * buffer, see scope.ts), when there is one.
 */
export class WorkflowSpan {
  private readonly data: SerializedSpan;
  private ended = false;
  private endHooks?: (() => void)[];

  constructor(
    name: string,
    readonly context: WireSpanContext,
    private readonly parent: SpanParent | undefined,
    attributes: Record<string, SpanAttributeValue | undefined>,
    /** Receives the finished span; absent when the worker has no tracing plugin (nothing is exported). */
    private readonly onEnd?: (span: SerializedSpan) => void,
    kind: SpanKindCode = SpanKindCode.INTERNAL,
  ) {
    this.data = {
      name,
      kind,
      traceId: context.traceId,
      spanId: context.spanId,
      parentSpanId: parent?.context.spanId,
      parentIsRemote: parent !== undefined && parent.span === undefined,
      traceFlags: context.traceFlags,
      traceState: context.traceState,
      startTimeMs: Date.now(),
      endTimeMs: 0,
      attributes: {},
      status: { code: 0 },
      events: [],
      links: [],
    };
    this.setAttributes(attributes);
  }

  get name(): string {
    return this.data.name;
  }

  /** Sets one attribute; `undefined` is ignored, long strings are cut. */
  setAttribute(key: string, value: SpanAttributeValue | undefined): this {
    if (value === undefined || this.ended) return this;
    this.data.attributes[key] = typeof value === 'string' ? value.slice(0, SANDBOX_VALUE_LIMIT) : value;
    return this;
  }

  setAttributes(attributes: Record<string, SpanAttributeValue | undefined>): this {
    for (const [key, value] of Object.entries(attributes)) this.setAttribute(key, value);
    return this;
  }

  addEvent(name: string, attributes?: Record<string, SpanAttributeValue>): this {
    if (!this.ended) this.data.events.push({ name, timeMs: Date.now(), attributes });
    return this;
  }

  addLink(context: WireSpanContext): this {
    if (this.ended) return this;
    this.data.links.push({
      traceId: context.traceId,
      spanId: context.spanId,
      traceFlags: context.traceFlags,
    });
    return this;
  }

  /** The enclosing span, when it was made in this workflow. */
  get parentSpan(): WorkflowSpan | undefined {
    return this.parent?.span;
  }

  /** Runs `hook` as the span ends, while attributes can still be set (figures known only at the end). */
  beforeEnd(hook: () => void): void {
    (this.endHooks ??= []).push(hook);
  }

  /** Ends the span and hands it on for export. An error marks it failed. Idempotent. */
  end(error?: unknown): void {
    if (this.ended) return;
    for (const hook of this.endHooks ?? []) hook();
    if (error !== undefined) {
      const failure = describeFailure(error);
      if (failure.status === 'error') this.data.status = { code: 2, message: failure.message };
      if (failure.outcome) this.data.attributes[TemporalAttr.OUTCOME] = failure.outcome;
      if (failure.recordException) {
        this.data.events.push({
          name: 'exception',
          timeMs: Date.now(),
          attributes: { [ExceptionAttr.TYPE]: failure.type, [ExceptionAttr.MESSAGE]: failure.message },
        });
      }
    } else if (this.data.status.code === 0) {
      this.data.status = { code: 1 };
    }
    this.ended = true;
    this.data.endTimeMs = Date.now();
    this.onEnd?.(this.data);
  }
}
