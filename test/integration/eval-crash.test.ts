// An eval whose worker is SIGKILLed mid-run finishes on the next worker with
// no finished case run again and no score duplicated.
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { AgentRunClient, type EvalProgress } from '../../src/runs.js';
import { type CrashRig, startCrashRig } from '../support/crash-run.js';
import { uniqueQueue } from '../support/harness.js';
import { type IngestReceiver, startIngestReceiver } from '../support/ingest-receiver.js';
import { until } from '../support/poll.js';
import { SERVICE_WORKER_MAIN, spawnResearchWorker } from '../support/worker-process.js';

let rig: CrashRig;
let ingest: IngestReceiver;
beforeAll(async () => {
  rig = await startCrashRig();
  ingest = await startIngestReceiver();
});
afterAll(async () => {
  await rig?.close();
  await ingest?.close();
});

it('a SIGKILL mid-eval loses no finished case and duplicates no score', async () => {
  const taskQueue = uniqueQueue('eval-crash');
  const env = (n: number) => ({
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_TASK_QUEUE: taskQueue,
    OPENAI_BASE_URL: rig.model.url,
    OPENAI_API_KEY: 'offline-test-key',
    OTEL_EXPORTER_OTLP_ENDPOINT: rig.receiver.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_SERVICE_NAME: `eval-worker-${n}`,
    INTERACTIVEAI_PUBLIC_KEY: 'pk-crash',
    INTERACTIVEAI_SECRET_KEY: 'sk-crash-0123456789',
    INTERACTIVEAI_HOST: ingest.url,
  });
  const first = spawnResearchWorker(env(1), SERVICE_WORKER_MAIN);
  rig.workers.push(first);
  await first.ready;

  const runs = new AgentRunClient({ client: rig.client, taskQueue });
  const cases = Array.from({ length: 6 }, (_, i) => ({ id: `c${i + 1}`, input: `Look up order ${i + 1}.` }));
  const { workflowId } = await runs.startEvalRun({
    projectId: 'crash',
    agentId: 'support',
    tools: ['lookupOrder'],
    dataset: cases,
    scorers: [{ type: 'contains', value: 'order' }],
    concurrency: 2,
  });
  const atKill = await until(
    'two cases finished',
    async () => {
      const p: EvalProgress | undefined = await runs.getEvalProgress(workflowId).catch(() => undefined);
      return p && p.completed >= 2 && p.completed < 6 ? p : undefined;
    },
    60_000,
    25,
  );
  expect(await first.stop('SIGKILL')).toBe('SIGKILL');
  const second = spawnResearchWorker(env(2), SERVICE_WORKER_MAIN);
  rig.workers.push(second);
  const results = await runs.getEvalResults(workflowId, { timeoutSeconds: 120 });
  expect(results.total).toBe(6);
  expect(results.cases.every((c) => c.status === 'passed')).toBe(true);

  // Finished cases kept their runs; every case ran exactly once.
  for (const done of atKill.cases.filter((c) => c.status === 'passed'))
    expect(results.cases.find((c) => c.id === done.id)!.runId).toBe(done.runId);
  const history = await rig.client.workflow.getHandle(workflowId).fetchHistory();
  const started = (history.events ?? [])
    .map((e) => e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId)
    .filter(Boolean);
  expect(started.sort()).toEqual(results.cases.map((c) => c.workflowId).sort());

  // One score per case: a push retried after the kill carries the same id.
  const pushes = await until('six scores', () => {
    const bodies = ingest.requests
      .filter((r) => r.path === '/api/public/scores')
      .map((r) => JSON.parse(r.body.toString()) as { id: string; value: number });
    return new Set(bodies.map((b) => b.id)).size >= 6 ? bodies : undefined;
  });
  const byId = new Map<string, number[]>();
  for (const b of pushes) byId.set(b.id, [...(byId.get(b.id) ?? []), b.value]);
  expect(byId.size).toBe(6);
  for (const values of byId.values()) expect(new Set(values).size).toBe(1);
  expect(await second.stop('SIGTERM')).not.toBe('SIGKILL');
  await rig.telemetry.forceFlush();
  const evalRuns = rig.receiver.spans().filter((s) => s.name === 'RunWorkflow:evalRunWorkflow');
  expect(evalRuns).toHaveLength(1);
});
