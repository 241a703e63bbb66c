// Finds the span pipeline of the OpenTelemetry SDK the application registered
// (NodeSDK, a NodeTracerProvider, a vendor distribution built on them), so
// that spans finished in the workflow sandbox go through the app's own span
// processors and exporters. Host only.
import { type Sampler, type TracerProvider, trace } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, Span } from '@opentelemetry/sdk-trace-base';

/** The part of a span processor that finished spans are handed to. */
export interface FinishedSpanSink {
  onEnding?(span: Span): void;
  onEnd(span: ReadableSpan): void;
  /** Present on real span processors; awaited to drain their queues. */
  forceFlush?(): Promise<void>;
}

/** What the app's SDK gives a span it ends itself. */
export interface RegisteredSdk {
  processor: FinishedSpanSink;
  resource?: Resource;
  attributeValueLengthLimit?: number;
  sampler?: Sampler;
}

/**
 * The API offers no way to hand an already-finished span to the registered
 * provider, so this reads the SDK tracer's own fields: `_spanProcessor`,
 * `_resource`, `_spanLimits` and `_sampler` in OpenTelemetry JS SDK 2.x;
 * `getActiveSpanProcessor()` and `resource` in 1.x. Undefined when no SDK is
 * registered or its shape is unknown; the caller then says so (span-target.ts).
 * Tested with SDK 2.12 and 1.30 (test/unit/span-target.test.ts) and with
 * the NodeSDK a fresh app installs (test/e2e/packed-install.test.ts).
 */
export function findRegisteredSdk(): RegisteredSdk | undefined {
  const global = trace.getTracerProvider() as TracerProvider & { getDelegate?(): TracerProvider };
  const provider = global.getDelegate?.() ?? global;
  const tracer = provider.getTracer('temporal-agents-otel/workflow') as unknown as SdkTracerShape;
  const processor = tracer._spanProcessor ?? tracer.getActiveSpanProcessor?.();
  if (!processor || typeof processor.onEnd !== 'function') return undefined;
  return {
    processor,
    resource: tracer._resource ?? tracer.resource,
    attributeValueLengthLimit: tracer._spanLimits?.attributeValueLengthLimit,
    sampler: tracer._sampler,
  };
}

interface SdkTracerShape {
  _spanProcessor?: FinishedSpanSink;
  getActiveSpanProcessor?(): FinishedSpanSink;
  _resource?: Resource;
  resource?: Resource;
  _spanLimits?: { attributeValueLengthLimit?: number };
  _sampler?: Sampler;
}
