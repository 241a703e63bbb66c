// Nexus operations in traces rebuilt from history, from histories recorded on
// a dev server by a Go caller and handler (test/go/nexus, go.temporal.io/sdk
// 1.37.0): a synchronous operation, an asynchronous one backed by a handler
// workflow, and one whose handler failed. The exporter test serves those two
// recorded histories through a stand-in for the client's history reads (the
// only part of a server the exporter touches here), so no Go build is needed.
// A cancel request comes from a history recorded by integration/nexus-live's
// cancelling caller (TypeScript SDK 1.24.0; RECORD_NEXUS_CANCEL_HISTORY=<file>
// when running that test records it again).
import { readFileSync } from 'node:fs';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { describe, expect, it } from 'vitest';
import { buildRunTrace } from '../../src/history/build-trace.js';
import { HistoryExporter } from '../../src/history/history-exporter.js';
import { KNOWN_MODEL_ACTIVITIES } from '../../src/history/known-model-activities.js';
import { readPayloadValues } from '../../src/history/payload-values.js';
import { readRunHistory } from '../../src/history/read-events.js';
import { historyTraceId } from '../../src/history/span-ids.js';
import { keepingTarget, servingClient } from '../support/history-json.js';
import { orphans } from '../support/spans.js';

const recorded = JSON.parse(
  readFileSync(new URL('../fixtures/histories/go-nexus-sdk-1.37.0.json', import.meta.url), 'utf8'),
) as { caller: { events: any[] }; handler: { events: any[] } };
const caller = readRunHistory(historyFromJSON(recorded.caller), 'default');
const handler = readRunHistory(historyFromJSON(recorded.handler), 'default');

async function rebuild(run: typeof caller) {
  return buildRunTrace(run, {
    traceId: historyTraceId('default', run),
    values: await readPayloadValues(run, { read: true }),
    modelReaderFor: (type) => KNOWN_MODEL_ACTIVITIES[type],
    isToolActivity: () => false,
  });
}

describe('Nexus operations rebuilt from history (Go SDK 1.37.0)', () => {
  it('become StartNexusOperation spans with endpoint, service, operation, payloads and outcome', async () => {
    const { spans } = await rebuild(caller);
    const nexus = spans.filter((s) => s.name.startsWith('StartNexusOperation:'));
    expect(nexus.map((s) => [s.name, s.attributes['temporal.outcome']])).toEqual([
      ['StartNexusOperation:orders/lookup', 'completed'],
      ['StartNexusOperation:orders/fulfil', 'completed'],
      ['StartNexusOperation:orders/reject', 'failed'],
    ]);
    const [lookup, fulfil, reject] = nexus;
    const root = spans.find((s) => s.name === 'RunWorkflow:CallerWorkflow')!;
    for (const s of nexus) {
      expect(s.parentSpanId).toBe(root.spanId);
      expect(s.kind).toBe(2);
      expect(s.attributes['temporal.nexus.endpoint']).toBe('go-nexus-endpoint');
      expect(s.attributes['temporal.nexus.service']).toBe('orders');
      expect(s.endTimeMs).toBeGreaterThanOrEqual(s.startTimeMs);
    }
    expect(lookup.attributes['input.value']).toBe('12');
    expect(lookup.attributes['output.value']).toBe('order 12: in stock');
    // Only the asynchronous operation is started, by a workflow history links to.
    expect(lookup.attributes['temporal.nexus.start_wait_ms']).toBeUndefined();
    expect(fulfil.attributes['temporal.nexus.start_wait_ms']).toBeGreaterThan(0);
    expect(fulfil.attributes['temporal.nexus.handler.workflow_id']).toBe(handler.workflowId);
    expect(fulfil.attributes['temporal.nexus.handler.run_id']).toBe(handler.runId);
    expect(fulfil.attributes['temporal.nexus.operation_token']).toEqual(expect.any(String));
    expect(fulfil.attributes['output.value']).toBe('packed 12; shipped');
    // The handler's own error, not the server's wrapping of it.
    expect(reject.status).toEqual({ code: 2, message: 'order 13 is on hold' });
    expect(reject.events[0]?.attributes?.['exception.type']).toBe('OrderOnHold');
    expect(orphans(spans.map(asReadable))).toEqual([]);
  });

  it('know a handler run by the caller its completion callback names', () => {
    expect(handler.nexusCaller).toEqual({
      namespace: 'default',
      workflowId: caller.workflowId,
      runId: caller.runId,
      scheduledEventId: caller.nexusOperations[1].scheduledEventId,
    });
    expect(caller.nexusCaller).toBeUndefined();
  });

  it('export a listed handler run inside its caller’s trace, under the operation’s span, once', async () => {
    const { spans: exported, target } = keepingTarget();
    const runs = [
      { workflowId: caller.workflowId, runId: caller.runId, events: recorded.caller.events },
      { workflowId: handler.workflowId, runId: handler.runId, events: recorded.handler.events },
    ];
    const exporter = new HistoryExporter({
      client: servingClient(runs, [...runs].reverse()),
      target,
      temporalUiUrl: '',
    });
    // The listing holds both runs, handler first: it must wait for its caller.
    const summary = await exporter.exportQuery('any');
    expect(summary.failed).toEqual([]);
    expect(summary.exported).toBe(2);
    // Listed on its own it is passed over, then exported with its caller.
    expect(summary.skipped).toEqual({ 'exported with its Nexus caller': 1 });
    const handlerRoot = exported.find((s) => s.name === 'RunWorkflow:HandlerWorkflow')!;
    const fulfil = exported.find((s) => s.name === 'StartNexusOperation:orders/fulfil')!;
    expect(exported.filter((s) => s.name === 'RunWorkflow:HandlerWorkflow')).toHaveLength(1);
    expect(handlerRoot.spanContext().traceId).toBe(fulfil.spanContext().traceId);
    expect(handlerRoot.parentSpanContext?.spanId).toBe(fulfil.spanContext().spanId);
    expect(exported.find((s) => s.name === 'StartActivity:Pack')?.spanContext().traceId).toBe(
      fulfil.spanContext().traceId,
    );
  });
});

