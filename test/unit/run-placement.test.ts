// Where a rebuilt run goes, for each mix of trace contexts its history can carry.
import { describe, expect, it } from 'vitest';
import { placeRun } from '../../src/history/run-placement.js';
import type { RunRecord } from '../../src/history/run-record.js';
import { historyTraceId } from '../../src/history/span-ids.js';

const T_CLIENT = '11111111111111111111111111111111';
const T_WORKER = '22222222222222222222222222222222';
const header = (traceId: string, spanId: string, sampled: boolean) =>
  `00-${traceId}-${spanId}-${sampled ? '01' : '00'}`;
const run = (headers: { start?: string; worker?: string; byPlugin?: boolean }) =>
  ({
    workflowId: 'wf',
    runId: 'run',
    startTraceparent: headers.start,
    workerTraceparent: headers.worker,
    workerTracedByPlugin: headers.byPlugin,
  }) as RunRecord;

describe('placeRun', () => {
  it('skips a run its worker recorded, whatever else holds', () => {
    const r = run({
      worker: header(T_WORKER, 'aaaaaaaaaaaaaaaa', true),
      start: header(T_CLIENT, 'bbbbbbbbbbbbbbbb', true),
    });
    expect(placeRun(r, 'ns', { traceId: T_CLIENT, parentSpanId: 'cccccccccccccccc' }, {})).toEqual({
      skip: 'traced live by its worker',
      liveTrace: true,
    });
  });

  it('adds LLM spans to a live trace Temporal’s interceptors made, when told to; never to this plugin’s', () => {
    const stock = run({ worker: header(T_WORKER, 'aaaaaaaaaaaaaaaa', true), byPlugin: false });
    expect(placeRun(stock, 'ns', undefined, {})).toEqual({
      skip: 'traced live by its worker',
      liveTrace: true,
    });
    expect(placeRun(stock, 'ns', undefined, { workerTracedRuns: 'enrich' })).toEqual({ enrich: T_WORKER });
    const ours = run({ worker: header(T_WORKER, 'aaaaaaaaaaaaaaaa', true), byPlugin: true });
    expect(placeRun(ours, 'ns', undefined, { workerTracedRuns: 'enrich' })).toEqual({
      skip: 'traced live by its worker',
      liveTrace: true,
    });
    // Not recorded live: exported whole, as any unsampled run.
    const unsampled = run({ worker: header(T_WORKER, 'aaaaaaaaaaaaaaaa', false), byPlugin: false });
    expect(placeRun(unsampled, 'ns', undefined, { workerTracedRuns: 'enrich' })).toEqual({
      traceId: T_WORKER,
    });
  });

  it('puts a child under the span its parent run placed it at', () => {
    const r = run({ worker: header(T_WORKER, 'aaaaaaaaaaaaaaaa', false) });
    expect(
      placeRun(r, 'ns', { traceId: T_CLIENT, parentSpanId: 'cccccccccccccccc' }, { unsampledRuns: 'skip' }),
    ).toEqual({
      traceId: T_CLIENT,
      parent: { spanId: 'cccccccccccccccc', isRemote: false },
    });
  });

  it('joins a recording client under its span, or leaves the run out when told to', () => {
    const r = run({ start: header(T_CLIENT, 'bbbbbbbbbbbbbbbb', true) });
    expect(placeRun(r, 'ns', undefined, {})).toEqual({
      traceId: T_CLIENT,
      parent: { spanId: 'bbbbbbbbbbbbbbbb', isRemote: true },
    });
    expect(placeRun(r, 'ns', undefined, { tracedRuns: 'skip' })).toEqual({
      skip: 'started by a traced client',
    });
  });

  it('roots a run nobody recorded in the trace its links name: the client’s, else the worker’s', () => {
    const both = run({
      start: header(T_CLIENT, 'bbbbbbbbbbbbbbbb', false),
      worker: header(T_CLIENT, 'aaaaaaaaaaaaaaaa', false),
    });
    expect(placeRun(both, 'ns', undefined, {})).toEqual({ traceId: T_CLIENT });
    expect(
      placeRun(run({ worker: header(T_WORKER, 'aaaaaaaaaaaaaaaa', false) }), 'ns', undefined, {}),
    ).toEqual({
      traceId: T_WORKER,
    });
    expect(placeRun(both, 'ns', undefined, { unsampledRuns: 'skip' })).toEqual({ skip: 'not sampled live' });
  });

  it('gives a run with no trace context the trace derived from its identity', () => {
    const r = run({});
    expect(placeRun(r, 'ns', undefined, { unsampledRuns: 'skip', tracedRuns: 'skip' })).toEqual({
      traceId: historyTraceId('ns', r),
    });
  });
});
