// Runs started with no trace context (here by the Temporal CLI, as a schedule
// or an uninstrumented client would) get one sampling decision for the whole
// trace, the host sampler's, made deterministically from the run's trace id.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { nativeBinary } from '../../devtools/binaries.js';
import { traceIdRatioSampled } from '../../src/common/trace-id-ratio.js';
import { deterministicTraceId } from '../../src/workflow/ids.js';
import * as activities from '../fixtures/interop-activities.js';
import { useFixtureSuite } from '../support/fixture-suite.js';
import { until } from '../support/poll.js';

const workflowsPath = fileURLToPath(new URL('../fixtures/interop-workflows.ts', import.meta.url));
// A plain (not parent-based) trace-id ratio sampler: the one that used to
// drop a CLI run's activity spans while keeping its workflow spans.
const RATIO = 0.5;
const suite = useFixtureSuite(
  'root-sampling',
  { workflowsPath, activities },
  { env: { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: String(RATIO) } },
);

/** Starts a run with the Temporal CLI (no trace context) and waits for it to finish. */
async function startWithCli(workflowId: string): Promise<string> {
  const { h, taskQueue } = suite;
  const { stdout } = await promisify(execFile)(nativeBinary('temporal'), [
    'workflow',
    'execute',
    '--address',
    h.address,
    '--task-queue',
    taskQueue,
    '--type',
    'oneActivityWorkflow',
    '--workflow-id',
    workflowId,
    '--output',
    'json',
  ]);
  const handle = h.client.workflow.getHandle(workflowId);
  return (await handle.describe()).runId ?? JSON.parse(stdout).runId;
}

describe('runs started without a trace context', () => {
  it('are sampled whole or not at all, as the host sampler decides for their trace id', async () => {
    const { h, taskQueue } = suite;
    const runs: { workflowId: string; runId: string }[] = [];
    for (let i = 0; i < 16; i++) {
      const workflowId = `${taskQueue}-cli-${i}`;
      runs.push({ workflowId, runId: await startWithCli(workflowId) });
    }
    const sampledTraces = runs
      .map((r) => deterministicTraceId(r.runId))
      .filter((t) => traceIdRatioSampled(t, RATIO));
    // The last spans of a run leave the worker just after the run completes: wait for the sampled ones.
    const spans = await until('every sampled run exported', async () => {
      const all = await h.spans();
      const done = sampledTraces.every((t) =>
        all.some((s) => s.spanContext().traceId === t && s.name.startsWith('RunWorkflow:')),
      );
      return done && all;
    });
    const decisions = runs.map(({ workflowId, runId }) => {
      const traceId = deterministicTraceId(runId);
      const names = spans
        .filter((s) => s.spanContext().traceId === traceId)
        .map((s) => s.name)
        .sort();
      const sampled = traceIdRatioSampled(traceId, RATIO);
      const whole = ['RunActivity:echo', 'RunWorkflow:oneActivityWorkflow', 'StartActivity:echo'];
      expect(names, `${workflowId}: ${sampled ? 'sampled' : 'not sampled'}`).toEqual(sampled ? whole : []);
      return sampled;
    });
    // 16 runs at 0.5: both outcomes occur unless 1 in 32,768, so both paths were checked above.
    expect(new Set(decisions)).toEqual(new Set([true, false]));
  });
});
