// The benchmark's tallies of what the OTLP receiver (devtools/otlp-receiver.ts,
// the one the tests use) decodes. Each mode exports to its own path
// (`/<sink>/v1/traces`), so one server keeps the modes apart. Per sink it
// keeps: spans per trace id, the arrival time of the last span of each trace,
// which trace belongs to which workflow id, and duplicates (a span id
// received twice). Undecodable requests are answered 400 and counted by the
// exporting child as failed exports.
import { type ReceivedRequest, type ReceivedSpan, startOtlpReceiver } from '../devtools/otlp-receiver.js';

/** What one sink (one mode run) received. */
export interface SinkTally {
  spans: number;
  requests: number;
  bytes: number;
  duplicates: number;
  /** Requests answered with an error (undecodable or of an unknown content type). */
  decodeErrors: number;
  /** Spans per trace id. */
  perTrace: Map<string, number>;
  /** Wall-clock ms at which the latest span of each trace arrived. */
  lastArrival: Map<string, number>;
  /** Workflow id → trace id, from the spans that carry a workflow id. */
  traceOfWorkflow: Map<string, string>;
  /** Every span id received (for duplicate detection). */
  spanIds: Set<string>;
  /** Spans per name prefix (`RunWorkflow`, `agent`, `OpenAI`, …), for the doc. */
  byKind: Map<string, number>;
}

export interface BenchReceiver {
  /** Base URL; a sink's traces URL is `${url}/${sink}/v1/traces`. */
  url: string;
  tracesUrl(sink: string): string;
  tally(sink: string): SinkTally;
  close(): Promise<void>;
}

function emptyTally(): SinkTally {
  return {
    spans: 0,
    requests: 0,
    bytes: 0,
    duplicates: 0,
    decodeErrors: 0,
    perTrace: new Map(),
    lastArrival: new Map(),
    traceOfWorkflow: new Map(),
    spanIds: new Set(),
    byKind: new Map(),
  };
}

function kindOf(name: string): string {
  const cut = name.search(/[: ]/);
  return cut > 0 ? name.slice(0, cut) : name;
}

/** Attribute keys under which the compared setups record the workflow id. */
const WORKFLOW_ID_KEYS = ['temporal.workflow.id', 'temporalWorkflowId', 'temporalWorkflowID', 'workflowId'];

function workflowIdOf(span: ReceivedSpan): string | undefined {
  for (const key of WORKFLOW_ID_KEYS) {
    const value = span.attributes[key];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

/** Starts the receiver on a free loopback port. */
export async function startBenchReceiver(): Promise<BenchReceiver> {
  const sinks = new Map<string, SinkTally>();
  const tally = (sink: string): SinkTally => {
    let t = sinks.get(sink);
    if (!t) sinks.set(sink, (t = emptyTally()));
    return t;
  };

  const record = (request: ReceivedRequest, spans?: ReceivedSpan[]): void => {
    const now = Date.now();
    const t = tally(request.sink);
    t.requests++;
    t.bytes += request.decodedLength;
    if (!spans) {
      t.decodeErrors++;
      return;
    }
    for (const span of spans) {
      const key = `${span.traceId}/${span.spanId}`;
      if (t.spanIds.has(key)) {
        t.duplicates++;
        continue;
      }
      t.spanIds.add(key);
      t.spans++;
      t.perTrace.set(span.traceId, (t.perTrace.get(span.traceId) ?? 0) + 1);
      t.lastArrival.set(span.traceId, now);
      const kind = kindOf(span.name);
      t.byKind.set(kind, (t.byKind.get(kind) ?? 0) + 1);
      const workflowId = workflowIdOf(span);
      if (workflowId && !t.traceOfWorkflow.has(workflowId)) t.traceOfWorkflow.set(workflowId, span.traceId);
    }
  };

  const receiver = await startOtlpReceiver({ keep: false, onRequest: record });
  return {
    url: receiver.url,
    tracesUrl: receiver.sinkUrl,
    tally,
    close: () => receiver.close(),
  };
}
