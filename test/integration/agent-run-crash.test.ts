// A run waiting for a tool approval survives its worker's SIGKILL: a new
// worker takes the approval, the tool runs once, and the run keeps one trace
// with one HumanWait span and no duplicated span.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inject } from 'vitest';
import { AgentRunClient } from '../../src/runs.js';
import { type CrashRig, startCrashRig } from '../support/crash-run.js';
import { uniqueQueue } from '../support/harness.js';
import { until } from '../support/poll.js';
import { receivedDuplicates, receivedOrphans, serviceOf } from '../support/received-trace.js';
import { SERVICE_WORKER_MAIN, spawnResearchWorker } from '../support/worker-process.js';

let rig: CrashRig;
beforeAll(async () => {
  rig = await startCrashRig();
});
afterAll(() => rig?.close());

it('a run awaiting approval survives a worker SIGKILL and completes on the next worker with one trace', async () => {
  const taskQueue = uniqueQueue('approval-crash');
  const env = (n: number) => ({
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_TASK_QUEUE: taskQueue,
    OPENAI_BASE_URL: rig.model.url,
    OPENAI_API_KEY: 'offline-test-key',
    OTEL_EXPORTER_OTLP_ENDPOINT: rig.receiver.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_SERVICE_NAME: `agent-worker-${n}`,
  });
  const first = spawnResearchWorker(env(1), SERVICE_WORKER_MAIN);
  rig.workers.push(first);
  await first.ready;

  const runs = new AgentRunClient({ client: rig.client, taskQueue });
  const started = await runs.startAgentRun({
    projectId: 'crash',
    agentId: 'support',
    input: 'Refund order 9.',
  });
  await until(
    'awaiting approval',
    async () => (await runs.getAgentStatus(started.workflowId)).status === 'awaiting_approval',
  );
  // The first model call's spans reached the receiver before the kill, so a duplicate would show.
  await rig.receiver.waitFor((spans) =>
    spans.some((s) => serviceOf(s) === 'agent-worker-1' && s.name === 'OpenAI Responses'),
  );
  expect(await first.stop('SIGKILL')).toBe('SIGKILL');

  const second = spawnResearchWorker(env(2), SERVICE_WORKER_MAIN);
  rig.workers.push(second);
  await second.ready;
  const progress = await runs.getAgentProgress(started.workflowId);
  expect(progress.pendingApprovals.map((p) => p.toolName)).toEqual(['issueRefund']);
  await runs.approveAgent(started.workflowId, { approved: true, approver: 'on-call' });
  const result = await runs.waitForAgentResult(started.workflowId, { timeoutSeconds: 60 });
  expect(String(result.output)).toContain('Refunded order');
  expect(result.steps).toBe(2);
  expect(await second.stop('SIGTERM')).not.toBe('SIGKILL');
  await rig.telemetry.forceFlush();

  const history = await runs.getRunHistory(started.workflowId);
  const tools = history.events.filter(
    (e) => e.type === 'ActivityTaskScheduled' && e.detail === 'issueRefund',
  );
  expect(tools).toHaveLength(1);
  const trace = rig.receiver.spans().filter((s) => s.traceId === started.traceId);
  expect(receivedOrphans(trace).map((s) => s.name)).toEqual([]);
  expect(receivedDuplicates(trace)).toEqual([]);
  expect(trace.filter((s) => s.name === 'RunWorkflow:agentRunWorkflow')).toHaveLength(1);
  const waits = trace.filter((s) => s.name === 'HumanWait:approval');
  expect(waits).toHaveLength(1);
  expect(waits[0]!.attributes['human.decider']).toBe('on-call');
  expect(
    trace
      .filter((s) => s.name === 'OpenAI Responses')
      .map(serviceOf)
      .sort(),
  ).toEqual(['agent-worker-1', 'agent-worker-2']);
});
