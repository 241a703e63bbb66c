// The run client: start agent runs by project and agent id, follow, approve,
// wait for, cancel, list and read them; typed errors instead of gRPC ones.
import {
  Client,
  Connection,
  isGrpcDeadlineError,
  isGrpcServiceError,
  WorkflowFailedError,
  type WorkflowHandle,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  AGENT_RUN_WORKFLOW,
  AGENT_STATUS_MEMO,
  AgentRunMessage,
  type AgentRunOutput,
  type AgentRunProgress,
  APPROVAL_NOT_PENDING,
  type ApprovalDecision,
  type ApprovalOutcome,
} from '../common/agent-run-wire.js';
import { AgentTracingPlugin } from '../host/plugin.js';
import {
  AgentResultTimeoutError,
  ApprovalNotPendingError,
  NotAnAgentRunError,
  RunAlreadyExistsError,
  SearchAttributesMissingError,
} from './agent-run-errors.js';
import { historyEvents, type RunHistoryEvent } from './agent-run-history.js';
import { AgentSearchAttributes } from './agent-search-attributes.js';
import { failureOf, mapRunErrors } from './run-error-mapping.js';
import { expectStartedTraceId, takeStartedTraceId } from './started-trace-ids.js';
import { startEvalRun, type StartEvalRunOptions, type StartedEvalRun } from './eval-runs.js';
import { type EvalProgress, type EvalResults, EvalRunMessage } from '../common/eval-wire.js';
import {
  agentRunRequest,
  checkDecision,
  defaultWorkflowId,
  type StartAgentRunOptions,
} from './agent-run-request.js';
import {
  AGENT_RUN_MEMO,
  type AgentRunSummary,
  attributesNeeded,
  type ListAgentRunsFilter,
  listQuery,
  summarize,
} from './agent-run-status.js';

/** Options of {@link AgentRunClient}. */
export interface AgentRunClientOptions {
  /** A Temporal client; give it the `AgentTracingPlugin` so each run starts its trace here. */
  client: Client;
  /** Task queue of the workers that registered the agents (default `agents`). */
  taskQueue?: string;
  /** Set the agent search attributes on runs: `auto` (default) uses those the namespace has. */
  searchAttributes?: 'auto' | boolean;
}

/** What `startAgentRun` returns. */
export interface StartedAgentRun {
  workflowId: string;
  runId: string;
  /** The run's trace id, when the client traced the start. */
  traceId?: string;
  /** False when an idempotent start found the run already there. */
  created: boolean;
}

/** What `waitForAgentResult` returns for a completed run. */
export interface AgentRunResult extends AgentRunOutput {
  workflowId: string;
  runId: string;
  durationMs: number;
  traceId?: string;
  metadata?: Record<string, string>;
}

const DEFAULT_TASK_QUEUE = 'agents';
/** Temporal's own run timeout is a backstop this far past the run's deadline, which the workflow enforces. */
const BACKSTOP_SECONDS = 300;

/**
 * Typed access to agent runs of the generic agent workflow. Close it (or
 * `await using`) when it owns its connection (made by {@link AgentRunClient.connect}).
 */
export class AgentRunClient {
  private readonly client: Client;
  private readonly taskQueue: string;
  private readonly attributes: AgentSearchAttributes;

  constructor(
    private readonly options: AgentRunClientOptions,
    private readonly ownedConnection?: Connection,
  ) {
    this.client = options.client;
    this.taskQueue = options.taskQueue ?? DEFAULT_TASK_QUEUE;
    this.attributes = new AgentSearchAttributes(this.client, options.searchAttributes);
  }

  /** Connects to Temporal with a traced client that this run client owns. */
  static async connect(options: {
    address: string;
    namespace?: string;
    taskQueue?: string;
    searchAttributes?: 'auto' | boolean;
  }): Promise<AgentRunClient> {
    const connection = await Connection.connect({ address: options.address });
    const client = new Client({
      connection,
      namespace: options.namespace,
      plugins: [new AgentTracingPlugin()],
    });
    return new AgentRunClient({ ...options, client }, connection);
  }

