/**
 * Sandbox-safe entry point for Temporal workflow code: span helpers that
 * nest agent and tool spans under RunWorkflow, replay-safely.
 */
export { activeSpan, runInSpan, runSpan, startSpan, withSpan } from './temporal/workflow/scope.js';
export { WorkflowSpan } from './temporal/workflow/workflow-span.js';
export { interceptors } from './temporal/workflow/interceptors.js';
export { SpanName, TemporalAttr, OpenInferenceAttr, type OpenInferenceSpanKind } from './temporal/semconv.js';
export { UsageRollup, type LlmCallSummary, type RollupSnapshot } from './cost/rollup.js';
export { runAgent, type RunAgentOptions } from './agents/workflow/run-agent.js';
export {
  activityTool,
  type ActivityToolDefinition,
  DEFAULT_TOOL_ACTIVITY_OPTIONS,
} from './agents/workflow/activity-tool.js';
export {
  ActivityModel,
  TemporalModelProvider,
  type DurableModelOptions,
  DEFAULT_MODEL_ACTIVITY_OPTIONS,
  DEFAULT_MODEL,
} from './agents/workflow/activity-model.js';
export { toWorkflowError } from './agents/workflow/failures.js';
