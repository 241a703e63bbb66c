// Where a run's time went, summed on its RunWorkflow span as it ends: model
// calls, other activities (tools), waits for people. Workflow time, so the sums
// are deterministic and move in steps of workflow tasks. Sandbox-safe.
import { TimeTotalAttr } from '../common/semconv.js';
import { runSpan } from './scope.js';
import type { WorkflowSpan } from './workflow-span.js';

/** What a stretch of a run's time was spent on. */
export type TimeKind = 'model' | 'tool' | 'human';

const totals = new WeakMap<WorkflowSpan, Record<TimeKind, number>>();

/** Adds `ms` of `kind` to the current run's totals. */
export function addRunTime(kind: TimeKind, ms: number): void {
  const run = runSpan();
  if (!run || !(ms >= 0)) return;
  let sums = totals.get(run);
  if (!sums) {
    const created = (sums = { model: 0, tool: 0, human: 0 });
    totals.set(run, created);
    run.beforeEnd(() =>
      run.setAttributes({
        [TimeTotalAttr.MODEL_MS]: created.model,
        [TimeTotalAttr.TOOL_MS]: created.tool,
        [TimeTotalAttr.HUMAN_MS]: created.human,
      }),
    );
  }
  sums[kind] += ms;
}
