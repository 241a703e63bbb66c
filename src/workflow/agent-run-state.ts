// What a run of the generic agent workflow shows its clients: status, steps,
// messages, usage and the approvals it waits for. Workflow time throughout, so
// the state is the same on replay. Sandbox-safe.
import {
  ApplicationFailure,
  condition,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import {
  AGENT_STATUS_MEMO,
  APPROVAL_NOT_PENDING,
  AgentSearchAttribute,
  type AgentRunProgress,
  type AgentRunStatus,
  type AgentRunUsage,
  type ApprovalDecision,
  type PendingApproval,
  type ProgressMessage,
} from '../common/agent-run-wire.js';
import { HumanAttr } from '../common/semconv.js';
import { roundUsd } from '../common/round.js';
import type { RunEvent } from './run-events.js';
import { waitForHuman } from './human-wait.js';

const MAX_MESSAGES = 100;
const statusKey = defineSearchAttributeKey(AgentSearchAttribute.STATUS, SearchAttributeType.KEYWORD);

/** The live state of one agent run. */
export class AgentRunState {
  private status: AgentRunProgress['status'] = 'running';
  private step = 0;
  private action = 'starting';
  private readonly messages: ProgressMessage[] = [];
  private readonly pending: PendingApproval[] = [];
  private readonly decisions = new Map<string, ApprovalDecision>();
  readonly usage: AgentRunUsage = {
    llmCalls: 0,
    inputTokens: 0,
    outputTokens: 0,
    totalTokens: 0,
    costUsd: 0,
  };

  constructor(
    /** Most model calls the run may make (its `maxIterations`). */
    readonly maxSteps: number,
  ) {}

  get steps(): number {
    return this.step;
  }

  /** What the progress query answers. */
  progress(): AgentRunProgress {
    return {
      status: this.status,
      step: this.step,
      totalSteps: this.maxSteps,
      currentAction: this.action,
      pendingApprovals: [...this.pending],
      messages: [...this.messages],
      usage: { ...this.usage },
    };
  }

  /** Sets the current action and logs it. */
  report(action: string): void {
    this.action = action;
    this.messages.push({ time: new Date().toISOString(), text: action });
    if (this.messages.length > MAX_MESSAGES) this.messages.splice(0, this.messages.length - MAX_MESSAGES);
  }

  /** Counts a model or tool call; returns false when the run has used up its steps. */
  onEvent(event: RunEvent): boolean {
    const who = 'agentName' in event && event.agentName ? `${event.agentName}: ` : '';
    switch (event.kind) {
      case 'model_start':
        this.step++;
        this.report(`${who}calling ${event.model} (step ${this.step} of ${this.maxSteps})`);
        return this.step <= this.maxSteps;
      case 'model_end':
        this.usage.llmCalls++;
        this.usage.inputTokens += event.llm.inputTokens;
        this.usage.outputTokens += event.llm.outputTokens;
        this.usage.totalTokens += event.llm.totalTokens;
        this.usage.costUsd = roundUsd(this.usage.costUsd + (event.llm.cost?.total ?? 0));
        this.report(`${who}${event.model} answered (${event.llm.totalTokens} tokens)`);
        return true;
      case 'tool_start':
        this.report(`running tool ${event.toolName}`);
        return true;
      case 'tool_end':
        this.report(`tool ${event.toolName} done`);
        return true;
    }
  }

  /** Publishes `status` where clients and visibility read it: the memo, and the search attribute if the run has it. */
  publish(status: AgentRunStatus): void {
    if (status === 'running' || status === 'awaiting_approval') this.status = status;
    else if (status !== 'pending') this.status = 'finishing';
    upsertMemo({ [AGENT_STATUS_MEMO]: status });
    if (workflowInfo().typedSearchAttributes.get(statusKey) !== undefined) {
      upsertSearchAttributes([{ key: statusKey, value: status }]);
    }
  }

  /**
   * Waits, as a `HumanWait:approval` span, until a person decides on
   * `request`; it is listed as pending meanwhile.
   */
  async awaitDecision(request: Omit<PendingApproval, 'requestedAt'>): Promise<ApprovalDecision> {
    const entry = { ...request, requestedAt: new Date().toISOString() };
    this.pending.push(entry);
    this.setWaiting();
    this.report(`awaiting approval: ${request.toolName}`);
    try {
      return await waitForHuman('approval', () => condition(() => this.decisions.has(request.toolCallId)), {
        attributes: { [HumanAttr.SUBJECT]: request.toolName },
        decided: () => {
          const d = this.decisions.get(request.toolCallId)!;
          return { decision: d.approved ? 'approve' : 'reject', decider: d.approver, reason: d.reason };
        },
      }).then(() => this.decisions.get(request.toolCallId)!);
    } finally {
      this.pending.splice(this.pending.indexOf(entry), 1);
      this.setWaiting();
    }
  }

  /** Checks a decision before it is accepted (the update's validator). */
  validateDecision(decision: ApprovalDecision): void {
    if (this.pending.length === 0) throw notPending('the run is not waiting for an approval');
    const id = decision.toolCallId;
    if (id !== undefined && !this.pending.some((p) => p.toolCallId === id)) {
      throw notPending(`no approval is pending for tool call ${id}`);
    }
  }

  /** Applies a validated decision to the call it names, or to every pending call. */
  decide(decision: ApprovalDecision): string[] {
    const ids = this.pending.map((p) => p.toolCallId).filter((id) => (decision.toolCallId ?? id) === id);
    for (const id of ids) this.decisions.set(id, decision);
    this.report(
      `${decision.approved ? 'approved' : 'rejected'} by ${decision.approver ?? 'someone'}: ${ids.length} call(s)`,
    );
    return ids;
  }

  private setWaiting(): void {
    const status = this.pending.length > 0 ? 'awaiting_approval' : 'running';
    if (status !== this.status) this.publish(status);
  }
}

/** Rejects an update: there is nothing (or not that call) to approve. The client maps it by type. */
function notPending(message: string): ApplicationFailure {
  return ApplicationFailure.create({ message, type: APPROVAL_NOT_PENDING, nonRetryable: true });
}
