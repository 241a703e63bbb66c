// Temporal's own SDK metrics (task queue and schedule-to-start latency, workflow
// and activity failures, …) to the same collector as the GenAI metrics.
import type { RuntimeOptions } from '@temporalio/worker';
import { loadMetricsConfig } from '../config/metrics-config.js';
import type { Env } from '../config/parse.js';

/**
 * `telemetryOptions` for `Runtime.install` that send Temporal's SDK metrics over
 * OTLP/HTTP where OTEL_METRICS_EXPORTER=otlp sends ours; undefined when metrics
 * are off. Temporal's core reads OTEL_EXPORTER_OTLP_ENDPOINT itself too.
 */
export function temporalRuntimeTelemetry(env: Env = process.env): RuntimeOptions['telemetryOptions'] {
  const metrics = loadMetricsConfig(env);
  if (!metrics.enabled) return undefined;
  return {
    metrics: {
      // The service name travels as the resource's: as a metric label too, a collector that turns
      // resource attributes into labels (the Prometheus exporter) refuses the duplicate.
      attachServiceName: false,
      otel: {
        url: metrics.url,
        http: true,
        headers: metrics.headers,
        metricsExportInterval: metrics.exportIntervalMillis,
        temporality: 'cumulative',
        useSecondsForDurations: true,
      },
    },
  };
}
