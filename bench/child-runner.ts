// Starts one mode's child process and talks to it. The child is
// `node --import tsx bench/child.ts` itself (no npx wrapper), so the pid the
// sampler reads is the process doing the work; for the Python peer (mode p)
// it is the virtualenv's python running bench/python/peer_worker.py, which
// gets the same commands as JSON lines on stdin and answers on stdout.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { PEER_MODE } from './mode.js';
import { processCpuMs, processMemoryMb, threadCpuMs } from './proc-sampler.js';
import type { ChildConfig, ChildDone, Command, MemoryProbe, Reply, Segment } from './protocol.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHILD_MAIN = fileURLToPath(new URL('./child.ts', import.meta.url));
const HEAP_PROBE = fileURLToPath(new URL('./thread-heap-probe.cjs', import.meta.url));
const PEER_MAIN = fileURLToPath(new URL('./python/peer_worker.py', import.meta.url));
const SETUP_PEER = fileURLToPath(new URL('../scripts/setup-python-peer.sh', import.meta.url));

/** Variables of the caller that would change a child's wiring. */
const DROPPED_ENV = /^(OTEL_|TEMPORAL_|OPENAI_|INTERACTIVEAI_|LANGFUSE_|OPENINFERENCE_)/;

export interface SpawnOptions {
  /** Directory for `--cpu-prof` output; no profile when undefined. */
  cpuProfileDir?: string;
  /** Give up on any one command after this long. */
  timeoutMs: number;
  /** The Python peer's interpreter ({@link peerPython}); needed for mode p. */
  python?: string;
}

/**
 * The Python peer's interpreter, in a virtualenv cached outside the repo that
 * scripts/setup-python-peer.sh builds on first use (a few minutes; progress on stderr).
 */
