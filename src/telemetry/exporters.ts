import { OTLPTraceExporter as OtlpHttpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { OtlpDestination } from '../config/index.js';
import { CountingExporter } from './counting-exporter.js';

/** Queue sizes per destination; each destination has its own queue so one slow backend cannot stall another. */
export const EXPORT_QUEUE = { maxQueueSize: 16_384, maxExportBatchSize: 512, scheduledDelayMillis: 1_000 };

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

/** A batch processor over a counting exporter, ready to register. */
export function buildDestinationProcessor(dest: OtlpDestination): {
  processor: BatchSpanProcessor;
  exporter: CountingExporter;
} {
  const exporter = new CountingExporter(dest.name, buildOtlpExporter(dest));
  return { processor: new BatchSpanProcessor(exporter, EXPORT_QUEUE), exporter };
}
