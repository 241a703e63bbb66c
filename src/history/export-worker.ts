// The worker that runs the continuous history exporter, and how to start it.
import type { Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { HISTORY_EXPORT_WORKFLOW, type HistoryExportInput } from '../common/history-export-wire.js';
import { siblingModule } from '../worker/module-path.js';
import { createHistoryExportActivities } from './export-activities.js';
import type { HistoryExporterOptions } from './history-exporter.js';

/** Default task queue of the continuous exporter. */
export const HISTORY_EXPORT_TASK_QUEUE = 'temporal-agents-otel-history-export';

/**
 * A worker for `historyExportWorkflow` and its activities. It is not traced
 * itself (no plugin): the exporter's own runs are not what anyone wants to see.
 * Run several on one task queue to share the export activities.
 */
export async function createHistoryExportWorker(
  options: HistoryExporterOptions & { connection: NativeConnection; taskQueue?: string },
): Promise<Worker> {
  const { connection, taskQueue = HISTORY_EXPORT_TASK_QUEUE, ...exporter } = options;
  return Worker.create({
    connection,
    namespace: options.namespace ?? options.client.options.namespace,
    taskQueue,
    workflowsPath: siblingModule('../workflow/history-export-workflow.js', import.meta.url),
    activities: createHistoryExportActivities(exporter),
  });
}

/**
 * Starts the continuous exporter for a query, once: its workflow id is derived
 * from the query, so starting it again finds the running one.
 */
export async function startContinuousExport(
  client: Client,
  input: HistoryExportInput,
  taskQueue = HISTORY_EXPORT_TASK_QUEUE,
): Promise<{ workflowId: string; started: boolean }> {
  const workflowId = `history-export-${shortHash(input.query)}`;
  try {
    await client.workflow.start(HISTORY_EXPORT_WORKFLOW, {
      workflowId,
      taskQueue,
      args: [input],
    });
    return { workflowId, started: true };
  } catch (err) {
    if ((err as Error).name === 'WorkflowExecutionAlreadyStartedError') return { workflowId, started: false };
    throw err;
  }
}

function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}
