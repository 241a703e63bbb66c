// The measurement: one Temporal dev server, one offline model (zero latency)
// and one OTLP receiver for all modes; each mode in its own child process,
// all started up front and given load in turn (the Python peer, mode p, is a
// Python process speaking the same protocol). Each pass is split into
// rounds run in alternating order (a b c p, then p c b a, …) so that a slow drift
// of the machine (other work on it) weighs on every mode alike. After each
// pass, memory is probed once at rest, then with K workflows parked (those
// probes again in alternating order).
import { copyFileSync, mkdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { startDevServer } from '../devtools/temporal-dev-server.js';
import { startOfflineModel } from '../offline-model/index.js';
import { type BenchArgs, passShape } from './args.js';
import { buildBundles } from './bundles.js';
import { type ChildHandle, peerPython, startChild } from './child-runner.js';
import { childTotals, type ChildTotals, type ModeRun, type PassResult, passResults } from './metrics.js';
import { MODE_LABEL, PEER_MODE } from './mode.js';
import { startBenchReceiver } from './otlp-receiver.js';
import { writePeerCorpus } from './peer-corpus.js';
import { findChildProcess, Sampler } from './proc-sampler.js';
import { type MemoryProbe, type Segment, WARMUP_PHASE } from './protocol.js';

const COMMAND_TIMEOUT_MS = 15 * 60_000;

export interface Measurement {
  rows: PassResult[];
  totals: ChildTotals[];
  /** Package versions of the Python peer, when it ran. */
  peerVersions?: Record<string, string>;
}

export async function measure(
  args: BenchArgs,
  stamp: string,
  log: (line: string) => void,
): Promise<Measurement> {
  const withPeer = args.modes.includes(PEER_MODE);
  // First, so that a virtualenv that cannot be built stops the run before anything starts.
  const python = withPeer ? peerPython() : undefined;
  if (python) log(`Python peer: ${python}`);
  const nodeModes = args.modes.filter((m) => m !== PEER_MODE);
  if (nodeModes.length) log(`bundling the workflow for mode(s) ${nodeModes.join(', ')}`);
  const bundles = await buildBundles(args.modes, { stackTraceLimit: args.stackTraceLimit });
  const searchCorpusPath = withPeer ? await writePeerCorpus(bundles.dir) : undefined;
  const dev = await startDevServer();
  const serverPid = findChildProcess(process.pid, 'temporal');
  const model = await startOfflineModel({ latencyMs: 0 });
  const receiver = await startBenchReceiver();
  log(`Temporal dev server ${dev.address}, offline model ${model.url}, OTLP receiver ${receiver.url}`);
  const children: ChildHandle[] = [];
  try {
    for (const mode of args.modes) {
      const sink = `${mode}-${stamp}`;
      let cpuProfileDir: string | undefined;
      if (args.profile.includes(mode)) {
        cpuProfileDir = fileURLToPath(new URL(`./profiles/${stamp}/${mode}`, import.meta.url));
        mkdirSync(cpuProfileDir, { recursive: true });
        // Kept beside the profiles: profile-top.ts maps workflow-thread frames to modules with it.
        copyFileSync(bundles.path(mode), `${cpuProfileDir}/workflow-bundle.js.txt`);
      }
      const child = await startChild(
        {
          mode,
          bundlePath: bundles.path(mode),
          address: dev.address,
          namespace: dev.namespace,
          taskQueue: `bench-${sink}`,
          modelUrl: model.url,
          tracesUrl: receiver.tracesUrl(sink),
          noopAgentSink: args.noopAgentSink,
          searchCorpusPath: mode === PEER_MODE ? searchCorpusPath : undefined,
        },
        { timeoutMs: COMMAND_TIMEOUT_MS, cpuProfileDir, python },
      );
      children.push(child);
      log(`${MODE_LABEL[mode]}: worker ready (pid ${child.pid}, ${(child.startupMs / 1000).toFixed(1)} s)`);
    }
    const sampler = new Sampler(
      children.map((c) => c.pid),
      serverPid,
    );
    const segments = new Map<ChildHandle, Segment[]>(children.map((c) => [c, []]));
    const memory = new Map<ChildHandle, Map<number, MemoryProbe[]>>(children.map((c) => [c, new Map()]));
    const settleEnds = new Map<number, number>();
    const warmK = Math.min(20, args.ks[0]);

    for (const child of children) {
      log(`${MODE_LABEL[child.config.mode]}: warm-up, ${args.warmup} workflows at K=${warmK}`);
      await child.run(WARMUP_PHASE, 0, warmK, args.warmup, `bench-${child.config.mode}-${stamp}-warm`);
    }
    for (const [i, k] of args.ks.entries()) {
      const phase = i + 1;
      const { rounds, perRound } = passShape(args, k);
      for (let round = 0; round < rounds; round++) {
        const order = round % 2 === 0 ? children : [...children].reverse();
        for (const child of order) {
          const mode = child.config.mode;
          log(`K=${k} round ${round + 1}/${rounds}: ${MODE_LABEL[mode]}, ${perRound} workflows`);
          const idPrefix = `bench-${mode}-${stamp}-k${k}-r${round}`;
          segments.get(child)!.push(await child.run(phase, round, k, perRound, idPrefix));
        }
      }
      log(`K=${k}: settling ${args.settleMs} ms`);
      await sleep(args.settleMs);
      settleEnds.set(phase, Date.now());
      for (const child of children) memory.get(child)!.set(phase, [await child.probeMemory(0, '')]);
      for (let rep = 0; rep < args.memoryProbes; rep++) {
        const order = rep % 2 === 0 ? children : [...children].reverse();
        for (const child of order) {
          log(
            `K=${k} memory probe ${rep + 1}/${args.memoryProbes}: ${MODE_LABEL[child.config.mode]}, ${k} parked`,
          );
          const idPrefix = `bench-${child.config.mode}-${stamp}-k${k}-park${rep}`;
          memory
            .get(child)!
            .get(phase)!
            .push(await child.probeMemory(k, idPrefix));
        }
      }
    }

    const runs: ModeRun[] = [];
    for (const child of children) {
      log(`${MODE_LABEL[child.config.mode]}: stopping (flush)`);
      const done = await child.stop();
      runs.push({
        mode: child.config.mode,
        pid: child.pid,
        startupMs: child.startupMs,
        segments: segments.get(child)!,
        memory: memory.get(child)!,
        done,
        lifetimePeakMb: child.lifetimePeakMb,
        unregisteredSinkLines: child.unregisteredSinkLines,
        tally: receiver.tally(`${child.config.mode}-${stamp}`),
      });
    }
    sampler.stop();
    const rows = runs.flatMap((run) => passResults(run, runs, sampler, settleEnds));
    rows.sort((x, y) => x.k - y.k || x.mode.localeCompare(y.mode));
    if (args.profile.length)
      log(`CPU profiles in bench/profiles/${stamp}/ (tsx bench/profile-top.ts <file>)`);
    const peerVersions = children.find((c) => c.config.mode === PEER_MODE)?.versions;
    return { rows, totals: runs.map(childTotals), peerVersions };
  } finally {
    for (const child of children) child.kill();
    await receiver.close();
    await model.close();
    await dev.close();
    bundles.remove();
  }
}
