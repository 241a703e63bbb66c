// The research worker (examples/research/worker.ts) as a child process, so a
// test can SIGKILL it the way a crashed host would die.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WORKER_MAIN = fileURLToPath(new URL('../../examples/research/worker.ts', import.meta.url));
/** The service worker (generic agent workflow and its registered agents). */
export const SERVICE_WORKER_MAIN = fileURLToPath(
  new URL('../../examples/service/worker.ts', import.meta.url),
);

export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Resolves when the worker printed its ready line (bundle built, about to poll). */
  readonly ready: Promise<void>;
  /** Resolves with the exit code or signal once the process is gone. */
  readonly exited: Promise<string>;
  /** stdout and stderr so far, for failure messages. */
  output(): string;
  /** Sends `signal` and waits for the exit; resolves at once when already gone. */
  stop(signal: NodeJS.Signals): Promise<string>;
}

/**
 * Starts `node --import tsx examples/research/worker.ts` directly (not via
 * npx, whose extra process would survive a SIGKILL of the wrapper). Variables
 * of the caller that would change the worker's wiring (TEMPORAL_*, OTEL_*,
 * OPENAI_*) are dropped; `env` sets them.
 */
export function spawnResearchWorker(env: Record<string, string>, main = WORKER_MAIN): WorkerProcess {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(TEMPORAL_|OTEL_|OPENAI_BASE_URL$|OPENAI_API_KEY$|INTERACTIVEAI_|LANGFUSE_)/.test(k),
    ),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    cwd: ROOT,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  let exitText: string | undefined;
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => {
      exitText = signal ?? `code ${code}`;
      resolve(exitText);
    });
  });
  const ready = new Promise<void>((resolve, reject) => {
    const onData = () => {
      if (out.includes('worker ready on task queue')) {
        child.stdout!.off('data', onData);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    void exited.then((how) => reject(new Error(`worker exited (${how}) before it was ready:\n${out}`)));
  });
  ready.catch(() => undefined);
  return {
    child,
    pid: child.pid!,
    ready,
    exited,
    output: () => out,
    stop(signal) {
      if (exitText === undefined) child.kill(signal);
      return exited;
    },
  };
}
