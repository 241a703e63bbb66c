import { accessSync, constants } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { nativeBinary } from './binaries.js';
import { freePorts, retryOnPortClash, spawnManaged, waitUntilHealthy } from './managed-process.js';

/** The pipeline of collector/otel-collector.yaml with every endpoint from the environment. */
const COLLECTOR_CONFIG = fileURLToPath(new URL('../collector/native-collector.yaml', import.meta.url));

/** Options of {@link startCollector}. */
export interface CollectorOptions {
  /** Jaeger's OTLP/gRPC receiver, `host:port` (see `JaegerServer.otlpGrpcEndpoint`). */
  jaegerOtlpEndpoint: string;
  /** Base URL of the Langfuse-compatible ingest, as INTERACTIVEAI_HOST (`/api/public/otel/v1/traces` is appended). */
  ingestEndpoint: string;
  /** Key pair sent as HTTP Basic auth to the ingest. */
  ingestAuth: { publicKey: string; secretKey: string };
  /** Binary to run (default: `OTELCOL_BINARY_PATH`, else the Jaeger v2 build, which is a collector). */
  binary?: string;
  /** How long to wait for the health check (default 60 s). */
  startTimeoutMs?: number;
}

/** A running native OpenTelemetry Collector on loopback. */
export interface CollectorServer {
  /** OTLP/HTTP base URL, as for OTEL_EXPORTER_OTLP_ENDPOINT. */
  otlpHttpUrl: string;
  /** OTLP/gRPC `host:port`. */
  otlpGrpcEndpoint: string;
  /** The metrics pipeline's Prometheus endpoint (…/metrics). */
  prometheusUrl: string;
  /** The last lines the collector logged. */
  logs(): string;
  /** Stops the collector; its exporters flush their queues on the way down. */
  close(): Promise<void>;
}

/**
 * Runs `collector/native-collector.yaml` (OTLP in → memory_limiter → batch →
 * Jaeger over OTLP/gRPC and the ingest over OTLP/HTTP protobuf, gzip, Basic
 * auth, each with a sending queue and retries; metrics → a Prometheus
 * endpoint) on free 127.0.0.1 ports, and
 * waits until it is healthy.
 */
export async function startCollector(options: CollectorOptions): Promise<CollectorServer> {
  const binary = options.binary ?? collectorBinary();
  return retryOnPortClash(() => startOnce(binary, options));
}

async function startOnce(binary: string, options: CollectorOptions): Promise<CollectorServer> {
  const [grpc, http, health, metrics, prometheus] = await freePorts(5);
  const host = '127.0.0.1';
  const proc = spawnManaged('otel-collector', binary, ['--config', COLLECTOR_CONFIG], {
    ...process.env,
    COLLECTOR_LISTEN_HOST: host,
    COLLECTOR_OTLP_GRPC_PORT: String(grpc),
    COLLECTOR_OTLP_HTTP_PORT: String(http),
    COLLECTOR_HEALTH_PORT: String(health),
    COLLECTOR_METRICS_PORT: String(metrics),
    COLLECTOR_PROMETHEUS_PORT: String(prometheus),
    // The otlp (gRPC) exporter wants host:port; accept a URL too.
    JAEGER_OTLP_GRPC_ENDPOINT: options.jaegerOtlpEndpoint.replace(/^https?:\/\//, ''),
    INTERACTIVEAI_HOST: options.ingestEndpoint.replace(/\/+$/, ''),
    INTERACTIVEAI_PUBLIC_KEY: options.ingestAuth.publicKey,
    INTERACTIVEAI_SECRET_KEY: options.ingestAuth.secretKey,
  });
  await waitUntilHealthy(proc, `http://${host}:${health}/`, options.startTimeoutMs ?? 60_000);
  return {
    otlpHttpUrl: `http://${host}:${http}`,
    otlpGrpcEndpoint: `${host}:${grpc}`,
    prometheusUrl: `http://${host}:${prometheus}/metrics`,
    logs: () => proc.tail(),
    close: () => proc.stop(),
  };
}

/**
 * `OTELCOL_BINARY_PATH` (any collector with the components the config names,
 * e.g. otelcol-contrib), else the Jaeger v2 build: it is an OpenTelemetry
 * Collector with exactly those components, so one cold build serves both.
 */
function collectorBinary(): string {
  const explicit = process.env.OTELCOL_BINARY_PATH;
  if (!explicit) return nativeBinary('jaeger');
  try {
    accessSync(explicit, constants.X_OK);
  } catch {
    throw new Error(
      `cannot obtain the collector binary: OTELCOL_BINARY_PATH=${explicit} is not an executable file`,
    );
  }
  return explicit;
}
