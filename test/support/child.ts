// Child processes as the tests run them: output captured, exit awaited.
import { type ChildProcess, spawn } from 'node:child_process';

/** Variables that change a child's wiring (servers, destinations, model, privacy); tests set their own. */
const WIRING = /^(TEMPORAL_|OTEL_|OPENAI_|OPENINFERENCE_|INTERACTIVEAI_|LANGFUSE_)/;

/** This process's environment without the wiring variables, the agents SDK's own tracing off, `env` on top. */
export function childEnv(env: Record<string, string> = {}): Record<string, string> {
  const inherited = Object.entries(process.env).filter(
    (entry): entry is [string, string] => entry[1] !== undefined && !WIRING.test(entry[0]),
  );
  return { ...Object.fromEntries(inherited), OPENAI_AGENTS_DISABLE_TRACING: '1', ...env };
}

/** A running child with its output so far and its exit code (null when a signal ended it). */
export interface CapturedProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
  stdout(): string;
  stderr(): string;
  /** stdout and stderr interleaved as they arrived. */
  output(): string;
}

/** Starts `command` with no stdin, capturing stdout and stderr. */
export function spawnCaptured(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): CapturedProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let output = '';
  child.stdout!.on('data', (d: Buffer) => ((stdout += d), (output += d)));
  child.stderr!.on('data', (d: Buffer) => ((stderr += d), (output += d)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, stdout: () => stdout, stderr: () => stderr, output: () => output };
}

/** Resolves once the child has printed `text`; rejects if it exits first or `timeoutMs` passes. */
export async function waitForOutput(proc: CapturedProcess, text: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!proc.output().includes(text)) {
    if (proc.child.exitCode !== null) throw new Error(`exited before "${text}":\n${proc.output()}`);
    if (Date.now() > deadline) throw new Error(`no "${text}" in ${timeoutMs} ms:\n${proc.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
