// `npm run bench:history`: backfill of closed research runs from Temporal
// history. Makes N untraced research runs on a fresh dev server, then, in
// alternating child processes, reads their histories only (the floor) and
// exports them (rebuild + OTLP to a counting receiver), and reports runs per
// second against the floor. Memory as the number of runs grows comes from one
// more export pass of each kind after the timed rounds, which measures its
// heap mid-way and is not timed (the child says why).
//   npm run bench:history -- [--runs 1000] [--rounds 5] [--concurrency 8] [--profile DIR]
//     [--phases floor,floor-rpc,export,export-structure]   (also floor-native, export-native: over a NativeConnection;
//      floor-rpc: the floor read as the exporter reads, each export also timed against it)
//     [--node-flags "--max-semi-space-size=64"]  (V8 flags for every measured pass alike)
//     [--baseline REF]  (adds an `export@REF` pass: the export code of a git commit, from a temporary
//                        worktree, so a change is timed against its base on the same server, round by round)
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import OpenAI from 'openai';
import { createResearchActivities } from '../examples/research/activities.js';
import { startDevServer } from '../devtools/temporal-dev-server.js';
import { startOtlpReceiver } from '../devtools/otlp-receiver.js';
import { startOfflineModel } from '../offline-model/index.js';
import { adjustWebpackConfig } from '../src/worker/bundler-config.js';
import { noopAgentSink } from './agent-sink.js';
import { findChildProcess, machineBusyMs, processCpuMs } from './proc-sampler.js';

