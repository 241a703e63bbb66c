import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePorts, retryOnPortClash, spawnManaged, waitUntilHealthy } from './managed-process.js';

const SETUP_SCRIPT = fileURLToPath(new URL('../scripts/setup-phoenix.sh', import.meta.url));

/** Options of {@link startPhoenix}. */
export interface PhoenixOptions {
  /** `phoenix` executable to run (default: the cached virtualenv of `scripts/setup-phoenix.sh`). */
  binary?: string;
  /** How long to wait for `/readyz` (default 120 s: the first start migrates a fresh SQLite database). */
  startTimeoutMs?: number;
}

/** A running Arize Phoenix server on loopback, with its own throw-away database. */
export interface PhoenixServer {
  /** UI, REST (`/v1/...`) and GraphQL (`/graphql`) base URL. */
  baseUrl: string;
  /** OTLP/HTTP (protobuf) traces URL, as for OTEL_EXPORTER_OTLP_TRACES_ENDPOINT. */
  otlpHttpUrl: string;
  /** OTLP/gRPC `host:port`. */
  otlpGrpcEndpoint: string;
  /** PHOENIX_WORKING_DIR (SQLite database); removed by `close()`. */
  workingDir: string;
  /** The last lines Phoenix logged. */
  logs(): string;
  /** Stops Phoenix and removes its working directory. Idempotent. */
  close(): Promise<void>;
}

/**
 * Path of the `phoenix` executable: PHOENIX_BINARY_PATH, else the pinned
 * `arize-phoenix` virtualenv in the cache, installed from PyPI on first use
 * (a few minutes). Throws with the setup script's error line.
 */
export function phoenixBinary(): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      [SETUP_SCRIPT],
      { encoding: 'utf8', timeout: 20 * 60_000, maxBuffer: 1 << 20 },
      (err, stdout, stderr) => {
        if (!err) return resolve(stdout.trim());
        const reason = stderr.trim().split('\n').pop() || err.message;
        reject(new Error(`cannot obtain Arize Phoenix (scripts/setup-phoenix.sh): ${reason}`));
      },
    );
  });
}

/**
 * Starts `phoenix serve` on free 127.0.0.1 ports (HTTP and gRPC) with a fresh
 * temporary working directory, Phoenix's own telemetry and external requests
 * off, and its agent assistant and MCP server disabled; waits until `/readyz`
 * answers (database reachable). Throws with the reason when Phoenix cannot be
 * installed, and with its output when it does not start.
 */
export async function startPhoenix(options: PhoenixOptions = {}): Promise<PhoenixServer> {
  const binary = options.binary ?? (await phoenixBinary());
  return retryOnPortClash(() => startOnce(binary, options.startTimeoutMs ?? 120_000));
}

async function startOnce(binary: string, timeoutMs: number): Promise<PhoenixServer> {
  const [http, grpc] = await freePorts(2);
  const host = '127.0.0.1';
  const workingDir = await mkdtemp(join(tmpdir(), 'phoenix-'));
  const proc = spawnManaged('phoenix', binary, ['serve'], {
    ...withoutPhoenixVars(process.env),
    PYTHONUNBUFFERED: '1',
    PHOENIX_HOST: host,
    PHOENIX_PORT: String(http),
    PHOENIX_GRPC_PORT: String(grpc),
    PHOENIX_WORKING_DIR: workingDir,
    PHOENIX_TELEMETRY_ENABLED: 'false',
    PHOENIX_ALLOW_EXTERNAL_RESOURCES: 'false',
    PHOENIX_DISABLE_AGENT_ASSISTANT: 'true',
    PHOENIX_AGENTS_DISABLE_BASH: 'true',
    PHOENIX_ENABLE_MCP_SERVER: 'false',
    PHOENIX_LOG_MIGRATIONS: 'false',
  });
  const baseUrl = `http://${host}:${http}`;
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await proc.stop();
      await rm(workingDir, { recursive: true, force: true });
    })());
  try {
    await waitUntilHealthy(proc, `${baseUrl}/readyz`, timeoutMs);
  } catch (err) {
    await close();
    throw err;
  }
  return {
    baseUrl,
    otlpHttpUrl: `${baseUrl}/v1/traces`,
    otlpGrpcEndpoint: `${host}:${grpc}`,
    workingDir,
    logs: () => proc.tail(),
    close,
  };
}

/** Inherited PHOENIX_* settings (a database URL, auth, a root path) must not reach the throw-away server. */
function withoutPhoenixVars(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith('PHOENIX_')));
}

/** One span from `GET /v1/projects/{project}/spans`. */
export interface PhoenixSpan {
  /** Phoenix's global id (for `?selectedSpanNodeId=` in the UI), not the OpenTelemetry span id. */
  id: string;
  name: string;
  context: { trace_id: string; span_id: string };
  /** `openinference.span.kind` (removed from `attributes`), or UNKNOWN. */
  span_kind: string;
  /** OpenTelemetry span id of the parent. */
  parent_id: string | null;
  start_time: string;
  end_time: string;
  status_code: string;
  /** Flattened: `llm.token_count.prompt`, `temporal.workflow.id`, ... */
  attributes: Record<string, unknown>;
}

