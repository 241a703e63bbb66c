// The README's first command, as a process: `npm run demo`'s script with a
// question, exporting over OTLP with the hiding switches on. The run must be
// one trace (its progress polls make none of their own), and no exported span
// may carry the question.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type OtlpReceiver, startOtlpReceiver } from '../support/otlp-receiver.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MARKER = 'Quokkaland';
let receiver: OtlpReceiver;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(() => receiver?.close());

function runDemo(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(TEMPORAL_|OTEL_|OPENAI_|OPENINFERENCE_|INTERACTIVEAI_|LANGFUSE_)/.test(k),
    ),
  );
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'examples/research/demo.ts', `Why do ${MARKER} agents need durable runs?`],
    {
      cwd: ROOT,
      env: { ...inherited, OPENAI_AGENTS_DISABLE_TRACING: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d));
  child.stderr.on('data', (d: Buffer) => (output += d));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
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
    expect(spans.filter((s) => s.name.startsWith('QueryWorkflow:')).map((s) => s.name)).toEqual([]);
    expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set([runs[0].traceId]));
    expect(
      spans.filter((s) => s.attributes['openinference.span.kind'] === 'LLM').length,
    ).toBeGreaterThanOrEqual(12);
    const leaks = spans.filter((s) => JSON.stringify(s.attributes).includes(MARKER)).map((s) => s.name);
    expect(leaks).toEqual([]);
  });
});
