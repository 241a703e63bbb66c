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
}

export const DEFAULT_RETRY: RetryOptions = {
  maxBufferedSpans: 100_000,
  initialBackoffMillis: 500,
  maxBackoffMillis: 15_000,
  flushTimeoutMillis: 10_000,
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
  private sending = false;
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
    while (this.delivery.pendingSpans > this.options.maxBufferedSpans && this.queue.length > 1) {
      const dropped = this.queue.splice(1, 1)[0]; // keep the batch in flight
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
    if (this.sending || this.timer || this.queue.length === 0) return this.notifyIfDrained();
    this.sending = true;
    const batch = this.queue[0];
    this.inner.export(batch, (result) => {
      this.sending = false;
      if (result.code === ExportResultCode.SUCCESS) {
        this.queue.shift();
        this.delivery.pendingSpans -= batch.length;
        this.backoff = this.options.initialBackoffMillis;
        this.pump();
        return;
      }
      if (this.stopped) return this.notifyIfDrained();
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.pump();
      }, this.backoff);
      this.timer.unref();
      this.backoff = Math.min(this.backoff * 2, this.options.maxBackoffMillis);
    });
  }

  private notifyIfDrained(): void {
    if (this.queue.length > 0 && !this.stopped) return;
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
      new Promise<void>((resolve) => {
        timeout = setTimeout(resolve, this.options.flushTimeoutMillis);
        timeout.unref();
      }),
    ]);
    clearTimeout(timeout);
    await this.inner.forceFlush?.();
  }

  async shutdown(): Promise<void> {
    await this.forceFlush();
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.delivery.pendingSpans > 0) {
      this.delivery.droppedSpans += this.delivery.pendingSpans;
      this.warn(`[telemetry] ${this.name}: shut down with ${this.delivery.pendingSpans} span(s) undelivered`);
      this.delivery.pendingSpans = 0;
      this.queue.length = 0;
    }
    this.notifyIfDrained();
    await this.inner.shutdown();
  }
}
