// Tool calls that wait for a person, between two legs of an agent run. Sandbox-safe.
import type { RunToolApprovalItem } from '@openai/agents-core';

/** A tool call the agent wants to make that needs approval. */
export interface ToolApprovalRequest {
  toolCallId: string;
  toolName: string;
  agentName: string;
  /** The arguments as the model wrote them (JSON text). */
  arguments: string;
}

/** The answer to one {@link ToolApprovalRequest}. */
export interface ToolApprovalAnswer {
  toolCallId: string;
  approved: boolean;
  /** What the model is told instead of the tool's result when rejected. */
  message?: string;
}

/** Decides the tool calls an agent run stopped at; see `runAgent`'s `approveTools`. */
export type ApproveTools = (requests: ToolApprovalRequest[]) => Promise<ToolApprovalAnswer[]>;

/** The request for one interruption of the agents SDK. */
export function approvalRequestOf(item: RunToolApprovalItem): ToolApprovalRequest {
  const raw = item.rawItem as { callId?: string; id?: string };
  return {
    toolCallId: raw.callId ?? raw.id ?? '',
    toolName: item.name ?? 'unknown',
    agentName: item.agent.name,
    arguments: item.arguments ?? '',
  };
}

/** A copy of `tool` that always asks for approval. */
export function requiringApproval<T extends { needsApproval: unknown }>(tool: T): T {
  return { ...tool, needsApproval: async () => true };
}
