// setupTelemetry's exit hooks, on a real process: with a ten-minute batch
// delay nothing is exported on a timer, so a span that arrives was flushed by
// the hook under test.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnv, spawnCaptured, waitForOutput } from '../support/child.js';
import { type OtlpReceiver, startOtlpReceiver } from '../../devtools/otlp-receiver.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(() => receiver?.close());

function run(mode: 'wait' | 'end') {
  return spawnCaptured(process.execPath, ['--import', 'tsx', 'test/fixtures/telemetry-exit.ts', mode], {
    cwd: ROOT,
    env: childEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '600000' }),
  });
}

describe('exit hooks', () => {
  it('SIGINT with no other listener flushes, shuts down and exits 130', async () => {
    const p = run('wait');
    await waitForOutput(p, 'ready', 30_000);
    p.child.kill('SIGINT');
    expect(await p.exited, p.output()).toBe(130);
    expect(receiver.spans().map((s) => s.name)).toContain('span before wait');
  });

  it('a process that runs out of work exports on beforeExit and exits 0', async () => {
    const p = run('end');
    expect(await p.exited, p.output()).toBe(0);
    expect(receiver.spans().map((s) => s.name)).toContain('span before end');
  });
});
