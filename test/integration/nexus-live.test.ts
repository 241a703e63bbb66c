// A workflow calling Nexus operations, traced live on the real dev server: the
// caller's StartNexusOperation span, the handler's span under it (its context
// travels in the Nexus headers), and the workflow a handler starts, all in the
// caller's trace.
import { fileURLToPath } from 'node:url';
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

describe('Nexus operations, live', () => {
  it("put the operation, its handler and the handler's workflow in the caller's trace", async () => {
    const { h, taskQueue } = suite;
    const endpoint = `${taskQueue}-endpoint`.replace(/[^A-Za-z0-9_-]/g, '-');
    await h.client.connection.operatorService.createNexusEndpoint({
      spec: { name: endpoint, target: { worker: { namespace: 'default', taskQueue } } },
    });
    const workflowId = `${taskQueue}-caller`;
    const result = await h.client.workflow.execute('nexusCallerWorkflow', {
      taskQueue,
      workflowId,
      args: [endpoint],
    });
    expect(result).toBe('found agents / researched temporal');

    const spans = await until('the caller trace with the handler workflow', async () => {
      const all = await h.spans();
      const run = all.find(
        (s) =>
          s.name === 'RunWorkflow:nexusCallerWorkflow' && s.attributes['temporal.workflow.id'] === workflowId,
      );
      if (!run) return undefined;
      const trace = spansOfTrace(all, run.spanContext().traceId);
      return trace.some((s) => s.name === 'RunWorkflow:nexusHandlerWorkflow') &&
        trace.some((s) => s.name === 'RunActivity:echo')
        ? trace
        : undefined;
    });
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
});
