// The OTLP/HTTP protobuf trace exporter of setupTelemetry(): OpenTelemetry's
// own exporter, transport, retries and OTEL_EXPORTER_OTLP_* settings, put
// together as `@opentelemetry/exporter-trace-otlp-proto` does, with our
// encoder in place of the serializer (same bytes, a quarter of the CPU).
import { diag } from '@opentelemetry/api';
import { OTLPTraceExporter as StockProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPExporterBase, type OTLPExporterNodeConfigBase } from '@opentelemetry/otlp-exporter-base';
import {
  convertLegacyHttpOptions,
  createOtlpHttpExportDelegate,
} from '@opentelemetry/otlp-exporter-base/node-http';
// A namespace import: the exporter-metrics helper is recent, and a named import
// of an export an older 0.2xx release lacks would fail when the module loads.
import * as transformer from '@opentelemetry/otlp-transformer';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { encodeTraceRequest } from './otlp-trace-encoding.js';

type ResponseOf<S> = S extends { deserializeResponse(data: Uint8Array): infer R } ? R : never;
type TraceResponse = ResponseOf<typeof transformer.ProtobufTraceSerializer>;

const serializer = {
  serializeRequest: (spans: ReadableSpan[]) => encodeTraceRequest(spans),
  deserializeResponse: (data: Uint8Array): TraceResponse =>
    transformer.ProtobufTraceSerializer.deserializeResponse(data),
};

/** An OTLP/HTTP protobuf span exporter, configured as OpenTelemetry's is. */
export function createOtlpProtoTraceExporter(config: OTLPExporterNodeConfigBase): SpanExporter {
  try {
    const options = convertLegacyHttpOptions(config, 'TRACES', 'v1/traces', {
      'Content-Type': 'application/x-protobuf',
    });
    // The last three arguments (exporter self-metrics) are ignored by releases that predate them.
    const delegate = createOtlpHttpExportDelegate(
      options,
      serializer,
      'otlp_http_span_exporter',
      (transformer as Partial<typeof transformer>).TraceExporterMetricsHelper!,
      undefined,
    );
    return new OTLPExporterBase<ReadableSpan[]>(delegate);
  } catch (err) {
    // An OpenTelemetry release whose exporter parts differ: its own exporter still works.
    diag.debug(`temporal-agents-otel: using the stock OTLP/protobuf exporter (${String(err)})`);
    return new StockProtoExporter(config);
  }
}
