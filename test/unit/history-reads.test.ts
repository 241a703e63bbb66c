// Histories read through the client's RPC and decoded by the oneof-free copy
// of Temporal's types: the same values as Temporal's own decoder gives, every
// page, the request the client would have sent, its errors as they are.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Client, Connection } from '@temporalio/client';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import proto from '@temporalio/proto';
import type protobuf from 'protobufjs/light.js';
import { describe, expect, it } from 'vitest';
import { fetchRunHistory, historyTypes, withoutMessageOneofs } from '../../src/history/history-reads.js';

const service = proto.temporal.api.workflowservice.v1;
const stock = service.GetWorkflowExecutionHistoryResponse;
const FILES = new URL('../history_files/', import.meta.url);
const recorded = readdirSync(FILES).filter((f) => f.endsWith('.json'));
const historyOf = (file: string) => historyFromJSON(JSON.parse(readFileSync(new URL(file, FILES), 'utf8')));
// Every field, defaults included, in a form toEqual compares by value.
const plain = { longs: String, enums: String, bytes: String, defaults: true, arrays: true, objects: true };
/** Without null members: toObject lists a oneof's unset members only when there is no oneof. */
const unset = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(unset)
    : value && typeof value === 'object'
      ? Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (v === null ? [] : [[k, unset(v)]])))
      : value;

type Callback = (error: Error | null, response?: Uint8Array | null) => void;

/** A client whose workflow service answers GetWorkflowExecutionHistory with `pages`, one per call. */
function rpcClient(pages: proto.temporal.api.history.v1.IHistory[], fail?: Error) {
  const asked: Record<string, unknown>[] = [];
  const rpcImpl = (method: protobuf.Method, request: Uint8Array, callback: Callback) => {
    const req = service.GetWorkflowExecutionHistoryRequest.decode(request);
    asked.push({ method: method.name, ...service.GetWorkflowExecutionHistoryRequest.toObject(req, plain) });
    if (fail) return callback(fail);
    const i = asked.length - 1;
    const nextPageToken = i + 1 < pages.length ? Buffer.from(`page-${i + 1}`) : undefined;
    callback(null, stock.encode({ history: pages[i], nextPageToken }).finish());
  };
  const client = {
    options: { namespace: 'ns' },
    workflowService: { rpcImpl },
    workflow: { getHandle: () => ({ fetchHistory: () => Promise.reject(new Error('not this way')) }) },
  } as unknown as Client;
  return { client, asked };
}

describe('reading a history', () => {
  it.each(recorded)('decodes %s to the values Temporal decodes', (file) => {
    const wire = stock.encode({ history: historyOf(file) }).finish();
    const theirs = stock.decode(wire);
    const lean = historyTypes().response;
    const decoded = lean.decode(wire);
    const ours = decoded as unknown as typeof theirs;
    expect(ours.history!.events!.length).toBeGreaterThan(10);
    expect(unset(lean.toObject(decoded, plain))).toEqual(unset(stock.toObject(theirs, plain)));
    // Read as the history reader reads: an event's absent members are null in both.
    const members = (proto.temporal.api.history.v1.HistoryEvent as unknown as protobuf.Type).fieldsArray;
    ours.history!.events!.forEach((event, i) => {
      const present = (e: object) =>
        members.filter((f) => ((e as Record<string, unknown>)[f.name] ?? null) !== null).map((f) => f.name);
      expect(present(event)).toEqual(present(theirs.history!.events![i]));
      expect(present(event).length).toBeGreaterThan(2);
    });
  });

  it('keeps no oneof whose members are all messages, and the ones with a scalar member', () => {
    const oneofs: string[] = [];
    const seen = new Set<protobuf.ReflectionObject>();
    const visit = (t: protobuf.Type) => {
      if (seen.has(t)) return;
      seen.add(t);
      oneofs.push(...t.oneofsArray.map((o) => `${t.name}.${o.name}`));
      for (const f of t.fieldsArray)
        if (f.resolvedType && 'fieldsArray' in f.resolvedType) visit(f.resolvedType);
    };
    visit(historyTypes().response);
    expect(seen.size).toBeGreaterThan(50);
    expect(oneofs).toEqual(['VersioningOverride.override']);
  });

  it('copies types made by another copy of protobufjs, as npm nests one under each package', () => {
    // gRPC's loader brings protobufjs 7, not the 8 this repository and Temporal use.
    const require = createRequire(createRequire(import.meta.url).resolve('@grpc/proto-loader'));
    const other = require('protobufjs') as typeof protobuf & { version?: string };
    const root = other.Root.fromJSON({
      nested: {
        t: {
          nested: {
            Inner: { fields: { a: { type: 'string', id: 1 } } },
            Kind: { values: { NONE: 0, SOME: 1 } },
            Outer: {
              oneofs: { which: { oneof: ['i', 'j'] } },
              fields: {
                i: { type: 'Inner', id: 1 },
                j: { type: 'Inner', id: 2 },
                k: { type: 'Kind', id: 3 },
              },
            },
          },
        },
      },
    });
    const outer = root.lookupType('t.Outer');
    const copy = withoutMessageOneofs(outer);
    expect(copy).toBeInstanceOf(other.Type);
    expect(copy.oneofsArray).toEqual([]);
    const wire = outer.encode({ j: { a: 'x' }, k: 1 }).finish();
    expect(copy.toObject(copy.decode(wire), { enums: String })).toEqual({ j: { a: 'x' }, k: 'SOME' });
  });

  it('asks for every page through the client, with its namespace and the run', async () => {
    const [a, b] = ['llm-0.1.0.json', 'research-0.1.0.json'].map(historyOf);
    const { client, asked } = rpcClient([a, b]);
    const history = await fetchRunHistory(client, { workflowId: 'wf', runId: 'r1' });
    expect(history.events).toHaveLength(a.events!.length + b.events!.length);
    expect(asked.map((r) => [r.method, r.namespace, r.execution, r.nextPageToken])).toEqual([
      ['GetWorkflowExecutionHistory', 'ns', { workflowId: 'wf', runId: 'r1' }, ''],
      [
        'GetWorkflowExecutionHistory',
        'ns',
        { workflowId: 'wf', runId: 'r1' },
        Buffer.from('page-1').toString('base64'),
      ],
    ]);
  });

  it('passes the RPC error on as it is, so that a missing run reads as not found', async () => {
    const gone = Object.assign(new Error('5 NOT_FOUND: workflow not found'), { code: 5 });
    const { client } = rpcClient([], gone);
    await expect(fetchRunHistory(client, { workflowId: 'wf' })).rejects.toBe(gone);
  });

  it("takes the fast path with Temporal's own client: its service exposes the RPC", () => {
    const client = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    expect(typeof (client.workflowService as unknown as { rpcImpl?: unknown }).rpcImpl).toBe('function');
  });

  it('reads through fetchHistory when the client has no protobufjs service', async () => {
    const history = historyOf('llm-0.1.0.json');
    const client = {
      options: { namespace: 'ns' },
      workflowService: {},
      workflow: { getHandle: () => ({ fetchHistory: async () => history }) },
    } as unknown as Client;
    expect(await fetchRunHistory(client, { workflowId: 'wf' })).toBe(history);
  });
});
