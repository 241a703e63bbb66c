// What an export did, run by run and in total, for the CLI's summary line.
import type { RollupSnapshot } from '../common/rollup.js';

/** The result of exporting one run. */
export interface RunExportResult {
  /** `workflowId/runId`. */
  run: string;
  status: 'exported' | 'skipped' | 'failed';
  reason?: string;
  traceId?: string;
  spans?: number;
  usage?: RollupSnapshot;
}

/** Totals over an export. */
export interface ExportSummary {
  exported: number;
  spans: number;
  llmCalls: number;
  tokens: number;
  costUsd: number;
  /** Skipped runs by reason. */
  skipped: Record<string, number>;
  failed: { run: string; reason: string }[];
  /** Trace id of every exported run, by `workflowId/runId`. */
  traces: Record<string, string>;
  /** Set when the export was stopped before the query's last run. */
  interrupted?: boolean;
}

/** A summary with nothing in it yet. */
export function emptySummary(): ExportSummary {
  return { exported: 0, spans: 0, llmCalls: 0, tokens: 0, costUsd: 0, skipped: {}, failed: [], traces: {} };
}

/** How many runs were skipped, whatever the reason. */
export function skippedCount(summary: ExportSummary): number {
  return Object.values(summary.skipped).reduce((a, b) => a + b, 0);
}

/** Adds one run's result to the totals. */
export function recordResult(summary: ExportSummary, result: RunExportResult): void {
  if (result.status === 'exported') {
    summary.exported += 1;
    summary.spans += result.spans ?? 0;
    summary.llmCalls += result.usage?.calls ?? 0;
    summary.tokens += result.usage?.totalTokens ?? 0;
    summary.costUsd += result.usage?.cost.total ?? 0;
    if (result.traceId) summary.traces[result.run] = result.traceId;
  } else if (result.status === 'skipped') {
    const reason = result.reason ?? 'skipped';
    summary.skipped[reason] = (summary.skipped[reason] ?? 0) + 1;
  } else summary.failed.push({ run: result.run, reason: result.reason ?? 'failed' });
}

/** The summary as the lines the CLI prints. */
export function formatSummary(summary: ExportSummary): string {
  const skipped = Object.entries(summary.skipped).map(([reason, n]) => `${n} ${reason}`);
  const lines = [
    `exported ${summary.exported} run(s): ${summary.spans} spans, ${summary.llmCalls} LLM calls, ` +
      `${summary.tokens} tokens, $${summary.costUsd.toFixed(6)}`,
    `skipped ${skippedCount(summary)}${skipped.length ? ` (${skipped.join(', ')})` : ''}`,
    `failed ${summary.failed.length}`,
    ...summary.failed.slice(0, 20).map((f) => `  ${f.run}: ${f.reason}`),
  ];
  if (summary.failed.length > 20) lines.push(`  … and ${summary.failed.length - 20} more`);
  if (summary.interrupted)
    lines.push(
      'interrupted: the runs after these were not exported; the same command again finishes the job',
    );
  return lines.join('\n');
}
