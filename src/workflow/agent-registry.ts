// The agents a worker runs by id through the generic agent workflow. Agents
// are built inside the sandbox, so the registry lives in workflow code: the
// worker's workflows module registers them as it loads. Sandbox-safe.
import type { Agent, RunResult } from '@openai/agents-core';
import type { AgentRunRequest, ApprovalDecision } from '../common/agent-run-wire.js';
import type { RunAgentOptions } from './run-agent.js';

/** What a pipeline registered with `run` gets from the generic workflow. */
export interface AgentRunContext {
  readonly request: AgentRunRequest;
  /**
   * `runAgent` with this run's limits: its tool selection, the tools that need
   * approval (decided through `approveAgent`), and its retry policy.
   */
  runAgent<TAgent extends Agent<any, any>>(
    agent: TAgent,
    input: string,
    options?: Omit<RunAgentOptions, 'approveTools'>,
  ): Promise<RunResult<unknown, TAgent>>;
  /** Waits for a person to approve or reject `subject`; `details` is shown to them (JSON). */
  requestApproval(subject: string, details?: unknown): Promise<ApprovalDecision>;
  /** Sets what the run is doing now and adds it to the progress messages. */
  report(action: string): void;
}

/** An agent the generic workflow can run: one agent, or a pipeline of them. */
export type AgentDefinition = {
  description?: string;
  /** Default for `maxIterations` (model calls per run) when the request sets none. */
  maxIterations?: number;
} & (
  | {
      /** Builds the agent for a run; its output is the run's output. */
      agent: (request: AgentRunRequest) => Agent<any, any>;
    }
  | {
      /** Runs a pipeline; what it returns is the run's output. */
      run: (context: AgentRunContext) => Promise<unknown>;
    }
);

const registry = new Map<string, AgentDefinition>();

/**
 * Registers an agent under `agentId` for the generic agent workflow. Call it
 * at the top level of the worker's workflows module, so every run (and every
 * replay) sees the same registry.
 */
export function registerAgent(agentId: string, definition: AgentDefinition): void {
  if (!agentId.trim()) throw new TypeError('registerAgent: agentId must not be empty');
  registry.set(agentId, definition);
}

/** The agent registered under `agentId`, if any. */
export function registeredAgent(agentId: string): AgentDefinition | undefined {
  return registry.get(agentId);
}

/** Ids of the registered agents, for error messages. */
export function registeredAgentIds(): string[] {
  return [...registry.keys()].sort();
}
