// `npm run bench`: the research pipeline under load in several tracing setups,
// ours and the Python peer stack among them, side by side (see orchestrate.ts
// for how, docs/performance.md for results).
// Prints the tables, keeps the raw numbers in bench/results/, and records the
// results in docs/performance.md.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { nativeBinary } from '../devtools/binaries.js';
import { parseArgs } from './args.js';
import { DOC_PATH, type RunRecord, writeResults } from './doc.js';
import { currentLoad, machineFacts, versions } from './machine.js';
import { measure } from './orchestrate.js';
import {
  consoleTable,
  deliveryTable,
  performanceTable,
  processTable,
  threadCpuTable,
  verdicts,
  verdictTable,
} from './report.js';
import { memoryTable, rssPartsTable } from './report-memory.js';
import { peerTable, perRunTable } from './report-peer.js';

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

/** `--render <bench/results/….json>`: rewrites the docs section from a recorded run, without measuring. */
function render(file: string): void {
  const record = JSON.parse(readFileSync(file, 'utf8')) as RunRecord & { startedAt: string };
  // Files from before per-round and memory-probe results: render what they have.
  for (const row of record.rows) {
    row.rounds ??= [];
    row.parked ??= [];
    row.cpuByThread ??= {};
  }
  record.args.memoryProbes ??= 0;
  writeResults({ ...record, startedAt: new Date(record.startedAt) });
  process.stdout.write(`results of ${file} written to ${DOC_PATH}\n`);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--render' && argv[1]) return render(argv[1]);
  const args = parseArgs(argv);
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const machine = machineFacts();
  if (machine.loadStart > Number(machine.nproc))
    log(
      `warning: load average ${machine.loadStart.toFixed(1)} > ${machine.nproc} cores: other work is running`,
    );
  if (machine.tuning.length) log(`children inherit ${machine.tuning.join(' ')}`);
  const t0 = performance.now();
  const { rows, totals, peerVersions } = await measure(args, stamp, log);
  const record: RunRecord = {
    command:
      process.env.npm_lifecycle_event === 'bench'
        ? `npm run bench${argv.length ? ' -- ' + argv.join(' ') : ''}`
        : `tsx bench/run.ts${argv.length ? ' ' + argv.join(' ') : ''}`,
    startedAt,
    durationS: (performance.now() - t0) / 1000,
    machine,
    loadEnd: currentLoad(),
    versions: [
      ...versions(nativeBinary('temporal')),
      ...Object.entries(peerVersions ?? {}).map(([p, v]): [string, string] => [`${p} (Python)`, v]),
    ],
    args,
    rows,
    totals,
  };

  const out = process.stdout;
  out.write(`\nThroughput, latency, CPU (ratios against (a) at the same K)\n`);
  out.write(`${consoleTable(performanceTable(rows))}\n`);
  out.write(`\nWorker CPU per workflow by thread\n${consoleTable(threadCpuTable(rows))}\n`);
  out.write(
    `\nWorker process memory (differences against (a) at the same K)\n${consoleTable(memoryTable(rows))}\n`,
  );
  out.write(
    `\nRSS of K parked workflows after GC, by part (medians)\n${consoleTable(rssPartsTable(rows))}\n`,
  );
  out.write(`\nMemory per run in flight, export per run\n${consoleTable(perRunTable(rows, totals))}\n`);
  const peer = peerTable(rows, totals);
  if (peer.rows.length) out.write(`\nOurs (c) against the Python peer (p)\n${consoleTable(peer)}\n`);
  out.write(`\nSpan delivery\n${consoleTable(deliveryTable(rows))}\n`);
  out.write(`\nPer process (warm-up included)\n${consoleTable(processTable(totals))}\n`);
  out.write(`\nTargets\n${consoleTable(verdictTable(verdicts(rows)))}\n`);
  for (const r of rows.filter((x) => x.failed))
    out.write(`\n${r.mode} K=${r.k}: ${r.failed} failed, e.g. ${r.firstError}\n`);

  const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(`${resultsDir}${stamp}.json`, JSON.stringify(record, null, 2));
  out.write(`\nraw results: bench/results/${stamp}.json; ${record.durationS.toFixed(0)} s in all\n`);

  const write = args.writeDoc ?? (args.defaults && args.profile.length === 0);
  if (write) {
    writeResults(record);
    out.write(`results written to ${DOC_PATH}\n`);
  } else {
    out.write(
      'docs/performance.md not written (non-default flags or profiling; pass --write-doc to write it)\n',
    );
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`[bench] ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
