// A workflow calling Nexus operations, traced live on the real dev server: the
// caller's StartNexusOperation span, the handler's span under it (its context
// travels in the Nexus headers), and the workflow a handler starts, all in the
// caller's trace.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { SpanKind } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import * as activities from '../fixtures/interop-activities.js';
import { lookupHandlers } from '../fixtures/nexus-handlers.js';
import { useFixtureSuite } from '../support/fixture-suite.js';
import { until } from '../support/poll.js';
import { duplicateIds, one, orphans, parentOf, spansOfTrace } from '../support/spans.js';

const workflowsPath = fileURLToPath(new URL('../fixtures/nexus-workflows.ts', import.meta.url));
const suite = useFixtureSuite('nexus', () => ({
  workflowsPath,
  activities,
  nexusServices: [lookupHandlers(`nexus-handler-${Date.now().toString(36)}`)],
}));

let endpointMade: Promise<string> | undefined;
/** The suite's Nexus endpoint, targeting its worker's task queue; made once. */
function endpointOf(): Promise<string> {
  const { h, taskQueue } = suite;
  const endpoint = `${taskQueue}-endpoint`.replace(/[^A-Za-z0-9_-]/g, '-');
  return (endpointMade ??= h.client.connection.operatorService
    .createNexusEndpoint({
      spec: { name: endpoint, target: { worker: { namespace: 'default', taskQueue } } },
    })
    .then(() => endpoint));
}

/** The spans of the trace of the caller run `workflowId`, once `ready` says it is complete. */
function callerTrace(type: string, workflowId: string, ready: (trace: ReadableSpan[]) => boolean) {
  return until(`the trace of ${type}`, async () => {
    const all = await suite.h.spans();
    const run = all.find(
      (s) => s.name === `RunWorkflow:${type}` && s.attributes['temporal.workflow.id'] === workflowId,
    );
    if (!run) return undefined;
    const trace = spansOfTrace(all, run.spanContext().traceId);
    return ready(trace) ? trace : undefined;
  });
}

describe('Nexus operations, live', () => {
  it("put the operation, its handler and the handler's workflow in the caller's trace", async () => {
    const { h, taskQueue } = suite;
    const endpoint = await endpointOf();
    const workflowId = `${taskQueue}-caller`;
    const result = await h.client.workflow.execute('nexusCallerWorkflow', {
      taskQueue,
      workflowId,
      args: [endpoint],
    });
    expect(result).toBe('found agents / researched temporal');

    const spans = await callerTrace(
      'nexusCallerWorkflow',
      workflowId,
      (trace) =>
        trace.some((s) => s.name === 'RunWorkflow:nexusHandlerWorkflow') &&
        trace.some((s) => s.name === 'RunActivity:echo'),
    );
    expect(orphans(spans).map((s) => s.name)).toEqual([]);
    expect(duplicateIds(spans)).toEqual([]);

    const caller = one(spans, 'RunWorkflow:nexusCallerWorkflow');
    const byName = (name: string) => one(spans, name);
    const kindOf = (s: ReadableSpan) => s.kind;
    for (const op of ['lookup', 'research']) {
      const start = byName(`StartNexusOperation:research-lookup/${op}`);
      expect(parentOf(spans, start)).toBe(caller);
      expect(kindOf(start)).toBe(SpanKind.CLIENT);
      expect(start.attributes).toMatchObject({
        'temporal.nexus.endpoint': endpoint,
        'temporal.nexus.service': 'research-lookup',
        'temporal.nexus.operation': op,
        'temporal.workflow.id': workflowId,
      });
      const handler = byName(`RunStartNexusOperationHandler:research-lookup/${op}`);
      expect(parentOf(spans, handler)).toBe(start);
      expect(kindOf(handler)).toBe(SpanKind.SERVER);
    }
    // The workflow-backed operation: its handler started the workflow, which runs under it,
    // and the caller's span lasts until that workflow's result came back.
    const research = byName('StartNexusOperation:research-lookup/research');
    const handler = byName('RunStartNexusOperationHandler:research-lookup/research');
    const startWorkflow = byName('StartWorkflow:nexusHandlerWorkflow');
    const handlerRun = byName('RunWorkflow:nexusHandlerWorkflow');
    expect(parentOf(spans, startWorkflow)).toBe(handler);
    expect(parentOf(spans, handlerRun)).toBe(startWorkflow);
    expect(parentOf(spans, parentOf(spans, byName('RunActivity:echo'))!)).toBe(handlerRun);
    expect(typeof research.attributes['temporal.nexus.operation_token']).toBe('string');
    expect(typeof handler.attributes['temporal.nexus.operation_token']).toBe('string');
    const ms = (t: [number, number]) => t[0] * 1e3 + t[1] / 1e6;
    expect(ms(research.endTime)).toBeGreaterThanOrEqual(ms(handlerRun.endTime));
  });

  it("puts the handler's cancel request under the operation it cancels", async () => {
    const { h, taskQueue } = suite;
    const endpoint = await endpointOf();
    const workflowId = `${taskQueue}-canceller`;
    const result = await h.client.workflow.execute('nexusCancellingCallerWorkflow', {
      taskQueue,
      workflowId,
      args: [endpoint],
    });
    expect(result).toBe('cancelled');
    // RECORD_NEXUS_CANCEL_HISTORY=<file> keeps this run's history, as test/fixtures/histories/ts-nexus-cancel-*.json was.
    const record = process.env.RECORD_NEXUS_CANCEL_HISTORY;
    if (record)
      writeFileSync(record, historyToJSON(await h.client.workflow.getHandle(workflowId).fetchHistory()));

    const cancelName = 'RunCancelNexusOperationHandler:research-lookup/slowResearch';
    const spans = await callerTrace(
      'nexusCancellingCallerWorkflow',
      workflowId,
      (trace) =>
        trace.some((s) => s.name === cancelName) &&
        trace.some((s) => s.name === 'RunWorkflow:nexusSlowHandlerWorkflow'),
    );
    expect(orphans(spans).map((s) => s.name)).toEqual([]);
    const start = one(spans, 'StartNexusOperation:research-lookup/slowResearch');
    const startHandler = one(spans, 'RunStartNexusOperationHandler:research-lookup/slowResearch');
    const cancel = one(spans, cancelName);
    expect(parentOf(spans, cancel)).toBe(start);
    expect(cancel.kind).toBe(SpanKind.SERVER);
    expect(cancel.attributes).toMatchObject({
      'temporal.nexus.service': 'research-lookup',
      'temporal.nexus.operation': 'slowResearch',
      'temporal.nexus.operation_token': startHandler.attributes['temporal.nexus.operation_token'],
    });
    expect(typeof cancel.attributes['temporal.nexus.operation_token']).toBe('string');
    // The caller's span ends with the cancellation, after the handler was asked to cancel.
    const ms = (t: [number, number]) => t[0] * 1e3 + t[1] / 1e6;
    expect(ms(start.endTime)).toBeGreaterThanOrEqual(ms(cancel.startTime));
    expect(start.status.code).toBe(2);
  });
});
