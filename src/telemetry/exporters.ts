import { OTLPTraceExporter as OtlpHttpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import type { Context } from '@opentelemetry/api';
import {
  BatchSpanProcessor,
  type ReadableSpan,
  type Span,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { type BatchQueueConfig, DEFAULT_BATCH_QUEUE, type OtlpDestination } from '../config/index.js';
import { CountingExporter } from './counting-exporter.js';
import { createOtlpProtoTraceExporter } from './otlp-proto-exporter.js';
import { DEFAULT_RETRY, RetryingExporter, type RetryOptions } from './retrying-exporter.js';

/** Builds the OTLP exporter for one destination. */
export function buildOtlpExporter(dest: OtlpDestination): SpanExporter {
  const options = {
    url: dest.url,
    headers: dest.headers,
    timeoutMillis: dest.timeoutMillis,
    compression: dest.compression === 'gzip' ? CompressionAlgorithm.GZIP : CompressionAlgorithm.NONE,
  };
  return dest.protocol === 'http/json'
    ? new OtlpHttpJsonExporter(options)
    : createOtlpProtoTraceExporter(options);
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
  queue: BatchQueueConfig = DEFAULT_BATCH_QUEUE,
): DestinationPipeline {
  const counter = new CountingExporter(dest.name, buildOtlpExporter(dest));
  const retrying = new RetryingExporter(dest.name, counter, retry);
  const processor = new DestinationProcessor(new BatchSpanProcessor(retrying, queue), retrying);
  return { processor, counter, retrying };
}