/**
 * Polls Phoenix's REST API until the project holds at least `minSpans` spans
 * of the trace (ingestion is asynchronous), following cursor pages, and
 * returns them. On timeout the error says how many arrived.
 */
export async function getPhoenixSpans(
  baseUrl: string,
  project: string,
  traceId: string,
  { minSpans = 1, timeoutMs = 30_000 }: { minSpans?: number; timeoutMs?: number } = {},
): Promise<PhoenixSpan[]> {
  const deadline = Date.now() + timeoutMs;
  let seen = 0;
  let problem = 'none yet';
  for (;;) {
    try {
      const spans = await fetchAllSpans(baseUrl, project, traceId);
      if (spans.length >= minSpans) return spans;
      seen = spans.length;
      problem = `${seen} of ${minSpans} spans`;
    } catch (err) {
      problem = (err as Error).message;
    }
    if (Date.now() > deadline)
      throw new Error(
        `Phoenix at ${baseUrl}: trace ${traceId} in project "${project}" incomplete after ${timeoutMs} ms (${problem})`,
      );
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function fetchAllSpans(baseUrl: string, project: string, traceId: string): Promise<PhoenixSpan[]> {
  const spans: PhoenixSpan[] = [];
  let cursor: string | null = null;
  do {
    const url = new URL(`/v1/projects/${encodeURIComponent(project)}/spans`, baseUrl);
    url.searchParams.set('trace_id', traceId);
    url.searchParams.set('limit', '1000');
    if (cursor) url.searchParams.set('cursor', cursor);
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    // 404 until the first span of the project has been stored.
    if (!res.ok) throw new Error(`GET ${url.pathname} answered HTTP ${res.status}`);
    const page = (await res.json()) as { data: PhoenixSpan[]; next_cursor: string | null };
    spans.push(...page.data);
    cursor = page.next_cursor;
  } while (cursor);
  return spans;
}

/** Tokens and USD of one part of Phoenix's `SpanCostSummary` (null when Phoenix could not price). */
export interface PhoenixCostBreakdown {
  tokens: number | null;
  cost: number | null;
}

/** Phoenix's own cost of a trace, computed from token counts and its model price table. */
export interface PhoenixTraceCost {
  /** Phoenix's global id of the project holding the trace (for UI URLs). */
  projectId: string;
  prompt: PhoenixCostBreakdown;
  completion: PhoenixCostBreakdown;
  total: PhoenixCostBreakdown;
  /** Phoenix's total per span it priced, by OpenTelemetry span id (spans without token counts are absent). */
  spans: Map<string, PhoenixCostBreakdown>;
}

const TRACE_COST_QUERY = `query TraceCost($traceId: String!) {
  getTraceByOtelId(traceId: $traceId) {
    projectId
    costSummary { prompt { tokens cost } completion { tokens cost } total { tokens cost } }
    spans(first: 1000) { edges { node { spanId costSummary { total { tokens cost } } } } }
  }
}`;

type Summary = Record<'prompt' | 'completion' | 'total', PhoenixCostBreakdown>;
interface TraceCostAnswer {
  projectId: string;
  costSummary: Summary;
  spans: { edges: { node: { spanId: string; costSummary: Pick<Summary, 'total'> | null } }[] };
}

/**
 * Phoenix's computed cost of a trace (GraphQL `getTraceByOtelId { costSummary }`),
 * or undefined when Phoenix does not know the trace. Phoenix ignores the
 * `llm.cost.*` attributes we send, so this is an independent check of them.
 */
export async function getPhoenixTraceCost(
  baseUrl: string,
  traceId: string,
): Promise<PhoenixTraceCost | undefined> {
  const res = await fetch(new URL('/graphql', baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: TRACE_COST_QUERY, variables: { traceId } }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await res.json().catch(() => ({}))) as {
    data?: { getTraceByOtelId: TraceCostAnswer | null };
    errors?: { message: string }[];
  };
  if (!res.ok || body.errors?.length)
    throw new Error(
      `Phoenix GraphQL at ${baseUrl} failed (HTTP ${res.status}): ${body.errors?.map((e) => e.message).join('; ') ?? 'no body'}`,
    );
  const trace = body.data?.getTraceByOtelId;
  if (!trace) return undefined;
  const spans = new Map<string, PhoenixCostBreakdown>();
  for (const { node } of trace.spans.edges)
    if (node.costSummary) spans.set(node.spanId, node.costSummary.total);
  return { projectId: trace.projectId, ...trace.costSummary, spans };
}

/** The UI page of one trace: `/projects/{projectId}/traces/{traceId}`, optionally with a span selected. */
export function phoenixTraceUrl(
  baseUrl: string,
  projectId: string,
  traceId: string,
  spanGlobalId?: string,
): string {
  const url = new URL(`/projects/${encodeURIComponent(projectId)}/traces/${traceId}`, baseUrl);
  if (spanGlobalId) url.searchParams.set('selectedSpanNodeId', spanGlobalId);
  return url.href;
}
