// The continuous exporter's activities, on the host: list closed runs through
// visibility, export a batch of them.
import { heartbeat } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
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
  const delivery = exporter.deliveryCheck();
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
    /**
     * Exports a batch and waits for its spans to arrive. One that did not is
     * a retryable failure: the workflow keeps its checkpoint and the retry
     * sends the same ids again. While a backend still refuses what it holds,
     * a batch fails before adding more.
     */
    async [HistoryExportActivity.EXPORT](runs: RunToExport[]): Promise<ExportBatchResult> {
      if (delivery.pending() > 0) {
        const waiting = await delivery.check();
        if (waiting.length) throw notDelivered(waiting, 'the backend is not taking spans yet');
      }
      const summary = emptySummary();
      for (const run of runs) {
        await exporter.exportRun(run, { listed: true, summary });
        heartbeat();
      }
      const lost = await delivery.check();
      if (lost.length) throw notDelivered(lost, 'the batch will be exported again');
      return {
        exported: summary.exported,
        skipped: skippedCount(summary),
        failed: summary.failed.length,
        spans: summary.spans,
      };
    },
  };
}

function notDelivered(lines: string[], then: string): ApplicationFailure {
  return ApplicationFailure.retryable(`not delivered: ${lines.join('; ')}; ${then}`, 'SpansNotDelivered');
}
