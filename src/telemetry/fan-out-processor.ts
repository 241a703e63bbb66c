import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';

/**
 * Hands every span to each processor in order. Unlike the SDK's internal
 * multi-processor it is ours to call directly, so spans finished elsewhere
 * (in the workflow sandbox) go through exactly the same chain.
 */
export class FanOutSpanProcessor implements SpanProcessor {
  constructor(readonly processors: SpanProcessor[]) {}

  onStart(span: Span, parentContext: Context): void {
    for (const p of this.processors) p.onStart(span, parentContext);
  }

  onEnding(span: Span): void {
    for (const p of this.processors) p.onEnding?.(span);
  }

  onEnd(span: ReadableSpan): void {
    for (const p of this.processors) p.onEnd(span);
  }

  async forceFlush(): Promise<void> {
    await Promise.all(this.processors.map((p) => p.forceFlush()));
  }

  async shutdown(): Promise<void> {
    await Promise.all(this.processors.map((p) => p.shutdown()));
  }
}
