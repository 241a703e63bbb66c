// Writes the measured results into docs/performance.md, between two markers,
// leaving the hand-written analysis around them as it is.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type BenchArgs, passShape } from './args.js';
import type { MachineFacts } from './machine.js';
import type { ChildTotals, PassResult } from './metrics.js';
import {
  deliveryTable,
  markdownTable,
  modeLegend,
  performanceTable,
  processTable,
  threadCpuTable,
  verdicts,
  verdictTable,
} from './report.js';
import { memoryTable, rssPartsTable } from './report-memory.js';
import { peerTable, perRunTable } from './report-peer.js';

export const DOC_PATH = fileURLToPath(new URL('../docs/performance.md', import.meta.url));
const START = '<!-- bench:results:start (written by npm run bench; edits here are overwritten) -->';
const END = '<!-- bench:results:end -->';

export interface RunRecord {
  command: string;
  startedAt: Date;
  durationS: number;
  machine: MachineFacts;
  loadEnd: number;
  versions: [string, string][];
  args: BenchArgs;
  rows: PassResult[];
  totals: ChildTotals[];
}

/** The generated section, markers excluded. */
export function resultsSection(r: RunRecord): string {
  const warm = Math.min(r.args.ks[0], 20);
  const peer = peerTable(r.rows, r.totals);
  const shapes = r.args.ks
    .map((k) => {
      const { rounds, perRound } = passShape(r.args, k);
      return `K=${k}: ${rounds} rounds of ${perRound}`;
    })
    .join(', ');
  return [
    `Recorded ${r.startedAt.toISOString()} by \`${r.command}\` (commit ${r.machine.commit}), ${r.durationS.toFixed(0)} s in all.`,
    '',
    `Machine: \`nproc\` = ${r.machine.nproc}; ${r.machine.cpuModel}; \`node --version\` = ${r.machine.node}; ` +
      `1-minute load average ${r.machine.loadStart.toFixed(2)} at the start, ${r.loadEnd.toFixed(2)} at the end. ` +
      `Allocator/V8 settings in the environment: ${r.machine.tuning?.length ? r.machine.tuning.map((t) => `\`${t}\``).join(', ') : 'none'}.`,
    '',
    '```',
    '$ free -g',
    r.machine.free,
    '```',
    '',
    `Modes: ${modeLegend()}. Each mode ran in its own child process (worker and client together, prebuilt ` +
      `workflow bundle; the Python peer in a Python process), all started up front. Each ran ${r.args.warmup} warm-up workflows (K=${warm}), then one ` +
      `measured pass per K, in rounds of workflows per mode (${shapes}); a round starts K ` +
      `workflows at once and starts another each time one finishes until its share is done (a round of ` +
      `exactly K workflows is one wave, which ends with its slowest workflow); the rounds run ` +
      `in alternating mode order (a b c p, p c b a, …) so that drifting load from other work weighs on all modes ` +
      `alike; each pass was followed by ${r.args.settleMs} ms of settling, one memory probe at rest and ` +
      `${r.args.memoryProbes} with K workflows parked, in alternating mode order. ` +
      `Offline model at zero latency, one Temporal dev server, one OTLP receiver (decoding every request). ` +
      `No-op \`agentTracing\` sink for (a) and (b): ${r.args.noopAgentSink ? 'yes' : 'no'}. ` +
      `Stack trace depth in the workflow sandbox: ${r.args.stackTraceLimit ?? 'V8 default (10)'}.`,
    '',
    '### Throughput, latency, CPU',
    '',
    markdownTable(performanceTable(r.rows)),
    '',
    '"wf/s" counts completed workflows over the time the mode was running load in the pass, "vs a" is that over ' +
      '(a)\'s; "vs a per round" pairs each round with (a)\'s round of the same index (run back to back) and gives the ' +
      'median and range of those ratios, which the throughput verdict uses; "p50/p95" are start call → result; ' +
      '"CPU ms/wf" is the worker process CPU time (all threads) per workflow; "bench cores" is CPU used by the ' +
      'orchestrator during the mode\'s load (offline model, OTLP receiver decoding every request); "other cores" is CPU used during ' +
      "the mode's load by processes other than the workers, the dev server and the orchestrator (other sessions " +
      'on the machine): noise.',
    '',
    markdownTable(threadCpuTable(r.rows)),
    '',
    'Worker CPU per workflow by thread, from `/proc/<pid>/task` at the start and end of each round: "main" is the ' +
      'main JavaScript thread, "workflow" Temporal\'s workflow thread (the worker thread with the largest heap), ' +
      "\"other node threads\" V8's background threads (garbage collection, compilation), libuv's pool and tsx's " +
      "loader; other names are as the threads call themselves (Temporal core's Rust runtime).",
    '',
    '### Worker process memory',
    '',
    markdownTable(memoryTable(r.rows)),
    '',
    '"under load" is the median of the worker process RSS sampled every 200 ms while the mode ran load in the pass ' +
      '("min–peak" the lowest and highest samples): it moves with when V8 last collected. The probes collect ' +
      "garbage in every V8 isolate of the worker (the main thread's, and Temporal's workflow thread's through " +
      '`bench/thread-heap-probe.cjs`), then read the process RSS and the V8 heap in use in all threads: "at rest" ' +
      'with no workflow running, "K parked" with K research workflows started and waiting at the plan review ' +
      '(their open spans and run state in memory). Differences against (a) are paired probe by probe; medians and ' +
      'ranges over the probes.',
    '',
    markdownTable(rssPartsTable(r.rows)),
    '',
    'The K-parked RSS split up: "V8 heap used" is live objects in all threads, "V8 heap resident" the heap pages ' +
      'resident (live or free), "external" what V8 knows is held outside its heap (Buffers, ArrayBuffers), "other" ' +
      'the remainder of RSS (compiled code, thread stacks, malloc arenas, Temporal core).',
    '',
    '### Per run',
    '',
    markdownTable(perRunTable(r.rows, r.totals)),
    '',
    '"in flight" is (RSS with K runs parked − RSS at rest) / K after GC, per memory probe (median and range), and ' +
      '"heap" the same for what the parked runs hold (the V8 heap in use in all threads for the Node modes, ' +
      'what tracemalloc still traces for the Python peer); "spans/run" is spans produced per completed run ' +
      'in the pass; "bytes/span" is OTLP request bytes (after decompression) per span received over the whole ' +
      'process, warm-up and probes included; "kB exported/run" is their product.',
    ...(peer.rows.length
      ? [
          '',
          '### Ours (c) against the Python peer (p)',
          '',
          markdownTable(peer),
          '',
          '"c/p" is (c) over (p) for the whole pass; "per round" pairs each round of (c) with the round of (p) of ' +
            'the same index (run back to back) and gives the median and range of those ratios. The two stacks ' +
            'trace different things (bench/python/research_workflow.py lists how), so compare spans and bytes ' +
            'per run together.',
        ]
      : []),
    '',
    '### Span delivery',
    '',
    markdownTable(deliveryTable(r.rows)),
    '',
    '"lost" = spans the process produced for the pass\'s traces (counting span processor) minus spans of those traces received; ' +
      '"no trace" = completed workflows of which nothing arrived; "export" = workflow completion (client got the result) → ' +
      'last span of its trace at the receiver; "late" = traces completed only by the flush at shutdown.',
    '',
    '### Per process (warm-up included)',
    '',
    markdownTable(processTable(r.totals)),
    '',
    '### Targets',
    '',
    markdownTable(verdictTable(verdicts(r.rows))),
    '',
    '### Versions',
    '',
    markdownTable({ header: ['package', 'version'], rows: r.versions.map(([p, v]) => [`\`${p}\``, v]) }),
  ].join('\n');
}

const SKELETON = `# Performance

What the tracing costs on the research pipeline, measured by \`npm run bench\`
(\`bench/\`). The section between the markers below is rewritten by each
recorded run; the analysis after it is written by hand.

## Results

${START}
${END}
`;

/** Replaces the generated section of docs/performance.md (creating the file if needed). */
export function writeResults(r: RunRecord): void {
  const current = existsSync(DOC_PATH) ? readFileSync(DOC_PATH, 'utf8') : SKELETON;
  const doc = current.includes(START) && current.includes(END) ? current : current + '\n' + SKELETON;
  const before = doc.slice(0, doc.indexOf(START) + START.length);
  const after = doc.slice(doc.indexOf(END));
  writeFileSync(DOC_PATH, `${before}\n${resultsSection(r)}\n${after}`);
}
