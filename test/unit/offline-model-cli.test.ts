import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../offline-model/cli.ts', import.meta.url));

function startCli(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--port', '0'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const firstLine = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      if (stdout.includes('\n')) resolve(stdout.split('\n')[0]);
    });
    void exited.then(() => reject(new Error(`cli exited early: ${stderr}`)));
  });
  // Marks the rejection handled for tests that expect the CLI to exit early.
  firstLine.catch(() => undefined);
  return { child, firstLine, exited, stderr: () => stderr };
}

describe('offline model CLI', () => {
  it('prints its URL, applies OFFLINE_MODEL_FAULTS and stops on SIGTERM', async () => {
    const cli = startCli({ OFFLINE_MODEL_FAULTS: '500x1', OFFLINE_MODEL_LATENCY_MS: '1' });
    const line = await cli.firstLine;
    const match =
      /^offline model listening on (http:\/\/127\.0\.0\.1:\d+\/v1) \(answers are synthetic, not from OpenAI\)$/.exec(
        line,
      );
    expect(match).not.toBeNull();
    const url = `${match![1]}/models`;
    expect((await fetch(url)).status).toBe(500);
    expect((await fetch(url)).status).toBe(200);
    cli.child.kill('SIGTERM');
    const [code] = await cli.exited;
    expect(code).toBe(0);
  });

  it('exits 1 with a one-line message on a bad fault spec', async () => {
    const cli = startCli({ OFFLINE_MODEL_FAULTS: '429x2@1,nonsense' });
    const [code] = await cli.exited;
    expect(code).toBe(1);
    expect(cli.stderr().trim()).toBe(
      'OFFLINE_MODEL_FAULTS: cannot parse "nonsense": expected e.g. 429x2@1, 500x1, malformedx1, latency=250, hangx1, holdx1',
    );
  });
});
