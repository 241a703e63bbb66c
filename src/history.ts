/**
 * Traces rebuilt from Temporal event history: export finished runs from any
 * worker (any language, with or without tracing) to the span pipeline, once
 * or continuously. See docs/history-export.md.
 */
export { HistoryExporter, type HistoryExporterOptions } from './history/history-exporter.js';
export type { TracedRunPolicy, UnsampledRunPolicy, WorkerTracedRunPolicy } from './history/run-placement.js';
export type { ExportSummary, RunExportResult } from './history/export-summary.js';
export type { PayloadOptions } from './history/payload-values.js';
export type { RemoteCodecOptions } from './history/remote-codec.js';
export {
  type ActivityMap,
  type ModelActivityMapping,
  checkActivityMap,
  loadActivityMap,
} from './history/activity-map.js';
export {
  HISTORY_EXPORT_TASK_QUEUE,
  createHistoryExportWorker,
  startContinuousExport,
} from './history/export-worker.js';
export { createHistoryExportActivities } from './history/export-activities.js';
export {
  HISTORY_EXPORT_PROGRESS_QUERY,
  HISTORY_EXPORT_WORKFLOW,
  type HistoryExportInput,
  type HistoryExportProgress,
} from './common/history-export-wire.js';
