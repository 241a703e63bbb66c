// What the continuous history exporter's workflow and activities exchange.
// Sandbox-safe: types and constants only.

/** A run to export. */
export interface RunToExport {
  workflowId: string;
  runId: string;
}

/** Input of the continuous exporter workflow; also its state across continue-as-new. */
export interface HistoryExportInput {
  /** Visibility query selecting the runs to export, e.g. `WorkflowType='ResearchWorkflow'`. */
  query: string;
  /** Runs that closed before this time (ISO 8601) are done. Default: when the workflow started. */
  exportedBefore?: string;
  /** Seconds between looks for newly closed runs (default 30). */
  intervalSeconds?: number;
  /** How long visibility may lag behind a run's close, in seconds (default 10). */
  settleSeconds?: number;
  /** Most runs exported per window; larger windows are halved (default 500). */
  maxRunsPerWindow?: number;
  /** Runs per export activity (default 25); activities of a window run in parallel. */
  runsPerActivity?: number;
}

/** What one export activity reports. */
export interface ExportBatchResult {
  exported: number;
  skipped: number;
  failed: number;
  spans: number;
}

/** Totals the exporter has reached, and its checkpoint, readable through its query. */
export interface HistoryExportProgress extends ExportBatchResult {
  exportedBefore: string;
}

/** Activity names of the continuous exporter. */
export const HistoryExportActivity = {
  COUNT: 'historyExportCountClosed',
  LIST: 'historyExportListClosed',
  EXPORT: 'historyExportRuns',
} as const;

/** Workflow type of the continuous exporter (never exported by itself). */
export const HISTORY_EXPORT_WORKFLOW = 'historyExportWorkflow';
/** Query returning {@link HistoryExportProgress}. */
export const HISTORY_EXPORT_PROGRESS_QUERY = 'historyExportProgress';

/** The visibility query of runs that closed in [from, to), ISO times. */
export function closedBetween(query: string, from: string, to: string): string {
  return (
    `(${query}) AND WorkflowType != '${HISTORY_EXPORT_WORKFLOW}' AND ExecutionStatus != 'Running' ` +
    `AND CloseTime >= '${from}' AND CloseTime < '${to}'`
  );
}
