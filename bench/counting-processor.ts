// Counts the spans a process produced, per trace id, in front of whatever
// processor exports them. Structurally typed, so it fits both OpenTelemetry
// JS SDK 1.x (mode b) and 2.x (mode c) span processors.

/** The part of a span both SDK lines agree on. */
interface AnySpan {
  spanContext(): { traceId: string };
}

/** The span processor shape shared by SDK 1.x and 2.x. */
export interface AnySpanProcessor<S extends AnySpan = AnySpan> {
  onStart(span: any, parentContext: any): void;
  onEnd(span: S): void;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** Spans produced per trace, and the load phase in which each trace began. */
export interface TraceCount {
  spans: number;
  /** Value of {@link SpanCounter.phase} when the trace's first span ended. */
  phase: number;
}

/** Spans produced, per trace id. */
export class SpanCounter {
  total = 0;
  /** Set by the load driver; traces are tagged with the phase they began in. */
  phase = 0;
  readonly perTrace = new Map<string, TraceCount>();

  count(span: AnySpan): void {
    const traceId = span.spanContext().traceId;
    this.total++;
    const entry = this.perTrace.get(traceId);
    if (entry) entry.spans++;
    else this.perTrace.set(traceId, { spans: 1, phase: this.phase });
  }
}

/**
 * A span processor that counts every ended span and passes everything on to
 * `inner` (or does nothing else when `inner` is undefined).
 */
export class CountingSpanProcessor<S extends AnySpan> implements AnySpanProcessor<S> {
  constructor(
    readonly counter: SpanCounter,
    private readonly inner?: AnySpanProcessor<S>,
  ) {}

  onStart(span: unknown, parentContext: unknown): void {
    this.inner?.onStart(span, parentContext);
  }

  onEnd(span: S): void {
    this.counter.count(span);
    this.inner?.onEnd(span);
  }

  forceFlush(): Promise<void> {
    return this.inner?.forceFlush() ?? Promise.resolve();
  }

  shutdown(): Promise<void> {
    return this.inner?.shutdown() ?? Promise.resolve();
  }
}