const flag = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  const n = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} needs a whole number`);
  return n;
};
const RUNS = flag('--runs', 1000);
// This machine's speed drifts by ±10 % from one pass to the next: five rounds give medians that hold still.
const ROUNDS = flag('--rounds', 5);
const CONCURRENCY = flag('--concurrency', 8);
const IN_FLIGHT = 50;
const CORES = availableParallelism();
const text = (name: string) =>
  process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined;
/** `--profile DIR`: every pass runs under node --cpu-prof, its profile in DIR/<phase>. */
const PROFILE = text('--profile');
const BASELINE = text('--baseline');
const PHASES = [
  ...(text('--phases') ?? 'floor,floor-rpc,export,export-structure').split(','),
  ...(BASELINE ? [`export@${BASELINE}`] : []),
];
const NODE_FLAGS = text('--node-flags')?.split(' ').filter(Boolean) ?? [];
const CHILD = fileURLToPath(new URL('./history-backfill-child.ts', import.meta.url));
const baselineChild = BASELINE ? checkOutBaseline(BASELINE) : undefined;
const execFileAsync = promisify(execFile);
const log = (line: string) => process.stderr.write(`[bench:history] ${line}\n`);

Runtime.install({ logger: new DefaultLogger('ERROR') });
const dev = await startDevServer();
const model = await startOfflineModel({ latencyMs: 0 });
let received = 0;
// The stand-in backend counts spans from the wire format instead of decoding
// them: it shares the two cores with the passes it measures.
const receiver = await startOtlpReceiver({
  countOnly: true,
  onRequest: (req) => void (received += req.spanCount),
});
try {
  const taskQueue = `backfill-${Date.now().toString(36)}`;
  const connection = await Connection.connect({ address: dev.address });
  const nativeConnection = await NativeConnection.connect({ address: dev.address });
  const client = new Client({ connection });
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue,
    workflowsPath: fileURLToPath(new URL('../examples/research/workflow.ts', import.meta.url)),
    activities: createResearchActivities({ openai: new OpenAI({ baseURL: model.url, apiKey: 'offline' }) }),
    sinks: noopAgentSink(true),
    bundlerOptions: { webpackConfigHook: (config) => adjustWebpackConfig(config) },
  });
  const t0 = Date.now();
  await worker.runUntil(async () => {
    let next = 0;
    const one = async (): Promise<void> => {
      while (next < RUNS) {
        const i = next++;
        await client.workflow.execute('ResearchWorkflow', {
          taskQueue,
          workflowId: `${taskQueue}-${i}`,
          args: [{ query: `Backfill question ${i % 10}` }],
        });
        if ((i + 1) % 100 === 0) log(`made ${i + 1}/${RUNS} runs`);
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, one));
  });
  log(`made ${RUNS} closed runs in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  await connection.close();
  await nativeConnection.close();

  const query = `TaskQueue='${taskQueue}' AND ExecutionStatus='Completed'`;
  /** One pass in its own process, with the other processes' CPU while it ran. */
  const pass = async (phase: string, { profile = PROFILE, probeHeap = false } = {}) => {
    const before = received;
    // The other processes on the machine: the dev server serving histories, this process receiving spans.
    const serverPid = findChildProcess(process.pid, 'temporal');
    const server0 = serverPid ? processCpuMs(serverPid) : undefined;
    const self0 = process.cpuUsage();
    const busy0 = machineBusyMs();
    const wall0 = Date.now();
    // Not execFileSync: the receiver in this process must answer the child's exports.
    const { stdout: out } = await execFileAsync(
      process.execPath,
      [
        '--expose-gc',
        ...NODE_FLAGS,
        ...(profile ? ['--cpu-prof', '--cpu-prof-dir', `${profile}/${phase}`] : []),
        '--import',
        'tsx',
        phase.includes('@') ? baselineChild!.child : CHILD,
        phase.split('@')[0],
        dev.address,
        query,
        receiver.tracesUrl,
        String(CONCURRENCY),
        ...(probeHeap ? ['heap'] : []),
      ],
      { encoding: 'utf8', maxBuffer: 1 << 26 },
    );
    const result = JSON.parse(out.trim().split('\n').pop()!);
    result.phase = phase;
    result.received = received - before;
    const server1 = serverPid ? processCpuMs(serverPid) : undefined;
    result.serverCpuSeconds =
      server0 !== undefined && server1 !== undefined ? (server1 - server0) / 1000 : NaN;
    const self = process.cpuUsage(self0);
    result.receiverCpuSeconds = (self.user + self.system) / 1e6;
    result.machineBusyPercent = ((machineBusyMs() - busy0) / (Date.now() - wall0) / CORES) * 100;
    return result;
  };
  // The server's first reads after the runs were made are slower: one untimed pass first.
  const warmUp = await pass('floor', { profile: undefined });
  log(`warm-up floor (not counted): ${warmUp.runs} runs in ${warmUp.seconds.toFixed(1)} s`);
  const results: Record<string, any>[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const phase of round % 2 === 0 ? PHASES : [...PHASES].reverse()) {
      const result = await pass(phase);
      result.round = round;
      results.push(result);
      log(`round ${round + 1} ${phase}: ${result.runs} runs in ${result.seconds.toFixed(1)} s`);
    }
  }
  // Memory as the runs go by: one pass of each export kind that measures its heap mid-way, not timed.
  const memory: Record<string, any>[] = [];
  for (const phase of PHASES.filter((p) => p.startsWith('export') && !p.includes('@'))) {
    const result = await pass(phase, { profile: undefined, probeHeap: true });
    result.phase = `${phase} (heap probes, not timed)`;
    memory.push(result);
    log(`${phase} with heap probes: ${result.runs} runs in ${result.seconds.toFixed(1)} s`);
  }
  const median = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const mid = sorted.length / 2;
    return Number.isInteger(mid) ? (sorted[mid - 1] + sorted[mid]) / 2 : sorted[Math.floor(mid)];
  };
  const secondsOf = (phase: string) => median(results.filter((r) => r.phase === phase).map((r) => r.seconds));
  const flags = NODE_FLAGS.length ? `, node ${NODE_FLAGS.join(' ')}` : '';
  console.log(
    `\n${RUNS} closed research runs, ${ROUNDS} rounds, concurrency ${CONCURRENCY}${flags}, commit ${commit()}\n`,
  );
  console.log(
    '| pass | runs | s | runs/s | CPU s | GC pauses: scavenges, mark-compacts | peak RSS MB | heap above start after GC, MB, at runs | spans sent | spans received | failed | dev server CPU s | receiver CPU s | machine busy |',
  );
  console.log(
    '| --- | ---: | ---: | ---: | ---: | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const r of [...results, ...memory])
    console.log(
      `| ${r.phase} | ${r.runs} | ${r.seconds.toFixed(1)} | ${(r.runs / r.seconds).toFixed(1)} | ${r.cpuSeconds.toFixed(1)} | ` +
        `${r.gc ? `${r.gc.scavenges} in ${r.gc.scavengeMs.toFixed(0)} ms, ${r.gc.markCompacts} in ${r.gc.markCompactMs.toFixed(0)} ms` : '–'} | ` +
        `${r.peakRssMb.toFixed(0)} | ${Object.entries(r.heapAboveStartMbAt)
          .map(([n, mb]) => `${n}: ${(mb as number).toFixed(1)}`)
          .join(', ')} | ${r.spans} | ${r.received} | ${r.failed} | ` +
        `${r.serverCpuSeconds.toFixed(1)} | ${r.receiverCpuSeconds.toFixed(1)} | ${r.machineBusyPercent.toFixed(0)}% |`,
    );
  console.log('');
  const exportsAndFloors = PHASES.filter((p) => p.startsWith('export')).flatMap((phase) =>
    phase.split('@')[0].endsWith('-native')
      ? [[phase, 'floor-native']]
      : [
          [phase, 'floor'],
          [phase, 'floor-rpc'],
        ],
  );
  for (const [phase, floor] of exportsAndFloors) {
    if (!PHASES.includes(floor)) continue;
    const ratio = (secondsOf(phase) / secondsOf(floor)).toFixed(2);
    // Each round's own ratio too: a pass against the floor measured next to it, whatever the drift.
    const perRound = [...Array(ROUNDS).keys()]
      .map((round) => {
        const of = (p: string) => results.find((r) => r.round === round && r.phase === p)?.seconds;
        return of(phase)! / of(floor)!;
      })
      .sort((a, b) => a - b);
    console.log(
      `${phase} time / ${floor} time (medians): ${ratio}${phase === 'export' ? ' (target ≤ 2)' : ''}; ` +
        `round by round ${perRound.map((r) => r.toFixed(2)).join(', ')}`,
    );
  }
  if (BASELINE) {
    const perRound = [...Array(ROUNDS).keys()]
      .map((round) => {
        const of = (p: string) => results.find((r) => r.round === round && r.phase === p)?.seconds;
        return of('export')! / of(`export@${BASELINE}`)!;
      })
      .sort((a, b) => a - b);
    console.log(
      `export time / export@${BASELINE} time (medians): ${(secondsOf('export') / secondsOf(`export@${BASELINE}`)).toFixed(2)}; ` +
        `round by round ${perRound.map((r) => r.toFixed(2)).join(', ')}`,
    );
    if (!baselineChild!.timesWithoutProbes)
      console.log(
        `(export@${BASELINE} ran that commit's bench child, which measures the heap mid-way in every pass: ` +
          'its times include the recompiling that follows, so this ratio flatters the current code)',
      );
  }
} finally {
  baselineChild?.remove();
  await receiver.close();
  await model.close();
  await dev.close();
}

/** A worktree of `ref` sharing this checkout's node_modules, and the bench child in it. */
function checkOutBaseline(ref: string): { child: string; timesWithoutProbes: boolean; remove: () => void } {
  const root = execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim();
  const dir = join(mkdtempSync(join(tmpdir(), 'bench-baseline-')), 'tree');
  execFileSync('git', ['worktree', 'add', '--detach', dir, ref], { stdio: 'ignore' });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  const child = join(dir, 'bench', 'history-backfill-child.ts');
  if (!existsSync(child))
    throw new Error(`--baseline ${ref}: that commit has no bench/history-backfill-child.ts`);
  return {
    child,
    timesWithoutProbes: readFileSync(child, 'utf8').includes('probeHeap'),
    remove: () => {
      execFileSync('git', ['worktree', 'remove', '--force', dir], { stdio: 'ignore' });
      rmSync(join(dir, '..'), { recursive: true, force: true });
    },
  };
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}
