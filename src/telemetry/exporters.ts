import { OTLPTraceExporter as OtlpHttpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import type { Context } from '@opentelemetry/api';
import {
  BatchSpanProcessor,
  type ReadableSpan,
  type Span,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { OtlpDestination } from '../config/index.js';
import { CountingExporter } from './counting-exporter.js';
import { DEFAULT_RETRY, RetryingExporter, type RetryOptions } from './retrying-exporter.js';

/** Queue sizes per destination; each destination has its own queue so one slow backend cannot stall another. */
// A short delay bounds what a SIGKILLed worker takes with it (see docs/reliability.md).
export const EXPORT_QUEUE = { maxQueueSize: 16_384, maxExportBatchSize: 512, scheduledDelayMillis: 250 };

/** Builds the OTLP exporter for one destination. */
export function buildOtlpExporter(dest: OtlpDestination): SpanExporter {
  const options = {
    url: dest.url,
    headers: dest.headers,
    timeoutMillis: dest.timeoutMillis,
    compression: dest.compression === 'gzip' ? CompressionAlgorithm.GZIP : CompressionAlgorithm.NONE,
  };
  return dest.protocol === 'http/json' ? new OtlpHttpJsonExporter(options) : new OtlpProtoExporter(options);
}

/** One destination's chain: batch processor → retry buffer → counting → OTLP exporter. */
export interface DestinationPipeline {
  processor: SpanProcessor;
  counter: CountingExporter;
  retrying: RetryingExporter;
}

/** A batch processor whose flush also drains the retry buffer behind it (the SDK's does not flush its exporter). */
class DestinationProcessor implements SpanProcessor {
  constructor(
    private readonly batch: BatchSpanProcessor,
    private readonly retrying: RetryingExporter,
  ) {}
  onStart(span: Span, parentContext: Context): void {
    this.batch.onStart(span, parentContext);
  }
  onEnd(span: ReadableSpan): void {
    this.batch.onEnd(span);
  }
  async forceFlush(): Promise<void> {
    await this.batch.forceFlush();
    await this.retrying.forceFlush();
  }
  shutdown(): Promise<void> {
    return this.batch.shutdown();
  }
}

/** Builds the export chain of one destination, ready to register. */
export function buildDestinationProcessor(
  dest: OtlpDestination,
  retry: RetryOptions = DEFAULT_RETRY,
): DestinationPipeline {
  const counter = new CountingExporter(dest.name, buildOtlpExporter(dest));
  const retrying = new RetryingExporter(dest.name, counter, retry);
  const processor = new DestinationProcessor(new BatchSpanProcessor(retrying, EXPORT_QUEUE), retrying);
  return { processor, counter, retrying };
}