  /**
   * Starts a run of the agent registered under `agentId`. With `idempotent`,
   * an existing run with the same workflow id (running or closed) is returned
   * instead of an error, as long as it runs the same project and agent.
   */
  async startAgentRun(options: StartAgentRunOptions, { idempotent = false } = {}): Promise<StartedAgentRun> {
    const request = agentRunRequest(options);
    const workflowId = options.workflowId ?? defaultWorkflowId(options.agentId);
    const identity = {
      projectId: request.projectId,
      agentId: request.agentId,
      agentVersion: request.agentVersion,
    };
    expectStartedTraceId(workflowId);
    try {
      const handle = await this.client.workflow.start(AGENT_RUN_WORKFLOW, {
        taskQueue: this.taskQueue,
        workflowId,
        args: [request],
        memo: {
          [AGENT_RUN_MEMO]: { ...identity, metadata: options.metadata },
          [AGENT_STATUS_MEMO]: 'pending',
        },
        typedSearchAttributes: await this.attributes.forStart(identity),
        workflowExecutionTimeout: `${(request.timeoutSeconds ?? 3600) + BACKSTOP_SECONDS} seconds`,
        workflowIdReusePolicy: idempotent ? 'REJECT_DUPLICATE' : undefined,
      });
      const traceId = takeStartedTraceId(workflowId);
      return { workflowId, runId: handle.firstExecutionRunId, traceId, created: true };
    } catch (err) {
      takeStartedTraceId(workflowId);
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      if (!idempotent) throw new RunAlreadyExistsError(workflowId, { cause: err });
      const existing = await this.getAgentStatus(workflowId);
      if (existing.projectId !== request.projectId || existing.agentId !== request.agentId)
        throw new RunAlreadyExistsError(workflowId, { cause: err });
      return { workflowId, runId: existing.runId, traceId: existing.traceId, created: false };
    }
  }

  /** Where a run is, from Temporal's record of it (no worker needed). */
  async getAgentStatus(workflowId: string): Promise<AgentRunSummary> {
    return mapRunErrors(this.client, workflowId, async () => {
      const description = await this.handle(workflowId).describe();
      if (description.type !== AGENT_RUN_WORKFLOW) throw new NotAnAgentRunError(workflowId, description.type);
      return summarize(description);
    });
  }

  /** The run's current step, action, pending approvals, messages, tokens and cost. */
  async getAgentProgress(workflowId: string): Promise<AgentRunProgress & { workflowId: string }> {
    return mapRunErrors(this.client, workflowId, async () => {
      const progress = await this.handle(workflowId).query<AgentRunProgress>(AgentRunMessage.PROGRESS_QUERY);
      return { workflowId, ...progress };
    });
  }

  /** Approves or rejects the pending tool calls (all, or the one `toolCallId` names). */
  async approveAgent(workflowId: string, decision: ApprovalDecision): Promise<ApprovalOutcome> {
    checkDecision(decision);
    return mapRunErrors(this.client, workflowId, async () => {
      try {
        return await this.handle(workflowId).executeUpdate<ApprovalOutcome, [ApprovalDecision]>(
          AgentRunMessage.APPROVE_UPDATE,
          { args: [decision] },
        );
      } catch (err) {
        const cause = err instanceof WorkflowUpdateFailedError ? err.cause : undefined;
        if (cause instanceof ApplicationFailure && cause.type === APPROVAL_NOT_PENDING)
          throw new ApprovalNotPendingError(cause.message, workflowId, { cause: err });
        throw err;
      }
    });
  }

