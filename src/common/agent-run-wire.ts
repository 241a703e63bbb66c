// What the generic agent workflow and its clients (the run client, the HTTP
// API) exchange. Sandbox-safe: types and constants only.
import type { RetryPolicy } from '@temporalio/common';

/** Workflow type of the generic agent workflow. */
export const AGENT_RUN_WORKFLOW = 'agentRunWorkflow';

/** Query, update and signal names of {@link AGENT_RUN_WORKFLOW}. */
export const AgentRunMessage = {
  PROGRESS_QUERY: 'agentProgress',
  APPROVE_UPDATE: 'approveAgent',
  CANCEL_REASON_SIGNAL: 'agentCancelReason',
} as const;

/** Memo field holding the run's agent status while it runs and as it ends. */
export const AGENT_STATUS_MEMO = 'agentStatus';

/**
 * Keyword search attributes the run client sets when the namespace has them
 * (the project's dev server registers them); `listAgentRuns` needs them.
 */
export const AgentSearchAttribute = {
  PROJECT_ID: 'AgentProjectId',
  AGENT_ID: 'AgentId',
  AGENT_VERSION: 'AgentVersion',
  STATUS: 'AgentStatus',
} as const;

/** Where a run is: the first three while it runs, the others once it has closed. */
export type AgentRunStatus =
  | 'pending'
  | 'running'
  | 'awaiting_approval'
  | 'completed'
  | 'failed'
  | 'cancelled'
  | 'timed_out';

/** Failure type of a run that ran past its `timeoutSeconds`. */
export const AGENT_RUN_TIMED_OUT = 'AgentRunTimedOut';
/** Failure type of an approval the run was not waiting for. */
export const APPROVAL_NOT_PENDING = 'ApprovalNotPending';
/** Failure type of a run that made more model calls than its `maxIterations`. */
export const MAX_ITERATIONS_EXCEEDED = 'MaxIterationsExceeded';
/** Failure type of a run whose agent id no worker registered. */
export const UNKNOWN_AGENT = 'UnknownAgent';

/** Input of the generic agent workflow. */
export interface AgentRunRequest {
  projectId: string;
  agentId: string;
  agentVersion?: string;
  /** What the agent is asked: text, or JSON the registered agent understands. */
  input: unknown;
  /** Names of the agent's registered tools this run may use (default: all of them). */
  tools?: string[];
  /** Tools that need a person's approval before each call, on top of those registered so. */
  approvalRequired?: string[];
  /** Most agent turns (model calls) before the run fails (default 10). */
  maxIterations?: number;
  /** The run fails as `timed_out` after this many seconds (default 3600). */
  timeoutSeconds?: number;
  /** Retry policy of the model and tool activities. */
  retryPolicy?: RetryPolicy;
}

/** A tool call waiting for a person. */
export interface PendingApproval {
  /** The model's tool call id: what `approveAgent` may name. */
  toolCallId: string;
  toolName: string;
  agentName: string;
  /** The call's arguments as the model wrote them (JSON text). */
  arguments: string;
  /** When the run started waiting (ISO 8601). */
  requestedAt: string;
}

/** A person's answer to the pending tool calls (all of them, or the one named). */
export interface ApprovalDecision {
  approved: boolean;
  reason?: string;
  approver?: string;
  toolCallId?: string;
}

/** What `approveAgent` answers. */
export interface ApprovalOutcome {
  /** Tool call ids the decision applied to. */
  decided: string[];
}

/** A line of the run's progress log. */
export interface ProgressMessage {
  time: string;
  text: string;
}

/** Tokens and cost of a run's LLM calls so far. */
export interface AgentRunUsage {
  llmCalls: number;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  costUsd: number;
}

/** What the progress query answers. */
export interface AgentRunProgress {
  status: Extract<AgentRunStatus, 'running' | 'awaiting_approval'> | 'finishing';
  /** Agent turns taken so far, of at most `totalSteps`. */
  step: number;
  totalSteps: number;
  currentAction: string;
  pendingApprovals: PendingApproval[];
  /** The latest messages, oldest first (at most 100 are kept). */
  messages: ProgressMessage[];
  usage: AgentRunUsage;
}

/** What the generic agent workflow returns. */
export interface AgentRunOutput {
  output: unknown;
  usage: AgentRunUsage;
  steps: number;
}
