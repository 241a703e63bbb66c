// The pipeline setupTelemetry() built in this process, kept apart from setup.ts
// so that code which only needs to find it (the plugin) does not load the
// OpenAI instrumentation and the price table with it.
import type { Sampler, Tracer, TracerProvider } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { TelemetryConfig } from '../config/telemetry-config.js';
import type { ExportStats } from './counting-exporter.js';
import type { FinishedSpan } from './finished-span.js';
import type { DeliveryStats } from './retrying-exporter.js';

/** The tracing pipeline of one process, as built by `setupTelemetry()`. */
export interface Telemetry {
  readonly config: TelemetryConfig;
  readonly resource: Resource;
  readonly sampler: Sampler;
  readonly tracer: Tracer;
  /** The registered provider (a no-op one when OTEL_SDK_DISABLED). */
  readonly provider: TracerProvider;
  /** Every processor of this pipeline as one (none when OTEL_SDK_DISABLED): where workflow spans go. */
  readonly spanProcessor: SpanProcessor;
  /** Sends a span finished elsewhere (the workflow sandbox) through the same processors. */
  exportFinishedSpan(span: FinishedSpan): void;
  /** Delivery counters per destination: delivered, failed attempts, buffered, dropped. */
  exportStats(): (ExportStats & DeliveryStats)[];
  forceFlush(): Promise<void>;
  /** Flushes, stops exporting and unregisters the global provider. Idempotent. */
  shutdown(): Promise<void>;
}

let current: Telemetry | undefined;

/** The telemetry set up in this process, if any. */
export function getTelemetry(): Telemetry | undefined {
  return current;
}

/** Records (or, with undefined, forgets) the process's telemetry; setupTelemetry's own business. */
export function setCurrentTelemetry(telemetry: Telemetry | undefined): void {
  current = telemetry;
}
