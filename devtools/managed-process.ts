import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';

/** How many bytes of a server's output are kept for error messages. */
const TAIL_BYTES = 16_384;

/** A native server started by {@link spawnManaged}. */
export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  /** Exit code or signal once the process has ended, else undefined. */
  readonly exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** The last lines the process wrote to stdout and stderr. */
  tail(maxLines?: number): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Spawns a long-running native server with its output captured into a
 * bounded buffer. The server runs in its own process group, and a one-line
 * shell watchdog holds a pipe from this process: when this process ends in any
 * way (including SIGTERM or SIGKILL from the test runner, which skip `exit`
 * handlers), the pipe closes and the watchdog stops the server, so no server
 * outlives the tests that started it.
 */
export function spawnManaged(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): ManagedProcess {
  const child = spawn(command, args, {
    env: withoutOtelSdkVars(env),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const capture = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.length > 2 * TAIL_BYTES) output = output.slice(-TAIL_BYTES);
  };
  child.stdout?.on('data', capture);
  child.stderr?.on('data', capture);

  let exited: ManagedProcess['exited'];
  let spawnError: Error | undefined;
  const gone = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    });
    child.once('error', (err) => {
      spawnError = err;
      exited ??= { code: null, signal: null };
      resolve();
    });
  });
  const watchdog = child.pid ? startWatchdog(child.pid) : undefined;
  // The server must not keep the test process alive on its own; the watchdog stops it at exit.
  child.unref();
  for (const stream of [child.stdout, child.stderr])
    (stream as unknown as { unref?: () => void } | null)?.unref?.();

  let stopping: Promise<void> | undefined;
  return {
    name,
    pid: child.pid ?? -1,
    get exited() {
      return exited;
    },
    tail(maxLines = 30) {
      const lines = output.slice(-TAIL_BYTES).trimEnd().split('\n');
      const text = lines.slice(-maxLines).join('\n');
      return spawnError ? `${spawnError.message}\n${text}` : text;
    },
    stop(graceMs = 10_000) {
      stopping ??= (async () => {
        if (!exited) {
          // Unreferenced, its exit event could not keep this process alive long enough to be seen.
          child.ref();
          signalGroup(child, 'SIGTERM');
          const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
          await gone;
          clearTimeout(timer);
        }
        // Its job is done; killing it is quicker than letting it see EOF and sleep.
        watchdog?.kill('SIGKILL');
      })();
      return stopping;
    },
  };
}

/**
 * Drops OTEL_* variables: the servers are Go programs with their own OTel SDK
 * (Jaeger's query service traces itself), and the test process's settings,
 * meant for this project's exporters, must not redirect them.
 */
function withoutOtelSdkVars(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith('OTEL_')));
}

/** Signals the server's whole process group (it was spawned detached, as its leader). */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (!child.pid) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * `read` returns only at EOF, i.e. once our end of its stdin is closed, which
 * the kernel does when this process dies. `kill -s SIG -- -PGID` is the
 * spelling that both dash and bash accept for a process group.
 */
function startWatchdog(pid: number): ChildProcess {
  const script =
    'read -r _; kill -s TERM -- -"$1" 2>/dev/null; sleep 5; kill -s KILL -- -"$1" 2>/dev/null; exit 0';
  const watchdog = spawn('/bin/sh', ['-c', script, 'watchdog', String(pid)], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  watchdog.unref();
  (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  watchdog.on('error', () => {});
  return watchdog;
}

/**
 * Polls `url` until it answers 2xx. Fails early, with the output tail, when the
 * process exits first; fails with the tail after `timeoutMs`. A process that
 * never became healthy is stopped before the error is thrown.
 */
export async function waitUntilHealthy(proc: ManagedProcess, url: string, timeoutMs = 30_000): Promise<void> {
  try {
    await pollHealth(proc, url, timeoutMs);
  } catch (err) {
    await proc.stop();
    throw err;
  }
}

async function pollHealth(proc: ManagedProcess, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (proc.exited) {
      const how = proc.exited.signal ?? `code ${proc.exited.code}`;
      throw new Error(
        `${proc.name} exited (${how}) before becoming healthy at ${url}. Output:\n${proc.tail()}`,
      );
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `${proc.name} not healthy at ${url} after ${timeoutMs} ms (${last}). Output:\n${proc.tail()}`,
  );
}

/**
 * `count` distinct free TCP ports on 127.0.0.1. All listeners are held open
 * until every port is chosen, so the kernel cannot hand out one twice.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
      });
    }
    return servers.map((s) => (s.address() as { port: number }).port);
  } finally {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  }
}

/** True when a start failure is a port taken between choosing and binding it (worth one retry). */
export function isPortClash(err: unknown): boolean {
  return /address already in use/i.test(String((err as Error)?.message ?? err));
}

/**
 * Runs `start` up to three times while it fails with a port clash: a port
 * found free can be taken by someone else before the server binds it.
 */
export async function retryOnPortClash<T>(start: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (err) {
      if (attempt >= 3 || !isPortClash(err)) throw err;
    }
  }
}
