// Metrics beside traces: the GenAI client metrics and the cost counter go over
// OTLP/HTTP protobuf when OTEL_METRICS_EXPORTER=otlp. Off otherwise (the spec's
// default is otlp; a tracing library turning metrics on unasked would surprise).
import { ConfigError } from './errors.js';
import { type Env, readKeyValueList, readNumber, readString, readUrl } from './parse.js';

/** Where metrics go, if anywhere. */
export interface MetricsConfig {
  enabled: boolean;
  /** OTLP/HTTP metrics URL (…/v1/metrics). */
  url: string;
  headers: Record<string, string>;
  /** OTEL_METRIC_EXPORT_INTERVAL, in milliseconds. */
  exportIntervalMillis: number;
}

/** Reads the metrics settings; a wrong one is a one-line {@link ConfigError}. */
export function loadMetricsConfig(env: Env = process.env): MetricsConfig {
  const exporter = readString(env, 'OTEL_METRICS_EXPORTER')?.toLowerCase() ?? 'none';
  if (exporter !== 'otlp' && exporter !== 'none')
    throw new ConfigError('OTEL_METRICS_EXPORTER', 'expected otlp or none (metrics are off unless otlp)');
  const protocol =
    readString(env, 'OTEL_EXPORTER_OTLP_METRICS_PROTOCOL') ?? readString(env, 'OTEL_EXPORTER_OTLP_PROTOCOL');
  if (exporter === 'otlp' && protocol !== undefined && protocol !== 'http/protobuf')
    throw new ConfigError(
      readString(env, 'OTEL_EXPORTER_OTLP_METRICS_PROTOCOL')
        ? 'OTEL_EXPORTER_OTLP_METRICS_PROTOCOL'
        : 'OTEL_EXPORTER_OTLP_PROTOCOL',
      'metrics are sent as http/protobuf only',
    );
  const specific = readUrl(env, 'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT');
  const base = readUrl(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  const url = specific
    ? specific.href
    : `${(base?.href ?? 'http://localhost:4318/').replace(/\/+$/, '')}/v1/metrics`;
  const headers =
    readString(env, 'OTEL_EXPORTER_OTLP_METRICS_HEADERS') !== undefined
      ? readKeyValueList(env, 'OTEL_EXPORTER_OTLP_METRICS_HEADERS')
      : readKeyValueList(env, 'OTEL_EXPORTER_OTLP_HEADERS');
  return {
    enabled: exporter === 'otlp',
    url,
    headers,
    exportIntervalMillis: readNumber(env, 'OTEL_METRIC_EXPORT_INTERVAL', 60_000, 100, 3_600_000),
  };
}