  /** Waits until the run closes; throws `AgentRunFailedError` unless it completed. */
  async waitForAgentResult(workflowId: string, { timeoutSeconds = 300 } = {}): Promise<AgentRunResult> {
    const deadline = Date.now() + timeoutSeconds * 1000;
    return mapRunErrors(this.client, workflowId, async () => {
      const handle = this.handle(workflowId);
      let output: AgentRunOutput;
      try {
        output = await this.client.connection.withDeadline(deadline, () => handle.result());
      } catch (err) {
        if (isGrpcDeadlineError(err) || (isGrpcServiceError(err) && Date.now() >= deadline))
          throw new AgentResultTimeoutError(workflowId, timeoutSeconds);
        if (err instanceof WorkflowFailedError)
          throw failureOf(workflowId, err, await this.getAgentStatus(workflowId));
        throw err;
      }
      const run = summarize(await handle.describe());
      const durationMs = (run.completedAt?.getTime() ?? Date.now()) - run.startedAt.getTime();
      return {
        ...output,
        workflowId,
        runId: run.runId,
        durationMs,
        traceId: run.traceId,
        metadata: run.metadata,
      };
    });
  }

  /** Cancels a run; `reason` and `by` are recorded in its progress and trace. */
  async cancelAgentRun(
    workflowId: string,
    reason = 'cancelled',
    { by }: { by?: string } = {},
  ): Promise<void> {
    return mapRunErrors(this.client, workflowId, async () => {
      const handle = this.handle(workflowId);
      await handle.signal(AgentRunMessage.CANCEL_REASON_SIGNAL, { reason, by });
      await handle.cancel();
    });
  }

  /** Runs matching `filter`, newest first, at most `limit` (default 50). */
  async listAgentRuns(filter: ListAgentRunsFilter & { limit?: number } = {}): Promise<AgentRunSummary[]> {
    const lacking = await this.attributes.missing(attributesNeeded(filter));
    if (lacking.length > 0) throw new SearchAttributesMissingError(lacking);
    const limit = Math.min(Math.max(1, filter.limit ?? 50), 1000);
    const runs: AgentRunSummary[] = [];
    for await (const info of this.client.workflow.list({ query: listQuery(filter), pageSize: limit })) {
      runs.push(summarize(info));
      if (runs.length >= limit) break;
    }
    return runs;
  }

  /** The run's event history, event by event. */
  async getRunHistory(
    workflowId: string,
  ): Promise<{ workflowId: string; runId: string; events: RunHistoryEvent[] }> {
    return mapRunErrors(this.client, workflowId, async () => {
      const run = await this.getAgentStatus(workflowId);
      const history = await this.client.workflow.getHandle(workflowId, run.runId).fetchHistory();
      return { workflowId, runId: run.runId, events: historyEvents(history) };
    });
  }

  /** Starts an evaluation run: each case of `dataset` as its own agent run, scored. */
  startEvalRun(options: StartEvalRunOptions): Promise<StartedEvalRun> {
    return startEvalRun(this.client, this.taskQueue, options);
  }

  /** Completed/total, passed, failed, average score and each case's status and score. */
  getEvalProgress(evalId: string): Promise<EvalProgress> {
    return mapRunErrors(this.client, evalId, () =>
      this.handle(evalId).query<EvalProgress>(EvalRunMessage.PROGRESS_QUERY),
    );
  }

  /** The eval's results, waiting up to `timeoutSeconds` for it to finish. */
  getEvalResults(evalId: string, { timeoutSeconds = 600 } = {}): Promise<EvalResults> {
    const deadline = Date.now() + timeoutSeconds * 1000;
    return mapRunErrors(this.client, evalId, async () => {
      try {
        return await this.client.connection.withDeadline(deadline, () => this.handle(evalId).result());
      } catch (err) {
        if (isGrpcDeadlineError(err)) throw new AgentResultTimeoutError(evalId, timeoutSeconds);
        throw err;
      }
    });
  }

  /** Cancels an eval run; its case runs are cancelled with it. */
  cancelEvalRun(evalId: string): Promise<void> {
    return mapRunErrors(this.client, evalId, async () => void (await this.handle(evalId).cancel()));
  }

  /** Closes the connection if this client made it. */
  async close(): Promise<void> {
    await this.ownedConnection?.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private handle(workflowId: string): WorkflowHandle {
    return this.client.workflow.getHandle(workflowId);
  }
}
