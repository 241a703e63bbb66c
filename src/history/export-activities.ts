// The continuous exporter's activities, on the host: list closed runs through
// visibility, export a batch of them.
import { heartbeat } from '@temporalio/activity';
import {
  type ExportBatchResult,
  HistoryExportActivity,
  type RunToExport,
} from '../common/history-export-wire.js';
import { emptySummary, skippedCount } from './export-summary.js';
import { HistoryExporter, type HistoryExporterOptions } from './history-exporter.js';

/** Activities for `historyExportWorkflow`; register them on the exporter's worker. */
export function createHistoryExportActivities(options: HistoryExporterOptions) {
  const exporter = new HistoryExporter(options);
  const { client } = options;
  return {
    async [HistoryExportActivity.COUNT](query: string): Promise<number> {
      return (await client.workflow.count(query)).count;
    },
    async [HistoryExportActivity.LIST](query: string): Promise<RunToExport[]> {
      const runs: RunToExport[] = [];
      for await (const info of client.workflow.list({ query }))
        runs.push({ workflowId: info.workflowId, runId: info.runId });
      return runs;
    },
    async [HistoryExportActivity.EXPORT](runs: RunToExport[]): Promise<ExportBatchResult> {
      const summary = emptySummary();
      for (const run of runs) {
        await exporter.exportRun(run, { listed: true, summary });
        heartbeat();
      }
      return {
        exported: summary.exported,
        skipped: skippedCount(summary),
        failed: summary.failed.length,
        spans: summary.spans,
      };
    },
  };
}
