// Reads a V8 .cpuprofile (from `node --cpu-prof`, e.g. `npm run bench -- --profile c`)
// and prints where the time went: self time by package and by function, and
// inclusive time of the functions that match an optional pattern.
//
//   tsx bench/profile-top.ts <file.cpuprofile> [--top 25] [--match openinference]
//   tsx bench/profile-top.ts <file.cpuprofile> --diff <baseline.cpuprofile>   (largest self-time increases)
//   tsx bench/profile-top.ts <file.cpuprofile> --from exportOne   (only from the first sample under that function on,
//     e.g. a bench:history pass without its start-up: --from exportOne, or --from fetchHistory for the floor)
//   tsx bench/profile-top.ts <file.cpuprofile> --under buildRunTrace   (only samples with that function on the stack:
//     where one stage's own time goes; garbage collection is a stack of its own, so it is left out)
//   tsx bench/profile-top.ts <file.cpuprofile> --timeline 250 [--from exportOne]   (per 250 ms of the profile:
//     the share of samples idle in the event loop and in garbage collection, e.g. whether a pass waits)
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/**
 * Maps lines of a webpack workflow bundle to the module they came from, using
 * the bundle's module markers (`/***\/ "./node_modules/zod/v4/…":`), so frames
 * of the workflow thread can be told apart by package and compared between
 * bundles whose line numbers differ.
 */
export class BundleModules {
  private readonly starts: number[] = [];
  private readonly names: string[] = [];
  constructor(code: string) {
    code.split('\n').forEach((line, i) => {
      const m = /^\/\*{3}\/ "([^"]+)"/.exec(line);
      if (m) {
        this.starts.push(i);
        this.names.push(m[1].replace(/^\.\//, ''));
      }
    });
  }
  /** Module of a 0-based line. */
  moduleAt(line: number): string {
    let lo = 0;
    let hi = this.starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] <= line) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found < 0 ? '(bundle runtime)' : this.names[found];
  }
}

let bundle: BundleModules | undefined;
const isBundle = (url: string) => /bench-bundles-[^/]+\/[abc]\.js$|workflow-bundle\.js$/.test(url);

/** Loads `workflow-bundle.js.txt` (copied by run.ts) from beside the profile, when there is one. */
function loadBundleBeside(profileFile: string): void {
  const path = join(dirname(profileFile), 'workflow-bundle.js.txt');
  bundle = existsSync(path) ? new BundleModules(readFileSync(path, 'utf8')) : undefined;
}

/** The package (or project folder) a script URL belongs to. */
export function packageOf(url: string, line = 0): string {
  if (!url) return '(native/gc/idle)';
  if (isBundle(url)) return bundle ? `bundle: ${packageOf(bundle.moduleAt(line))}` : 'workflow bundle';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const project = /(?:^|\/)(src|bench|examples)\/(.*)$/.exec(url);
  if (project) return `${project[1]}/${project[2].split('/')[0]}`;
  return url;
}

