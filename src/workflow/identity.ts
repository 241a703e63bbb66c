// The run's identity as span attributes: our normalized keys, and the keys
// Temporal's Python and Go interceptors use. Sandbox-safe.
import { workflowInfo } from '@temporalio/workflow';
import { FleetAttr, TemporalAttr } from '../common/semconv.js';

/** Normalized Temporal identity (never memo, search attributes or results). */
export function identity(): Record<string, string | number> {
  const info = workflowInfo();
  return {
    [TemporalAttr.WORKFLOW_ID]: info.workflowId,
    [TemporalAttr.RUN_ID]: info.runId,
    [TemporalAttr.WORKFLOW_TYPE]: info.workflowType,
    [TemporalAttr.TASK_QUEUE]: info.taskQueue,
    [TemporalAttr.NAMESPACE]: info.namespace,
  };
}

/** The ids under the keys Temporal's Python and Go interceptors use, for Run spans. */
export function fleetIdentity(): Record<string, string> {
  const info = workflowInfo();
  return { [FleetAttr.WORKFLOW_ID]: info.workflowId, [FleetAttr.RUN_ID]: info.runId };
}
