/**
 * Sandbox-safe entry point for Temporal workflow code: span helpers that
 * nest agent and tool spans under RunWorkflow, replay-safely.
 */
export { activeSpan, runInSpan, runSpan, startSpan, withSpan } from './workflow/scope.js';
export { WorkflowSpan } from './workflow/workflow-span.js';
export { runUsage, usageOf } from './workflow/usage.js';
export { interceptors } from './workflow/interceptors.js';
export { SpanName, TemporalAttr, OpenInferenceAttr, type OpenInferenceSpanKind } from './common/semconv.js';
export { UsageRollup, type LlmCallSummary, type RollupSnapshot } from './common/rollup.js';
export { runAgent, type RunAgentOptions } from './workflow/run-agent.js';
export { waitForHuman, type HumanDecision, type WaitForHumanOptions } from './workflow/human-wait.js';
export {
  activityTool,
  type ActivityToolDefinition,
  DEFAULT_TOOL_ACTIVITY_OPTIONS,
} from './workflow/activity-tool.js';
export {
  ActivityModel,
  TemporalModelProvider,
  type DurableModelOptions,
  DEFAULT_MODEL_ACTIVITY_OPTIONS,
  DEFAULT_MODEL,
} from './workflow/activity-model.js';
export { toWorkflowError } from './workflow/failures.js';
export {
  agentRunWorkflow,
  agentProgressQuery,
  approveAgentUpdate,
  agentCancelReasonSignal,
} from './workflow/agent-run-workflow.js';
export { registerAgent, type AgentDefinition, type AgentRunContext } from './workflow/agent-registry.js';
export type { ToolApprovalRequest, ToolApprovalAnswer, ApproveTools } from './workflow/tool-approval.js';
export type * from './common/agent-run-wire.js';
export { evalRunWorkflow, evalProgressQuery, evalResultsQuery } from './workflow/eval-run-workflow.js';
export { registerScorer, type CustomScorer } from './workflow/eval-scoring.js';
export type { ScoringInput, Verdict } from './common/eval-scorers.js';
export type * from './common/eval-wire.js';