function frameLabel(f: CallFrame): string {
  if (isBundle(f.url) && bundle)
    return `${f.functionName || '(anonymous)'} [bundle] ${bundle.moduleAt(f.lineNumber)}`;
  const file = f.url ? f.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/main\//, '') : '';
  return `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
}

/** Self and inclusive milliseconds per profile node. */
export function analyse(profile: CpuProfile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt);
  }
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const totalMs = [...self.values()].reduce((a, b) => a + b, 0);
  return { byId, self, parent, totalMs };
}

/** Whether a node's stack holds a frame of function `name`. */
function underFunction(profile: CpuProfile, name: string): (id: number) => boolean {
  const { byId, parent } = analyse(profile);
  const under = (id: number | undefined): boolean =>
    id !== undefined && (byId.get(id)!.callFrame.functionName === name || under(parent.get(id)));
  return under;
}

/** The profile from the first sample whose stack holds a frame of function `name` on. */
function fromFirst(profile: CpuProfile, name: string): CpuProfile {
  const under = underFunction(profile, name);
  const first = profile.samples.findIndex((id) => under(id));
  if (first < 0) throw new Error(`no sample under a function named ${name}`);
  return { ...profile, samples: profile.samples.slice(first), timeDeltas: profile.timeDeltas.slice(first) };
}

/** Frames V8 records while the thread waits in the event loop. */
const isIdle = (f: CallFrame) => f.functionName === '(idle)' || f.functionName === '(program)';

/** Per `bucketMs` of the profile, the share of its samples that are idle and that are garbage collection. */
function printTimeline(profile: CpuProfile, bucketMs: number): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const buckets: { all: number; idle: number; gc: number }[] = [];
  let at = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    at += ms;
    const b = (buckets[Math.floor(at / bucketMs)] ??= { all: 0, idle: 0, gc: 0 });
    const f = byId.get(id)!.callFrame;
    b.all += ms;
    if (isIdle(f)) b.idle += ms;
    else if (f.functionName === '(garbage collector)') b.gc += ms;
  });
  const pct = (part: number, all: number) => `${all ? ((100 * part) / all).toFixed(0) : '0'}%`.padStart(4);
  process.stdout.write(`from ms   idle   gc   (buckets of ${bucketMs} ms)
`);
  buckets.forEach((b, i) => {
    if (b)
      process.stdout.write(`${String(i * bucketMs).padStart(7)}   ${pct(b.idle, b.all)}  ${pct(b.gc, b.all)}
`);
  });
}

function top(map: Map<string, number>, n: number): [string, number][] {
  return [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
}

/** Busy self time per package and per function of one profile. */
function selfTimes(file: string) {
  loadBundleBeside(file);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const { byId, self, totalMs } = analyse(profile);
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let idle = 0;
  for (const [id, ms] of self) {
    const f = byId.get(id)!.callFrame;
    if (isIdle(f)) {
      idle += ms;
      continue;
    }
    byPackage.set(packageOf(f.url, f.lineNumber), (byPackage.get(packageOf(f.url, f.lineNumber)) ?? 0) + ms);
    byFunction.set(frameLabel(f), (byFunction.get(frameLabel(f)) ?? 0) + ms);
  }
  return { byPackage, byFunction, busy: totalMs - idle };
}

function printDiff(file: string, baseFile: string, topN: number): void {
  const cur = selfTimes(file);
  const base = selfTimes(baseFile);
  const diff = (a: Map<string, number>, b: Map<string, number>) =>
    [...new Set([...a.keys(), ...b.keys()])]
      .map((k) => [k, (a.get(k) ?? 0) - (b.get(k) ?? 0), a.get(k) ?? 0, b.get(k) ?? 0] as const)
      .sort((x, y) => y[1] - x[1])
      .slice(0, topN);
  const row = ([k, d, a, b]: readonly [string, number, number, number]) =>
    `${(d >= 0 ? '+' : '') + d.toFixed(0).padStart(6)} ms  (${a.toFixed(0).padStart(6)} vs ${b.toFixed(0).padStart(6)})  ${k}\n`;
  process.stdout.write(
    `${file}\nminus ${baseFile}\nbusy ${(cur.busy / 1000).toFixed(1)} s vs ${(base.busy / 1000).toFixed(1)} s\n`,
  );
  process.stdout.write('\nlargest increases of self time by package\n');
  for (const r of diff(cur.byPackage, base.byPackage)) process.stdout.write(row(r));
  process.stdout.write('\nlargest increases of self time by function\n');
  for (const r of diff(cur.byFunction, base.byFunction)) process.stdout.write(row(r));
}

function main(): void {
  const args = process.argv.slice(2);
  const file = args.find(
    (a, i) =>
      !a.startsWith('--') &&
      !['--top', '--match', '--diff', '--from', '--under', '--timeline'].includes(args[i - 1]),
  );
  if (!file) throw new Error('usage: tsx bench/profile-top.ts <file.cpuprofile> [--top N] [--match TEXT]');
  const topN = Number(args[args.indexOf('--top') + 1]) || 25;
  const match = args.includes('--match') ? args[args.indexOf('--match') + 1] : undefined;
  if (args.includes('--diff')) return printDiff(file, args[args.indexOf('--diff') + 1], topN);
  loadBundleBeside(file);
  const whole = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const profile = args.includes('--from') ? fromFirst(whole, args[args.indexOf('--from') + 1]) : whole;
  if (args.includes('--timeline'))
    return printTimeline(profile, Number(args[args.indexOf('--timeline') + 1]) || 250);
  const { byId, self, parent } = analyse(profile);
  if (args.includes('--under')) {
    const under = underFunction(profile, args[args.indexOf('--under') + 1]);
    for (const id of [...self.keys()]) if (!under(id)) self.delete(id);
    if (self.size === 0)
      throw new Error(`no sample under a function named ${args[args.indexOf('--under') + 1]}`);
  }
  const totalMs = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = [...self.entries()]
    .filter(([id]) => isIdle(byId.get(id)!.callFrame))
    .reduce((a, [, ms]) => a + ms, 0);
  const busy = totalMs - idle;
  const pct = (ms: number) => `${((100 * ms) / busy).toFixed(1).padStart(5)}%`;

  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, ms] of self) {
    const f = byId.get(id)!.callFrame;
    if (isIdle(f)) continue;
    byPackage.set(packageOf(f.url, f.lineNumber), (byPackage.get(packageOf(f.url, f.lineNumber)) ?? 0) + ms);
    byFunction.set(frameLabel(f), (byFunction.get(frameLabel(f)) ?? 0) + ms);
  }
  process.stdout.write(
    `${file}\nsampled ${(totalMs / 1000).toFixed(1)} s, busy ${(busy / 1000).toFixed(1)} s (idle/program ${(idle / 1000).toFixed(1)} s); % of busy\n`,
  );
  process.stdout.write('\nself time by package\n');
  for (const [k, ms] of top(byPackage, topN))
    process.stdout.write(`${pct(ms)} ${ms.toFixed(0).padStart(7)} ms  ${k}\n`);
  process.stdout.write('\nself time by function\n');
  for (const [k, ms] of top(byFunction, topN))
    process.stdout.write(`${pct(ms)} ${ms.toFixed(0).padStart(7)} ms  ${k}\n`);

  if (match) {
    // Inclusive time of frames whose label matches, counting each sample once
    // even when the matching frame recurses.
    const inclusive = new Map<string, number>();
    let anyMatch = 0;
    for (const [id, ms] of self) {
      const seen = new Set<string>();
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
        const label = frameLabel(byId.get(cur)!.callFrame);
        if (label.includes(match) && !seen.has(label)) {
          seen.add(label);
          inclusive.set(label, (inclusive.get(label) ?? 0) + ms);
        }
      }
      if (seen.size > 0) anyMatch += ms;
    }
    process.stdout.write(`\ninclusive time of frames matching "${match}" (any: ${pct(anyMatch)})\n`);
    for (const [k, ms] of top(inclusive, topN))
      process.stdout.write(`${pct(ms)} ${ms.toFixed(0).padStart(7)} ms  ${k}\n`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