export function peerPython(): string {
  return execFileSync('bash', [SETUP_PEER], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}

/** A running child. Commands are answered in order. */
export interface ChildHandle {
  readonly config: ChildConfig;
  readonly pid: number;
  readonly startupMs: number;
  run(phase: number, round: number, k: number, count: number, idPrefix: string): Promise<Segment>;
  /** Memory after full collections, with `park` research workflows parked mid-run (0: at rest). */
  probeMemory(park: number, idPrefix: string): Promise<MemoryProbe>;
  /** Shuts the worker and telemetry down (flushing), and waits for the process to exit. */
  stop(): Promise<ChildDone>;
  /** Peak RSS over the life of the process (VmHWM), MB; read just before stopping. */
  lifetimePeakMb?: number;
  /** Lines the worker logged about a sink nobody registered. */
  unregisteredSinkLines: number;
  /** Package versions the child reported at startup (the Python peer does). */
  versions?: Record<string, string>;
  /** Kills the process if it is still running (after a failure). */
  kill(): void;
}

/** A spawned child, and the way commands reach it and replies come back. */
interface Channel {
  child: ChildProcess;
  send(command: Command): void;
  /** Calls `onReply` for each reply, `onOutput` with whatever else the child prints. */
  listen(onReply: (reply: Reply) => void, onOutput: (text: string) => void): void;
}

function spawnNodeChild(env: NodeJS.ProcessEnv, options: SpawnOptions): Channel {
  // --expose-gc only lets the child collect garbage when told to (memory probes after each pass);
  // the preload answers those probes in the workflow thread (Node runs --require in worker threads too).
  const nodeArgs = ['--import', 'tsx', '--expose-gc', '--require', HEAP_PROBE];
  if (options.cpuProfileDir) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`);
  const child = spawn(process.execPath, [...nodeArgs, CHILD_MAIN], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  return {
    child,
    send: (command) => child.send(command),
    listen(onReply, onOutput) {
      child.stdout!.on('data', (d: Buffer) => onOutput(d.toString()));
      child.stderr!.on('data', (d: Buffer) => onOutput(d.toString()));
      child.on('message', onReply);
    },
  };
}

function spawnPeerChild(env: NodeJS.ProcessEnv, python: string): Channel {
  // Python's default, bytecode cached after the first import, even where PYTHONDONTWRITEBYTECODE
  // is set: the workflow sandbox re-imports the workflow module for every run, which would
  // otherwise compile it from source each time. The cache goes into the virtualenv, not the repo.
  const { PYTHONDONTWRITEBYTECODE: _, ...inherited } = env;
  const child = spawn(python, [PEER_MAIN], {
    cwd: ROOT,
    env: { ...inherited, PYTHONPYCACHEPREFIX: join(dirname(dirname(python)), 'pycache') },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // A write after the process ended fails here; the 'exit' handler reports why it ended.
  child.stdin!.on('error', () => undefined);
  return {
    child,
    send: (command) => child.stdin!.write(JSON.stringify(command) + '\n'),
    listen(onReply, onOutput) {
      child.stderr!.on('data', (d: Buffer) => onOutput(d.toString()));
      // The peer sends everything but its replies to stderr; anything else is kept as output.
      createInterface({ input: child.stdout! }).on('line', (line) => {
        let reply: Reply | undefined;
        try {
          reply = JSON.parse(line) as Reply;
        } catch {
          return onOutput(line + '\n');
        }
        onReply(reply);
      });
    },
  };
}

export async function startChild(config: ChildConfig, options: SpawnOptions): Promise<ChildHandle> {
  const env = {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !DROPPED_ENV.test(k))),
    BENCH_CHILD_CONFIG: JSON.stringify(config),
  };
  let channel: Channel;
  if (config.mode !== PEER_MODE) channel = spawnNodeChild(env, options);
  else if (options.python) channel = spawnPeerChild(env, options.python);
  else throw new Error('mode p: no Python interpreter given (peerPython())');
  const { child } = channel;
  let tail = '';
  let exited: string | undefined;
  const waiting: { resolve: (r: Reply) => void; reject: (e: Error) => void }[] = [];
  const fail = (why: string) => {
    const error = new Error(`mode ${config.mode}: ${why}\n${tail.split('\n').slice(-40).join('\n')}`);
    for (const w of waiting.splice(0)) w.reject(error);
  };
  const handle = {
    config,
    pid: child.pid!,
    startupMs: 0,
    unregisteredSinkLines: 0,
    lifetimePeakMb: undefined as number | undefined,
    versions: undefined as Record<string, string> | undefined,
  };
  const onOutput = (text: string) => {
    handle.unregisteredSinkLines += text.split('unregistered external sink').length - 1;
    tail = (tail + text).slice(-20_000);
  };
  channel.listen((m) => {
    if (m.type === 'error') return fail(m.message);
    waiting.shift()?.resolve(m);
  }, onOutput);
  child.once('exit', (code, signal) => {
    exited = signal ?? `exit ${code}`;
    fail(`process ended (${exited})`);
  });

  const next = <T extends Reply['type']>(type: T): Promise<Extract<Reply, { type: T }>> =>
    new Promise((resolve, reject) => {
      if (exited) return reject(new Error(`mode ${config.mode}: process ended (${exited})\n${tail}`));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        fail(`no answer within ${options.timeoutMs} ms`);
      }, options.timeoutMs);
      waiting.push({
        resolve: (r) => {
          clearTimeout(timer);
          if (r.type === type) resolve(r as Extract<Reply, { type: T }>);
          else reject(new Error(`mode ${config.mode}: expected ${type}, got ${r.type}`));
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
    });

  const ready = await next('ready');
  handle.startupMs = ready.startupMs;
  handle.versions = ready.versions;
  const groupOf = (tid: number, comm: string): string =>
    tid === child.pid
      ? 'main'
      : tid === ready.workflowTid
        ? 'workflow'
        : comm === 'node'
          ? 'other node threads'
          : comm.startsWith('python')
            ? 'other python threads'
            : comm;
  /**
   * CPU per thread group over a stretch: the main thread, Temporal's workflow
   * thread, the rest by thread name. Deltas are per thread (a thread born in
   * the stretch counts from 0); CPU of threads that ended in it is the process
   * total minus the live threads' share.
   */
  const snapshot = () => ({ threads: threadCpuMs(child.pid!), processMs: processCpuMs(child.pid!) ?? NaN });
  const cpuByGroup = (before: ReturnType<typeof snapshot>, after: ReturnType<typeof snapshot>) => {
    const groups: Record<string, number> = {};
    let live = 0;
    for (const [tid, { comm, ms }] of after.threads) {
      const d = ms - (before.threads.get(tid)?.ms ?? 0);
      const group = groupOf(tid, comm);
      groups[group] = (groups[group] ?? 0) + d;
      live += d;
    }
    const ended = after.processMs - before.processMs - live;
    if (ended > 1) groups['ended threads'] = ended;
    return groups;
  };

  return Object.assign(handle, {
    async run(phase: number, round: number, k: number, count: number, idPrefix: string): Promise<Segment> {
      const before = snapshot();
      const reply = next('ran');
      channel.send({ type: 'run', phase, round, k, count, idPrefix });
      const { type: _type, ...segment } = await reply;
      segment.threadCpuMs = cpuByGroup(before, snapshot());
      return segment;
    },
    async probeMemory(park: number, idPrefix: string): Promise<MemoryProbe> {
      const reply = next('memory');
      channel.send({ type: 'memory', park, idPrefix });
      const { type: _type, ...probe } = await reply;
      return probe;
    },
    kill(): void {
      if (!exited) child.kill('SIGKILL');
    },
    async stop(): Promise<ChildDone> {
      handle.lifetimePeakMb = processMemoryMb(child.pid!, 'VmHWM');
      const reply = next('done');
      const gone = new Promise<void>((resolve) => (exited ? resolve() : child.once('exit', () => resolve())));
      channel.send({ type: 'stop' });
      const done = await reply;
      await gone;
      return done;
    },
  });
}
