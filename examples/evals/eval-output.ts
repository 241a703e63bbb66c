// The eval's live progress line and its results table.
import type { EvalProgress, EvalResults } from '../../src/runs.js';

let last = '';

/** One progress line, redrawn in place on a terminal; printed on change otherwise (CI logs). */
export function progressLine(p: EvalProgress, out: NodeJS.WriteStream = process.stdout): void {
  const width = 24;
  const filled = Math.round((p.completed / p.total) * width);
  const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
  const avg = p.averageScore === undefined ? '   –' : p.averageScore.toFixed(2);
  const line = `${bar} ${p.completed}/${p.total}  running ${p.running}  passed ${p.passed}  failed ${p.failed}  avg ${avg}`;
  if (out.isTTY) out.write(`\r\x1b[2K${line}`);
  else if (line !== last) out.write(`  ${line}\n`);
  last = line;
}

/** The results: per scorer, per case, and what the cases and the judging cost. */
export function resultsTable(r: EvalResults): string {
  const lines = [
    '',
    `dataset ${r.datasetName ?? '(unnamed)'}: overall score ${r.overallScore.toFixed(3)}, ` +
      `${r.passed} passed, ${r.failed} failed of ${r.total}, ${(r.durationMs / 1000).toFixed(1)} s`,
    '',
    `${'scorer'.padEnd(16)}${'avg'.padStart(7)}${'min'.padStart(7)}${'max'.padStart(7)}${'passed'.padStart(9)}`,
    ...r.scorers.map(
      (s) =>
        `${s.name.padEnd(16)}${s.average.toFixed(3).padStart(7)}${s.min.toFixed(2).padStart(7)}` +
        `${s.max.toFixed(2).padStart(7)}${`${s.passed}/${s.count}`.padStart(9)}`,
    ),
    '',
    `${'case'.padEnd(16)}${'status'.padEnd(9)}${'score'.padStart(7)}${'tokens'.padStart(9)}${'cost $'.padStart(11)}  case run (workflow id, own trace)`,
    ...r.cases.map(
      (c) =>
        `${c.id.padEnd(16)}${c.status.padEnd(9)}${(c.score ?? 0).toFixed(3).padStart(7)}` +
        `${String(c.tokens ?? 0).padStart(9)}${(c.costUsd ?? 0).toFixed(6).padStart(11)}  ${c.workflowId}` +
        (c.error ? `  (${c.error})` : ''),
    ),
    '',
    `cases:   ${r.usage.cases.llmCalls} LLM calls, ${r.usage.cases.totalTokens} tokens, $${r.usage.cases.costUsd.toFixed(6)}`,
    `judging: ${r.usage.judging.llmCalls} LLM calls, ${r.usage.judging.totalTokens} tokens, $${r.usage.judging.costUsd.toFixed(6)}`,
    ...(r.pushFailures ? [`score pushes that failed after retries: ${r.pushFailures}`] : []),
  ];
  return lines.join('\n');
}