function asReadable(s: { spanId: string; parentSpanId?: string; name: string }) {
  return {
    name: s.name,
    spanContext: () => ({ traceId: 't', spanId: s.spanId, traceFlags: 1 }),
    parentSpanContext: s.parentSpanId ? { traceId: 't', spanId: s.parentSpanId, traceFlags: 1 } : undefined,
  } as unknown as ReadableSpan;
}

describe('a Nexus cancel request rebuilt from history (TypeScript SDK 1.24.0)', () => {
  const json = () =>
    JSON.parse(
      readFileSync(new URL('../fixtures/histories/ts-nexus-cancel-sdk-1.24.0.json', import.meta.url), 'utf8'),
    ) as { events: Record<string, any>[] };
  const cancelling = readRunHistory(historyFromJSON(json()), 'default');

  it("becomes the handler's RunCancelNexusOperationHandler span, from the request to the answer", async () => {
    const op = cancelling.nexusOperations[0];
    expect(op.outcome).toBe('canceled');
    expect(op.cancelRequest?.answeredMs).toBeGreaterThanOrEqual(op.cancelRequest!.requestedMs);
    const { spans } = await rebuild(cancelling);
    const start = spans.find((s) => s.name === 'StartNexusOperation:research-lookup/slowResearch')!;
    const cancel = spans.find(
      (s) => s.name === 'RunCancelNexusOperationHandler:research-lookup/slowResearch',
    )!;
    expect(cancel.parentSpanId).toBe(start.spanId);
    expect(cancel.kind).toBe(1);
    expect([cancel.startTimeMs, cancel.endTimeMs]).toEqual([
      op.cancelRequest!.requestedMs,
      op.cancelRequest!.answeredMs,
    ]);
    expect(cancel.attributes).toMatchObject({
      'temporal.nexus.service': 'research-lookup',
      'temporal.nexus.operation': 'slowResearch',
      'temporal.nexus.operation_token': start.attributes['temporal.nexus.operation_token'],
      'temporal.outcome': 'completed',
    });
    expect(cancel.status.code).toBe(0);
    // The operation itself ends cancelled, after the handler answered.
    expect(start.attributes['temporal.outcome']).toBe('canceled');
    expect(start.endTimeMs).toBeGreaterThanOrEqual(cancel.endTimeMs);
    expect(orphans(spans.map(asReadable))).toEqual([]);
  });

  it('a refused cancel request ends with the handler’s error', async () => {
    // The same history with the handler's answer turned into a refusal, as the server records one.
    const edited = json();
    const answer = edited.events.find((e) => e.nexusOperationCancelRequestCompletedEventAttributes)!;
    const { requestedEventId, scheduledEventId } = answer.nexusOperationCancelRequestCompletedEventAttributes;
    delete answer.nexusOperationCancelRequestCompletedEventAttributes;
    answer.eventType = 'EVENT_TYPE_NEXUS_OPERATION_CANCEL_REQUEST_FAILED';
    answer.nexusOperationCancelRequestFailedEventAttributes = {
      requestedEventId,
      scheduledEventId,
      failure: {
        message: 'handler error',
        cause: { message: 'not cancellable now', applicationFailureInfo: { type: 'Busy' } },
      },
    };
    const { spans } = await rebuild(readRunHistory(historyFromJSON(edited), 'default'));
    const cancel = spans.find(
      (s) => s.name === 'RunCancelNexusOperationHandler:research-lookup/slowResearch',
    )!;
    expect(cancel.attributes['temporal.outcome']).toBe('failed');
    expect(cancel.status).toEqual({ code: 2, message: 'not cancellable now' });
    expect(cancel.events[0]?.attributes?.['exception.type']).toBe('Busy');
  });
});
