// The run client's objects as the HTTP API's snake_case JSON.
import type { AgentRunResult, StartedAgentRun } from '../client/agent-run-client.js';
import type { RunHistoryEvent } from '../client/agent-run-history.js';
import type { AgentRunSummary } from '../client/agent-run-status.js';
import type { AgentRunProgress, AgentRunUsage } from '../common/agent-run-wire.js';

/** Trace UI links for a trace id, from `TRACE_UI_URLS`-style templates. */
export type TraceLinks = (traceId: string | undefined) => Record<string, string> | undefined;

export function usageJson(u: AgentRunUsage) {
  return {
    llm_calls: u.llmCalls,
    input_tokens: u.inputTokens,
    output_tokens: u.outputTokens,
    total_tokens: u.totalTokens,
    cost_usd: u.costUsd,
  };
}

export function startedJson(s: StartedAgentRun, links: TraceLinks) {
  return {
    id: s.workflowId,
    run_id: s.runId,
    trace_id: s.traceId,
    trace_links: links(s.traceId),
    created: s.created,
  };
}

export function statusJson(s: AgentRunSummary, links: TraceLinks) {
  return {
    id: s.workflowId,
    run_id: s.runId,
    status: s.status,
    temporal_status: s.temporalStatus,
    project_id: s.projectId,
    agent_id: s.agentId,
    agent_version: s.agentVersion,
    started_at: s.startedAt.toISOString(),
    completed_at: s.completedAt?.toISOString(),
    trace_id: s.traceId,
    trace_links: links(s.traceId),
    metadata: s.metadata,
  };
}

export function progressJson(p: AgentRunProgress & { workflowId: string }) {
  return {
    id: p.workflowId,
    status: p.status,
    step: p.step,
    total_steps: p.totalSteps,
    current_action: p.currentAction,
    pending_approvals: p.pendingApprovals.map((a) => ({
      tool_call_id: a.toolCallId,
      tool_name: a.toolName,
      agent_name: a.agentName,
      arguments: a.arguments,
      requested_at: a.requestedAt,
    })),
    messages: p.messages,
    usage: usageJson(p.usage),
  };
}

export function resultJson(r: AgentRunResult, links: TraceLinks) {
  return {
    id: r.workflowId,
    run_id: r.runId,
    status: 'completed' as const,
    output: r.output,
    usage: usageJson(r.usage),
    steps: r.steps,
    duration_ms: Math.round(r.durationMs),
    trace_id: r.traceId,
    trace_links: links(r.traceId),
    metadata: r.metadata,
  };
}

export function historyJson(h: { workflowId: string; runId: string; events: RunHistoryEvent[] }) {
  return {
    id: h.workflowId,
    run_id: h.runId,
    events: h.events.map((e) => ({
      event_id: e.eventId,
      time: e.time.toISOString(),
      type: e.type,
      detail: e.detail,
    })),
  };
}
