import { context, propagation, trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import {
  AlwaysOffSampler,
  BatchSpanProcessor,
  type Span,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { type Env, loadMetricsConfig, loadTelemetryConfig } from '../config/index.js';
import { agentTracingSpanProcessors } from './agent-processors.js';
import { ConsoleTreeExporter } from './console-tree-exporter.js';
import { buildDestinationProcessor, type DestinationPipeline } from './exporters.js';
import { FanOutSpanProcessor } from './fan-out-processor.js';
import { instrumentOpenAI } from './instrument-openai.js';
import { buildResource } from './resource.js';
import { buildSampler } from './sampler.js';
import { getTelemetry, setCurrentTelemetry, type Telemetry } from './current.js';
import { installShutdownHooks } from './shutdown-hooks.js';
import { TRACER_NAME } from '../host/tracer.js';

/** Options of {@link setupTelemetry}; everything else comes from the environment. */
export interface TelemetryOptions {
  /** Service name when OTEL_SERVICE_NAME is unset. */
  serviceName?: string;
  /** Environment to read instead of `process.env` (tests). */
  env?: Env;
  /** Register the OpenInference OpenAI instrumentation (default true). */
  instrumentOpenAI?: boolean;
  /** Extra processors after the built-in ones, e.g. an in-memory exporter in tests. */
  spanProcessors?: SpanProcessor[];
  /** Flush on SIGTERM/SIGINT and before exit (default true). */
  handleSignals?: boolean;
  /** Print the console trace tree when no destination is configured (default true). */
  consoleTree?: boolean;
}

export { getTelemetry, type Telemetry };

/**
 * Builds and starts an OpenTelemetry `NodeSDK` for this process: resource
 * (with host, process and service-instance detection), sampler, one queue per
 * destination from the environment (or a console trace tree when none is
 * configured), cost attributes on LLM spans, the privacy rules, and the
 * OpenInference OpenAI instrumentation. The SDK's own environment handling
 * (OTEL_LOG_LEVEL, OTEL_PROPAGATORS, OTEL_BSP_*) applies; everything this
 * bridge reads is validated first, and a bad value throws {@link ConfigError}.
 * Traces, and with OTEL_METRICS_EXPORTER=otlp the GenAI metrics too; logs are
 * left to the application. Calling it again
 * returns the existing pipeline.
 */
export function setupTelemetry(options: TelemetryOptions = {}): Telemetry {
  const existing = getTelemetry();
  if (existing) return existing;
  const env = options.env ?? process.env;
  const config = loadTelemetryConfig(env, { serviceName: options.serviceName });
  const agentProcessors = agentTracingSpanProcessors({ env }); // validates the privacy variables too
  const resource = buildResource(config);
  const sampler = config.disabled ? new AlwaysOffSampler() : buildSampler(config.sampler);

  const metricsConfig = loadMetricsConfig(env);
  const metricsReader =
    metricsConfig.enabled && !config.disabled
      ? new PeriodicExportingMetricReader({
          exporter: new OTLPMetricExporter({ url: metricsConfig.url, headers: metricsConfig.headers }),
          exportIntervalMillis: metricsConfig.exportIntervalMillis,
          exportTimeoutMillis: Math.min(30_000, metricsConfig.exportIntervalMillis),
        })
      : undefined;
  const pipelines: DestinationPipeline[] = [];
  const processors: SpanProcessor[] = [];
  if (!config.disabled) {
    // Enrich first, then redact, then export: onEnding runs in this order.
    processors.push(...agentProcessors);
    for (const dest of config.destinations) {
      const pipeline = buildDestinationProcessor(dest, undefined, config.batch);
      processors.push(pipeline.processor);
      pipelines.push(pipeline);
    }
    if (config.console && options.consoleTree !== false)
      processors.push(new BatchSpanProcessor(new ConsoleTreeExporter(), { scheduledDelayMillis: 500 }));
    processors.push(...(options.spanProcessors ?? []));
  }
  const fanOut = new FanOutSpanProcessor(processors);
  const sdk = new NodeSDK({
    resource,
    autoDetectResources: false, // detected in buildResource, so workflow spans get the very same resource
    sampler,
    spanProcessors: [fanOut],
    spanLimits: { attributeValueLengthLimit: config.attributeValueLengthLimit },
    // Metrics only when asked (OTEL_METRICS_EXPORTER=otlp); logs never: without these
    // NodeSDK would start OTLP metric and log exporters by default.
    metricReaders: metricsReader ? [metricsReader] : [],
    logRecordProcessors: [],
  });
  if (!config.disabled) sdk.start();
  const provider = trace.getTracerProvider();
  if (options.instrumentOpenAI !== false && !config.disabled) instrumentOpenAI(provider);

  let shutdownPromise: Promise<void> | undefined;
  const removeHooks =
    options.handleSignals === false
      ? () => {}
      : installShutdownHooks({
          flush: () => telemetry.forceFlush(),
          shutdown: () => telemetry.shutdown(),
        });
  const telemetry: Telemetry = {
    config,
    resource,
    sampler,
    provider,
    spanProcessor: fanOut,
    tracer: provider.getTracer(TRACER_NAME),
    exportFinishedSpan(span) {
      if (config.disabled) return;
      fanOut.onEnding(span as unknown as Span);
      fanOut.onEnd(span);
    },
    exportStats: () => pipelines.map((p) => ({ ...p.counter.stats, ...p.retrying.delivery })),
    forceFlush: async () => {
      await Promise.all([fanOut.forceFlush(), metricsReader?.forceFlush()]);
    },
    shutdown() {
      shutdownPromise ??= (async () => {
        removeHooks();
        await sdk.shutdown();
        if (getTelemetry() === telemetry) {
          // NodeSDK leaves its registrations behind; a later setup must be able to register again.
          setCurrentTelemetry(undefined);
          trace.disable();
          context.disable();
          propagation.disable();
          logs.disable();
        }
      })();
      return shutdownPromise;
    },
  };
  setCurrentTelemetry(telemetry);
  return telemetry;
}
