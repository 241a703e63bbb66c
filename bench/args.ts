// Command-line flags of `npm run bench -- …`.
import { MODES, type ModeName, PEER_MODE } from './mode.js';

export interface BenchArgs {
  /** Concurrency of each measured pass. */
  ks: number[];
  /** Measured workflows per pass and mode; default from {@link passShape}. */
  workflows?: number;
  modes: ModeName[];
  /** Rounds per pass, run in alternating mode order (a b c p, p c b a, …); default from {@link passShape}. */
  rounds?: number;
  /** Memory probes with K workflows parked, per pass and mode (default 3). */
  memoryProbes: number;
  /** Warm-up workflows (default 20, at concurrency min(20, first K)). */
  warmup: number;
  /** Wait after each pass for its spans (default 6 s: the SDK batch processor's default delay is 5 s). */
  settleMs: number;
  /** Modes whose child runs under `node --cpu-prof`. */
  profile: ModeName[];
  /** Give modes (a) and (b) a no-op `agentTracing` sink (default true). */
  noopAgentSink: boolean;
  /** `Error.stackTraceLimit` in the sandbox of every Node mode (the plugin's workflowStackTraceLimit); undefined: V8's 10. */
  stackTraceLimit?: number;
  /** Write docs/performance.md: true/false when asked, undefined to decide (default flags only). */
  writeDoc?: boolean;
  /** True when the flags that shape the measurement were left at their defaults. */
  defaults: boolean;
}

export const USAGE = `usage: npm run bench -- [--k 20,100] [--workflows N] [--modes a,b,c,p] [--warmup N] [--rounds N]
                        [--memory-probes N] [--settle MS] [--profile a,b,c] [--without-noop-sink]
                        [--stack-trace-limit N]
                        [--write-doc|--no-doc]
  --k          concurrent workflows per measured pass, one pass per value (default 20,100)
  --workflows  measured workflows per pass and mode, rounded up to whole rounds
               (default rounds x max(K, 40): 240 at K=20, 500 at K=100)
  --modes      a = no telemetry, b = stock interceptors + OpenInference, c = this project,
               p = the Python peer stack (temporalio + OpenAIAgentsPlugin + OpenInference; its
               virtualenv is built on first use by scripts/setup-python-peer.sh); default a,b,c,p
  --warmup     warm-up workflows per mode before the first pass (default 20)
  --rounds     split each pass into this many rounds, modes in alternating order a b c p, p c b a, ...
               (default 6 below K=50, else 5); ratios against (a) are reported per round and as their median
  --memory-probes  after each pass, measure memory this many times per mode with K workflows parked
               mid-run, after full GC (default 3; 0 to skip)
  --settle     wait after each pass for its spans to arrive (default 6000 ms)
  --profile    run these modes' children under node --cpu-prof (bench/profiles/<stamp>/<mode>; not p)
  --without-noop-sink  do not give (a) and (b) a no-op agentTracing sink
  --stack-trace-limit  frames per stack in every Node mode's workflow sandbox (the plugin's
               workflowStackTraceLimit; default V8's 10)
  --write-doc / --no-doc  write docs/performance.md (default: only with default --k/--workflows/--modes)
  --render FILE  rewrite the results section of docs/performance.md from bench/results/FILE.json; no run`;

function list(value: string | undefined, flag: string): string[] {
  if (!value || value.startsWith('--')) throw new Error(`${flag} needs a value`);
  return value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}

function positive(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag}: expected a positive integer, got "${value}"`);
  return n;
}

function whole(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${flag}: expected a whole number, got "${value}"`);
  return n;
}

function modes(values: string[], flag: string): ModeName[] {
  for (const v of values) {
    if (!(MODES as readonly string[]).includes(v))
      throw new Error(`${flag}: unknown mode "${v}" (a, b, c or p)`);
  }
  return MODES.filter((m) => values.includes(m));
}

export function parseArgs(argv: string[]): BenchArgs {
  const args: BenchArgs = {
    ks: [20, 100],
    modes: [...MODES],
    warmup: 20,
    memoryProbes: 3,
    settleMs: 6_000,
    profile: [],
    noopAgentSink: true,
    defaults: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--k':
        args.ks = list(value(), flag).map((v) => positive(v, flag));
        args.defaults = false;
        break;
      case '--workflows':
        args.workflows = positive(value(), flag);
        args.defaults = false;
        break;
      case '--modes':
        args.modes = modes(list(value(), flag), flag);
        args.defaults = false;
        break;
      case '--warmup':
        args.warmup = positive(value(), flag);
        break;
      case '--rounds':
        args.rounds = positive(value(), flag);
        break;
      case '--memory-probes':
        args.memoryProbes = whole(value(), flag);
        break;
      case '--settle':
        args.settleMs = positive(value(), flag);
        break;
      case '--profile':
        args.profile = modes(list(value(), flag), flag);
        if (args.profile.includes(PEER_MODE))
          throw new Error(`${flag}: mode p runs in Python, not under node`);
        break;
      case '--without-noop-sink':
        args.noopAgentSink = false;
        args.defaults = false;
        break;
      case '--stack-trace-limit':
        args.stackTraceLimit = whole(value(), flag);
        args.defaults = false;
        break;
      case '--write-doc':
        args.writeDoc = true;
        break;
      case '--no-doc':
        args.writeDoc = false;
        break;
      case '--help':
      case '-h':
        throw new Error(USAGE);
      default:
        throw new Error(`unknown flag ${flag}\n${USAGE}`);
    }
  }
  return args;
}

/**
 * Rounds and workflows per round of the pass at concurrency `k`. By default a
 * round is max(K, 40) workflows, so each mode runs at least ~10 s per round
 * (from K=40 up a round is one wave of K, ending with its slowest workflow),
 * and small K gets more rounds: its short rounds are noisier, and the median
 * of the per-round ratios against (a) is what the throughput verdict uses.
 * At K=100 a round is one wave that ends with its slowest workflow; with 3
 * rounds its medians ranged 0.85–1.05 between runs, hence 5.
 * The defaults kept `npm run bench` to about 22 minutes on 2 cores with modes a, b and c; the
 * Python peer (p) adds its own share of every round and probe (at K=20 it ran ~1.3x as long as c's
 * per round in trial runs; K=100 not yet timed).
 */
export function passShape(args: Pick<BenchArgs, 'rounds' | 'workflows'>, k: number) {
  const rounds = args.rounds ?? (k < 50 ? 6 : 5);
  const perRound = args.workflows ? Math.ceil(args.workflows / rounds) : Math.max(k, 40);
  return { rounds, perRound, workflows: rounds * perRound };
}
