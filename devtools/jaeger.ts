import { fileURLToPath } from 'node:url';
import { nativeBinary } from './binaries.js';
import { freePorts, retryOnPortClash, spawnManaged, waitUntilHealthy } from './managed-process.js';

/** Jaeger with in-memory storage, every port taken from the environment. */
const JAEGER_CONFIG = fileURLToPath(new URL('../collector/native-jaeger.yaml', import.meta.url));

/** Options of {@link startJaeger}. */
export interface JaegerOptions {
  /** Binary to run instead of the cached build (default: `nativeBinary('jaeger')`). */
  binary?: string;
  /** How long to wait for the health check (default 60 s: the first start after a build is slow). */
  startTimeoutMs?: number;
}

/** A running native Jaeger v2 (all-in-one, memory storage) on loopback. */
export interface JaegerServer {
  /** OTLP/HTTP base URL, as for OTEL_EXPORTER_OTLP_ENDPOINT (`/v1/traces` is appended by senders). */
  otlpHttpUrl: string;
  /** OTLP/gRPC `host:port`, e.g. for a collector's otlp exporter. */
  otlpGrpcEndpoint: string;
  /** Query API and UI base URL (`/api/traces/{id}`). */
  queryUrl: string;
  /** The last lines Jaeger logged (warnings and errors only). */
  logs(): string;
  close(): Promise<void>;
}

/**
 * Starts the natively built Jaeger v2 with `collector/native-jaeger.yaml` on
 * free 127.0.0.1 ports (OTLP gRPC and HTTP, query HTTP and gRPC, health,
 * self-metrics), so it never clashes with a collector or another Jaeger, and
 * waits until it is healthy. Throws with the reason when the binary cannot be
 * built or found, and with Jaeger's output when it does not start.
 */
export async function startJaeger(options: JaegerOptions = {}): Promise<JaegerServer> {
  const binary = options.binary ?? nativeBinary('jaeger');
  return retryOnPortClash(() => startOnce(binary, options.startTimeoutMs ?? 60_000));
}

async function startOnce(binary: string, timeoutMs: number): Promise<JaegerServer> {
  const [grpc, http, query, queryGrpc, health, metrics] = await freePorts(6);
  const host = '127.0.0.1';
  const proc = spawnManaged('jaeger', binary, ['--config', JAEGER_CONFIG], {
    ...process.env,
    JAEGER_LISTEN_HOST: host,
    JAEGER_OTLP_GRPC_PORT: String(grpc),
    JAEGER_OTLP_HTTP_PORT: String(http),
    JAEGER_QUERY_HTTP_PORT: String(query),
    JAEGER_QUERY_GRPC_PORT: String(queryGrpc),
    JAEGER_HEALTH_PORT: String(health),
    JAEGER_METRICS_PORT: String(metrics),
  });
  await waitUntilHealthy(proc, `http://${host}:${health}/`, timeoutMs);
  return {
    otlpHttpUrl: `http://${host}:${http}`,
    otlpGrpcEndpoint: `${host}:${grpc}`,
    queryUrl: `http://${host}:${query}`,
    logs: () => proc.tail(),
    close: () => proc.stop(),
  };
}

/** A key/value on a span or process, as the Jaeger query API returns it. */
export interface JaegerTag {
  key: string;
  type: string;
  value: string | number | boolean;
}

/** One span from `GET /api/traces/{traceId}`. */
export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: { refType: 'CHILD_OF' | 'FOLLOWS_FROM'; traceID: string; spanID: string }[];
  /** Microseconds since the epoch. */
  startTime: number;
  /** Microseconds. */
  duration: number;
  tags: JaegerTag[];
  logs: { timestamp: number; fields: JaegerTag[] }[];
  processID: string;
}

/** One trace from `GET /api/traces/{traceId}`. */
export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string; tags: JaegerTag[] }>;
}

/** The value of a tag on a Jaeger span, or undefined. */
export function jaegerTag(span: JaegerSpan, key: string): JaegerTag['value'] | undefined {
  return span.tags.find((t) => t.key === key)?.value;
}

/** The span id of a span's parent (its CHILD_OF reference), or undefined for a root. */
export function jaegerParentId(span: JaegerSpan): string | undefined {
  return span.references.find((r) => r.refType === 'CHILD_OF')?.spanID;
}

/**
 * Polls `GET {queryUrl}/api/traces/{traceId}` until the trace has at least
 * `minSpans` spans (Jaeger's storage is only eventually visible), and returns
 * it. On timeout the error says how many spans were seen, and which.
 */
export async function getJaegerTrace(
  queryUrl: string,
  traceId: string,
  { minSpans = 1, timeoutMs = 30_000 }: { minSpans?: number; timeoutMs?: number } = {},
): Promise<JaegerTrace> {
  const url = `${queryUrl.replace(/\/+$/, '')}/api/traces/${traceId}`;
  const deadline = Date.now() + timeoutMs;
  let seen: JaegerTrace | undefined;
  let lastProblem = 'not found yet';
  for (;;) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      // 404 is the normal answer until the first span is stored.
      if (res.ok) {
        const body = (await res.json()) as { data?: JaegerTrace[] };
        seen = body.data?.[0];
        if (seen && seen.spans.length >= minSpans) return seen;
        lastProblem = `${seen?.spans.length ?? 0} of ${minSpans} spans`;
      } else {
        lastProblem = `HTTP ${res.status}`;
      }
    } catch (err) {
      lastProblem = (err as Error).message;
    }
    if (Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const names = seen?.spans.map((s) => s.operationName).join(', ') ?? 'none';
  throw new Error(
    `trace ${traceId} not complete in Jaeger after ${timeoutMs} ms: ${lastProblem} (spans seen: ${names})`,
  );
}
