/**
 * Client side of agent runs as a service: the typed run client for the
 * generic agent workflow (`agentRunWorkflow` in `temporal-agents-otel/workflow`),
 * its errors and its types. The HTTP API is in `temporal-agents-otel/http`.
 */
export {
  AgentRunClient,
  type AgentRunClientOptions,
  type AgentRunResult,
  type StartedAgentRun,
} from './client/agent-run-client.js';
export { type StartAgentRunOptions, defaultWorkflowId } from './client/agent-run-request.js';
export { type AgentRunSummary, type ListAgentRunsFilter } from './client/agent-run-status.js';
export type { RunHistoryEvent } from './client/agent-run-history.js';
export * from './client/agent-run-errors.js';
export type {
  AgentRunStatus,
  AgentRunProgress,
  AgentRunUsage,
  AgentRunOutput,
  ApprovalDecision,
  ApprovalOutcome,
  PendingApproval,
  ProgressMessage,
} from './common/agent-run-wire.js';
export { type StartEvalRunOptions, type StartedEvalRun } from './client/eval-runs.js';
export type {
  EvalCase,
  ScorerSpec,
  CaseScore,
  CaseResult,
  EvalProgress,
  EvalResults,
  ScorerStats,
} from './common/eval-wire.js';
