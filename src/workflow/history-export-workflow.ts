// The continuous history exporter as a Temporal workflow: every interval it
// takes the window of runs that closed since its checkpoint (minus a settle
// delay for visibility to catch up), exports them in parallel activities, and
// moves the checkpoint. The checkpoint lives in workflow state, so a crash
// loses nothing, and exporting again sends the same ids, so a retried
// activity duplicates nothing in the backends.
import {
  continueAsNew,
  defineQuery,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import {
  closedBetween,
  type ExportBatchResult,
  HISTORY_EXPORT_PROGRESS_QUERY,
  HistoryExportActivity,
  type HistoryExportInput,
  type HistoryExportProgress,
  type RunToExport,
} from '../common/history-export-wire.js';

type Activities = {
  [HistoryExportActivity.COUNT](query: string): Promise<number>;
  [HistoryExportActivity.LIST](query: string): Promise<RunToExport[]>;
  [HistoryExportActivity.EXPORT](runs: RunToExport[]): Promise<ExportBatchResult>;
};

const activities = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});

const progressQuery = defineQuery<HistoryExportProgress>(HISTORY_EXPORT_PROGRESS_QUERY);
/** Windows done before the workflow continues as new with its checkpoint. */
const WINDOWS_PER_RUN = 500;

/** Exports runs matching `input.query` as they close, forever. */
export async function historyExportWorkflow(
  input: HistoryExportInput,
  totals: ExportBatchResult = { exported: 0, skipped: 0, failed: 0, spans: 0 },
): Promise<never> {
  const interval = (input.intervalSeconds ?? 30) * 1000;
  const settle = (input.settleSeconds ?? 10) * 1000;
  const maxRuns = input.maxRunsPerWindow ?? 500;
  const perActivity = input.runsPerActivity ?? 25;
  let from = input.exportedBefore ?? new Date(workflowInfo().startTime).toISOString();
  setHandler(progressQuery, () => ({ exportedBefore: from, ...totals }));

  for (let windows = 0; windows < WINDOWS_PER_RUN && !workflowInfo().continueAsNewSuggested; windows++) {
    const now = Date.now() - settle;
    if (now <= Date.parse(from)) {
      await sleep(interval);
      continue;
    }
    let to = new Date(now).toISOString();
    // A window with more runs than one pass should take is halved until it fits.
    while ((await activities[HistoryExportActivity.COUNT](closedBetween(input.query, from, to))) > maxRuns) {
      const half = Date.parse(from) + Math.floor((Date.parse(to) - Date.parse(from)) / 2);
      if (half <= Date.parse(from) + 1) break;
      to = new Date(half).toISOString();
    }
    const runs = await activities[HistoryExportActivity.LIST](closedBetween(input.query, from, to));
    const batches: RunToExport[][] = [];
    for (let i = 0; i < runs.length; i += perActivity) batches.push(runs.slice(i, i + perActivity));
    for (const result of await Promise.all(batches.map((b) => activities[HistoryExportActivity.EXPORT](b)))) {
      totals.exported += result.exported;
      totals.skipped += result.skipped;
      totals.failed += result.failed;
      totals.spans += result.spans;
    }
    from = to;
    if (Date.parse(to) >= now) await sleep(interval);
  }
  return continueAsNew<typeof historyExportWorkflow>({ ...input, exportedBefore: from }, totals);
}
