import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/** Limits of {@link RetryingExporter}. */
export interface RetryOptions {
  /** Spans held while the destination is failing; beyond it the oldest batch is dropped. */
  maxBufferedSpans: number;
  /** First retry delay; doubles up to `maxBackoffMillis`. */
  initialBackoffMillis: number;
  maxBackoffMillis: number;
  /** How long forceFlush/shutdown wait for the buffer to drain. */
  flushTimeoutMillis: number;
  /** Queued batches are merged into requests of up to this many spans, so a backlog drains quickly. */
  maxSpansPerRequest: number;
}

/** The retry buffer's defaults: how much it holds, how it backs off, how long a flush waits. */
export const DEFAULT_RETRY: RetryOptions = {
  maxBufferedSpans: 100_000,
  initialBackoffMillis: 500,
  maxBackoffMillis: 15_000,
  flushTimeoutMillis: 10_000,
  maxSpansPerRequest: 512,
};

/** Delivery state of one destination. */
export interface DeliveryStats {
  /** Spans waiting for the destination (buffered during an outage). */
  pendingSpans: number;
  /** Spans given up on: buffer overflow, or still pending at shutdown. */
  droppedSpans: number;
}

/**
 * Keeps batches a destination refused and sends them again with backoff, in
 * order, so an outage of minutes delays spans instead of losing them. It
 * accepts batches at once, so the batch processor in front never blocks and
 * another destination's queue is never held up. What it must give up on is
 * counted in {@link DeliveryStats} and reported through `warn`.
 */
export class RetryingExporter implements SpanExporter {
  readonly delivery: DeliveryStats = { pendingSpans: 0, droppedSpans: 0 };
  private readonly queue: ReadableSpan[][] = [];
  /** How many queued batches the request in flight carries (0: none in flight). */
  private inFlight = 0;
  private backoff: number;
  private timer?: NodeJS.Timeout;
  private drained: (() => void)[] = [];
  private stopped = false;

  constructor(
    private readonly name: string,
    private readonly inner: SpanExporter,
    private readonly options: RetryOptions = DEFAULT_RETRY,
    private readonly warn: (line: string) => void = (line) => process.stderr.write(line + '\n'),
  ) {
    this.backoff = options.initialBackoffMillis;
  }

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    if (this.stopped)
      return done({ code: ExportResultCode.FAILED, error: new Error('exporter is shut down') });
    this.queue.push(spans);
    this.delivery.pendingSpans += spans.length;
    while (
      this.delivery.pendingSpans > this.options.maxBufferedSpans &&
      this.queue.length > Math.max(this.inFlight, 1)
    ) {
      const dropped = this.queue.splice(Math.max(this.inFlight, 1), 1)[0]; // never the batches in flight
      this.delivery.pendingSpans -= dropped.length;
      this.delivery.droppedSpans += dropped.length;
      this.warn(
        `[telemetry] ${this.name}: retry buffer full, dropped ${dropped.length} span(s) (${this.delivery.droppedSpans} in all)`,
      );
    }
    this.pump();
    done({ code: ExportResultCode.SUCCESS });
  }

  private pump(): void {
    if (this.inFlight > 0 || this.timer || this.queue.length === 0) return this.notifyIfDrained();
    let count = 0;
    const request: ReadableSpan[] = [];
    while (
      count < this.queue.length &&
      (count === 0 || request.length + this.queue[count].length <= this.options.maxSpansPerRequest)
    ) {
      request.push(...this.queue[count++]);
    }
    this.inFlight = count;
    this.inner.export(request, (result) => {
      this.inFlight = 0;
      if (result.code === ExportResultCode.SUCCESS || this.stopped) {
        // After shutdown a failed request is final: count it as dropped.
        this.queue.splice(0, count);
        this.delivery.pendingSpans -= request.length;
        if (result.code !== ExportResultCode.SUCCESS) {
          this.delivery.droppedSpans += request.length;
          this.warn(`[telemetry] ${this.name}: ${request.length} span(s) undelivered at shutdown`);
        }
        this.backoff = this.options.initialBackoffMillis;
        if (this.stopped) return this.notifyIfDrained();
        this.pump();
        return;
      }
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.pump();
      }, this.backoff);
      this.timer.unref();
      this.backoff = Math.min(this.backoff * 2, this.options.maxBackoffMillis);
    });
  }

  private notifyIfDrained(): void {
    if (this.queue.length > 0 && !(this.stopped && this.inFlight === 0)) return;
    for (const resolve of this.drained.splice(0)) resolve();
  }

  /** Waits until everything buffered is delivered, or the flush timeout passes. */
  async forceFlush(): Promise<void> {
    if (this.queue.length === 0) return;
    if (this.timer) {
      // Retry now rather than after the backoff: someone is waiting.
      clearTimeout(this.timer);
      this.timer = undefined;
      this.pump();
    }
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => this.drained.push(resolve)),
      // Not unref'd: someone awaits this flush, and a process with nothing else
      // to do would otherwise end mid-wait, its caller never resumed.
      new Promise<void>((resolve) => (timeout = setTimeout(resolve, this.options.flushTimeoutMillis))),
    ]);
    clearTimeout(timeout);
    await this.inner.forceFlush?.();
  }

  async shutdown(): Promise<void> {
    await this.forceFlush();
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    // Batches in flight settle in their own callback (delivered, or dropped if they fail);
    // only what was never sent is given up here.
    const unsent = this.queue.splice(this.inFlight);
    const unsentSpans = unsent.reduce((n, b) => n + b.length, 0);
    if (unsentSpans > 0) {
      this.delivery.pendingSpans -= unsentSpans;
      this.delivery.droppedSpans += unsentSpans;
      this.warn(`[telemetry] ${this.name}: shut down with ${unsentSpans} span(s) undelivered`);
    }
    // The inner exporter's shutdown waits for its request in flight.
    await this.inner.shutdown();
  }
}
