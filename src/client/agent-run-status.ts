// A run's agent status from what Temporal says about it, and the visibility
// query that lists runs by project, agent and status.
import type { WorkflowExecutionInfo } from '@temporalio/client';
import {
  AGENT_RUN_WORKFLOW,
  AGENT_STATUS_MEMO,
  AgentSearchAttribute,
  type AgentRunStatus,
} from '../common/agent-run-wire.js';
import { TRACE_ID_MEMO } from '../common/semconv.js';

/** Memo field with the run's project, agent and version, set at start. */
export const AGENT_RUN_MEMO = 'agentRun';

/** What the client knows about a run without asking its worker. */
export interface AgentRunSummary {
  workflowId: string;
  runId: string;
  status: AgentRunStatus;
  /** Temporal's own status name, e.g. `TERMINATED` for a run counted as cancelled. */
  temporalStatus: string;
  projectId?: string;
  agentId?: string;
  agentVersion?: string;
  startedAt: Date;
  completedAt?: Date;
  traceId?: string;
  /** The caller's labels given at start. */
  metadata?: Record<string, string>;
}

/** The trace id a traced client recorded in a run's memo, if any. */
export function traceIdInMemo(memo: Record<string, unknown> | undefined): string | undefined {
  const value = memo?.[TRACE_ID_MEMO];
  return typeof value === 'string' ? value : undefined;
}

/** The summary of a run from its description or list entry. */
export function summarize(info: Omit<WorkflowExecutionInfo, 'raw'>): AgentRunSummary {
  const memo = info.memo ?? {};
  const run = (memo[AGENT_RUN_MEMO] ?? {}) as {
    projectId?: string;
    agentId?: string;
    agentVersion?: string;
    metadata?: Record<string, string>;
  };
  const published = memo[AGENT_STATUS_MEMO] as AgentRunStatus | undefined;
  return {
    workflowId: info.workflowId,
    runId: info.runId,
    status: agentStatus(info.status.name, published),
    temporalStatus: info.status.name,
    projectId: run.projectId,
    agentId: run.agentId,
    agentVersion: run.agentVersion,
    startedAt: info.startTime,
    completedAt: info.closeTime,
    traceId: traceIdInMemo(memo),
    metadata: run.metadata,
  };
}

/**
 * Temporal's status decides once a run has closed; while it runs, the status
 * the workflow published (none yet means no worker has picked it up).
 */
export function agentStatus(temporal: string, published: AgentRunStatus | undefined): AgentRunStatus {
  switch (temporal) {
    case 'COMPLETED':
      return 'completed';
    case 'FAILED':
      return published === 'timed_out' ? 'timed_out' : 'failed';
    case 'CANCELLED':
    case 'TERMINATED':
      return 'cancelled';
    case 'TIMED_OUT':
      return 'timed_out';
    default:
      return published === 'running' || published === 'awaiting_approval' ? published : 'pending';
  }
}

/** Filters of `listAgentRuns`. */
export interface ListAgentRunsFilter {
  projectId?: string;
  agentId?: string;
  agentVersion?: string;
  status?: AgentRunStatus;
  /** Only runs started at or after this time. */
  startedAfter?: Date;
}

/** The search attributes a filter needs. */
export function attributesNeeded(filter: ListAgentRunsFilter): string[] {
  const needed: string[] = [];
  if (filter.projectId !== undefined) needed.push(AgentSearchAttribute.PROJECT_ID);
  if (filter.agentId !== undefined) needed.push(AgentSearchAttribute.AGENT_ID);
  if (filter.agentVersion !== undefined) needed.push(AgentSearchAttribute.AGENT_VERSION);
  if (
    filter.status &&
    ['pending', 'running', 'awaiting_approval', 'timed_out', 'failed'].includes(filter.status)
  )
    needed.push(AgentSearchAttribute.STATUS);
  return needed;
}

/** The visibility query for `filter`, with every value quoted. */
export function listQuery(filter: ListAgentRunsFilter): string {
  const clauses = [`WorkflowType = ${quote(AGENT_RUN_WORKFLOW)}`];
  if (filter.projectId !== undefined)
    clauses.push(`${AgentSearchAttribute.PROJECT_ID} = ${quote(filter.projectId)}`);
  if (filter.agentId !== undefined)
    clauses.push(`${AgentSearchAttribute.AGENT_ID} = ${quote(filter.agentId)}`);
  if (filter.agentVersion !== undefined)
    clauses.push(`${AgentSearchAttribute.AGENT_VERSION} = ${quote(filter.agentVersion)}`);
  if (filter.startedAfter) clauses.push(`StartTime >= ${quote(filter.startedAfter.toISOString())}`);
  if (filter.status) clauses.push(statusClause(filter.status));
  return clauses.join(' AND ');
}

function statusClause(status: AgentRunStatus): string {
  const published = (s: string) => `${AgentSearchAttribute.STATUS} = ${quote(s)}`;
  switch (status) {
    case 'pending':
    case 'running':
    case 'awaiting_approval':
      return `ExecutionStatus = 'Running' AND ${published(status)}`;
    case 'completed':
      return `ExecutionStatus = 'Completed'`;
    case 'failed':
      return `ExecutionStatus = 'Failed' AND ${AgentSearchAttribute.STATUS} != 'timed_out'`;
    case 'cancelled':
      return `ExecutionStatus IN ('Canceled', 'Terminated')`;
    case 'timed_out':
      return `(ExecutionStatus = 'TimedOut' OR (ExecutionStatus = 'Failed' AND ${published('timed_out')}))`;
  }
}

function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
