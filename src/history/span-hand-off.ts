// How rebuilt spans reach the span pipeline: the target is resolved when
// spans arrive (the app may set up its SDK after making the exporter), the
// pipeline is drained every so often so its queue never overflows, and a
// delivery check says whether what was handed over arrived.
import type { SerializedSpan } from '../common/sink.js';
import { emitFinishedSpan, toFinishedSpan } from '../worker/workflow-span-receiver.js';
import { resolveSpanTarget, type SpanTarget } from '../worker/span-target.js';
import { DeliveryCheck } from './delivery.js';

/** Spans handed over between waits for the pipeline to drain: half the batch processor's default queue. */
const FLUSH_EVERY = 1_024;

/** Hands rebuilt spans to one pipeline: the given target, else setupTelemetry()'s or the registered SDK's. */
export class SpanHandOff {
  private unflushed = 0;

  constructor(private readonly target?: SpanTarget) {}

  private resolve(): SpanTarget | undefined {
    return this.target ?? resolveSpanTarget({});
  }

  /**
   * Hands spans to the pipeline's processors. A batch processor drops spans
   * once its queue is full (2,048 by default), and a backfill produces them
   * faster than any backend takes them: so every FLUSH_EVERY spans this
   * waits for the pipeline to drain.
   */
  async send(spans: readonly SerializedSpan[]): Promise<void> {
    const target = this.resolve();
    if (!target)
      throw new Error(
        'no span pipeline: call setupTelemetry() or register an OpenTelemetry SDK before exporting',
      );
    for (const data of spans) emitFinishedSpan(target, toFinishedSpan(data, target));
    this.unflushed += spans.length;
    if (this.unflushed >= FLUSH_EVERY) {
      this.unflushed = 0;
      await target.sink.forceFlush?.();
    }
  }

  /**
   * A check of whether the spans handed over so far reached the backends: it
   * can tell for setupTelemetry()'s pipeline; another SDK's is only flushed.
   */
  deliveryCheck(): DeliveryCheck {
    return new DeliveryCheck(
      async () => void (await this.resolve()?.sink.forceFlush?.()),
      () => this.resolve()?.delivery?.() ?? [],
    );
  }
}
