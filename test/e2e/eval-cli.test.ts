// `npm run eval`'s script as a process: the bundled dataset through the
// research agent on the suite's Temporal server, exporting over OTLP. It must
// print every case and scorer, and the traces it exported must hold one trace
// for the eval and one per case.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { childEnv, spawnCaptured } from '../support/child.js';
import { type OtlpReceiver, startOtlpReceiver } from '../../devtools/otlp-receiver.js';
import { uniqueQueue } from '../support/harness.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DATASET = JSON.parse(
  readFileSync(new URL('../../examples/evals/research-dataset.json', import.meta.url), 'utf8'),
) as {
  cases: { id: string }[];
};
let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(() => receiver?.close());

it('runs the bundled dataset, prints the results table, and exports one trace per case plus the eval’s', async () => {
  const child = spawnCaptured(
    process.execPath,
    ['--import', 'tsx', 'examples/evals/run-eval.ts', '--concurrency', '2'],
    {
      cwd: ROOT,
      env: childEnv({
        TEMPORAL_ADDRESS: inject('temporalAddress'),
        TEMPORAL_TASK_QUEUE: uniqueQueue('eval-cli'),
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      }),
    },
  );
  const code = await child.exited;
  const output = child.output();
  expect(code, output).toBe(0);
  expect(output).toMatch(/overall score \d\.\d{3}, \d+ passed, \d+ failed of 6/);
  for (const name of ['report_shape', 'on_topic', 'latency', 'cost', 'judge'])
    expect(output).toMatch(new RegExp(`^${name}\\s+\\d\\.\\d{3}`, 'm'));
  for (const c of DATASET.cases) expect(output).toMatch(new RegExp(`^${c.id}\\s+(passed|failed)`, 'm'));
  const spans = receiver.spans();
  const evalRun = spans.filter((s) => s.name === 'RunWorkflow:evalRunWorkflow');
  expect(evalRun).toHaveLength(1);
  const caseRuns = spans.filter((s) => s.name === 'RunWorkflow:agentRunWorkflow');
  expect(caseRuns).toHaveLength(6);
  expect(new Set([...caseRuns, ...evalRun].map((s) => s.traceId)).size).toBe(7);
  for (const run of caseRuns) {
    const evaluators = spans.filter(
      (s) => s.traceId === run.traceId && s.attributes['openinference.span.kind'] === 'EVALUATOR',
    );
    expect(evaluators.map((s) => s.attributes['eval.name']).sort()).toEqual([
      'cost',
      'judge',
      'latency',
      'on_topic',
      'report_shape',
    ]);
  }
});
