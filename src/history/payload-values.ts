// Turns a run's payloads into values once, before the trace is built: codec
// first (one request per run), then Temporal's default payload converter.
// A payload that cannot be read becomes `undefined`; the export goes on.
import { defaultPayloadConverter } from '@temporalio/common';
import type { Payload } from '@temporalio/common/lib/proto-utils.js';
import { decodeRemotely, type RemoteCodecOptions } from './remote-codec.js';
import type { RunRecord } from './run-record.js';

/** Reads the values of payloads that belong to the run the reader was made for (the same array for the same list: do not change it). */
export type PayloadValues = (payloads: readonly Payload[] | undefined) => unknown[];

/** How payloads are read: not at all (timing and structure only), or decoded, maybe through a codec server. */
export interface PayloadOptions {
  /** False: export timing and structure only, never read a payload. */
  read: boolean;
  codec?: RemoteCodecOptions;
}

/** Every payload array of a run that the trace may show. */
function payloadArrays(run: RunRecord): Payload[][] {
  const arrays: Payload[][] = [run.input, run.result];
  for (const a of run.activities) {
    arrays.push(a.input, a.result);
    if (a.summary) arrays.push([a.summary]);
  }
  for (const m of run.messages) arrays.push(m.input);
  for (const op of run.nexusOperations) arrays.push(op.input, op.result);
  return arrays;
}

/** Decodes every payload of the run and returns a reader over the results. */
export async function readPayloadValues(run: RunRecord, options: PayloadOptions): Promise<PayloadValues> {
  if (!options.read) return (payloads) => (payloads ?? []).map(() => undefined);
  const all = payloadArrays(run).flat();
  const decoded = options.codec ? await decodeRemotely(all, run.namespace, options.codec) : all;
  const values = new Map<Payload, unknown>();
  all.forEach((original, i) => values.set(original, toValue(decoded[i])));
  // The trace reads each payload list several times (reader, spans, rollups): one array per list.
  const lists = new Map<readonly Payload[], unknown[]>();
  return (payloads) => {
    if (!payloads) return [];
    let list = lists.get(payloads);
    if (!list) lists.set(payloads, (list = payloads.map((p) => values.get(p))));
    return list;
  };
}

function toValue(payload: Payload): unknown {
  try {
    // Most payloads are JSON: Node's own UTF-8 decoder and JSON.parse read them
    // several times faster than the converter's portable decoder (it must run
    // in the workflow sandbox too), and a backfill reads every one of them.
    if (isPlainJson(payload)) return JSON.parse(view(payload.data!).toString('utf8'));
    return defaultPayloadConverter.fromPayload(payload);
  } catch {
    return undefined;
  }
}

const JSON_PLAIN = Buffer.from('json/plain');

function isPlainJson(payload: Payload): boolean {
  const encoding = payload.metadata?.encoding;
  return !!encoding && !!payload.data && view(encoding).equals(JSON_PLAIN);
}

/** The bytes as a Buffer, without copying them. */
const view = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
