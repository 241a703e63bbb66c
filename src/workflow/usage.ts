// Tokens and cost of the LLM calls under each workflow span, kept beside the
// spans rather than in them: a call counts for its span and every enclosing
// one, and each span carries its sums (as `rollup.*` attributes) when it ends.
// Sandbox-safe.
import { type LlmCallSummary, UsageRollup } from '../common/rollup.js';
import { runSpan } from './scope.js';
import type { WorkflowSpan } from './workflow-span.js';

const rollups = new WeakMap<WorkflowSpan, UsageRollup>();

/** Counts one LLM call for `span` and every workflow span enclosing it. */
export function recordLlmCall(span: WorkflowSpan | undefined, call: LlmCallSummary): void {
  for (let s = span; s; s = s.parentSpan) {
    let rollup = rollups.get(s);
    if (!rollup) {
      const created = (rollup = new UsageRollup());
      const owner = s;
      rollups.set(owner, created);
      owner.beforeEnd(() => owner.setAttributes(created.toAttributes()));
    }
    rollup.add(call);
  }
}

/** Tokens, cost and call count of the LLM calls under `span` so far. */
export function usageOf(span: WorkflowSpan | undefined): UsageRollup {
  return (span && rollups.get(span)) ?? new UsageRollup();
}

/** The same for the whole run (its RunWorkflow span): what a progress query reports. */
export function runUsage(): UsageRollup {
  return usageOf(runSpan());
}
