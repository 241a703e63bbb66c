// The README's first command, as a process: `npm run demo`'s script with a
// question, exporting over OTLP with the hiding switches on. The run must be
// one trace (its progress polls make none of their own), and no exported span
// may carry the question.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { childEnv, spawnCaptured } from '../support/child.js';
import { type OtlpReceiver, startOtlpReceiver } from '../../devtools/otlp-receiver.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MARKER = 'Quokkaland';
let receiver: OtlpReceiver;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(() => receiver?.close());

async function runDemo(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const demo = spawnCaptured(
    process.execPath,
    ['--import', 'tsx', 'examples/research/demo.ts', `Why do ${MARKER} agents need durable runs?`],
    { cwd: ROOT, env: childEnv(env) },
  );
  return { code: await demo.exited, output: demo.output() };
}

describe('npm run demo', () => {
  it('exports its run as one trace, with no stray progress-query traces and no user text when hidden', async () => {
    const { code, output } = await runDemo({
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OPENINFERENCE_HIDE_INPUTS: 'true',
      OPENINFERENCE_HIDE_OUTPUTS: 'true',
    });
    expect(code, output).toBe(0);
    expect(output).toContain('RunWorkflow:ResearchWorkflow');
    // The demo flushes before it exits: everything has arrived.
    const spans = receiver.spans();
    const runs = spans.filter((s) => s.name === 'RunWorkflow:ResearchWorkflow');
    expect(runs).toHaveLength(1);
    // The demo's worker reads the run's history for its workflow tasks' queue wait, shown in the time line.
    expect(runs[0].attributes['temporal.workflow_task.queue_wait_ms']).toEqual(expect.any(Number));
    expect(output).toMatch(/workflow tasks queued \d+\.\d\d s/);
    expect(spans.filter((s) => s.name.startsWith('QueryWorkflow:')).map((s) => s.name)).toEqual([]);
    expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set([runs[0].traceId]));
    expect(
      spans.filter((s) => s.attributes['openinference.span.kind'] === 'LLM').length,
    ).toBeGreaterThanOrEqual(12);
    const leaks = spans.filter((s) => JSON.stringify(s.attributes).includes(MARKER)).map((s) => s.name);
    expect(leaks).toEqual([]);
  });
});
