// The generic agent workflow: runs the agent a worker registered under the
// request's agent id, with a step limit, a deadline, tool approval and live
// progress. Sandbox-safe.
import {
  ApplicationFailure,
  CancellationScope,
  defineQuery,
  defineSignal,
  defineUpdate,
  isCancellation,
  setHandler,
  sleep,
} from '@temporalio/workflow';
import {
  AGENT_RUN_TIMED_OUT,
  AgentRunMessage,
  type AgentRunOutput,
  type AgentRunProgress,
  type AgentRunRequest,
  type AgentRunStatus,
  type ApprovalDecision,
  type ApprovalOutcome,
  MAX_ITERATIONS_EXCEEDED,
  UNKNOWN_AGENT,
} from '../common/agent-run-wire.js';
import { AgentRunAttr, HumanAttr } from '../common/semconv.js';
import {
  type AgentDefinition,
  type AgentRunContext,
  registeredAgent,
  registeredAgentIds,
} from './agent-registry.js';
import { AgentRunState } from './agent-run-state.js';
import { withRunEvents } from './run-events.js';
import { runAgent } from './run-agent.js';
import { activeSpan, runSpan } from './scope.js';
import { requiringApproval, type ToolApprovalAnswer } from './tool-approval.js';

export const agentProgressQuery = defineQuery<AgentRunProgress>(AgentRunMessage.PROGRESS_QUERY);
export const approveAgentUpdate = defineUpdate<ApprovalOutcome, [ApprovalDecision]>(
  AgentRunMessage.APPROVE_UPDATE,
);
export const agentCancelReasonSignal = defineSignal<[{ reason: string; by?: string }]>(
  AgentRunMessage.CANCEL_REASON_SIGNAL,
);

const DEFAULT_MAX_ITERATIONS = 10;
const DEFAULT_TIMEOUT_SECONDS = 3600;

/** Runs the agent registered under `request.agentId` (see `registerAgent`). */
export async function agentRunWorkflow(request: AgentRunRequest): Promise<AgentRunOutput> {
  const definition = registeredAgent(request.agentId);
  const state = new AgentRunState(
    request.maxIterations ?? definition?.maxIterations ?? DEFAULT_MAX_ITERATIONS,
  );
  setHandler(agentProgressQuery, () => state.progress());
  setHandler(approveAgentUpdate, (d) => ({ decided: state.decide(d) }), {
    validator: (d) => state.validateDecision(d),
  });
  setHandler(agentCancelReasonSignal, ({ reason, by }) => {
    state.report(`cancel requested by ${by ?? 'someone'}: ${reason}`);
    activeSpan()?.setAttributes({
      [HumanAttr.DECISION]: 'cancel',
      [HumanAttr.DECIDER]: by,
      [HumanAttr.REASON]: reason,
    });
  });
  runSpan()?.setAttributes({
    [AgentRunAttr.PROJECT_ID]: request.projectId,
    [AgentRunAttr.AGENT_ID]: request.agentId,
    [AgentRunAttr.AGENT_VERSION]: request.agentVersion,
  });

  let timedOut = false;
  try {
    if (!definition) {
      throw ApplicationFailure.nonRetryable(
        `no agent is registered under id "${request.agentId}" on this worker (registered: ${registeredAgentIds().join(', ') || 'none'})`,
        UNKNOWN_AGENT,
      );
    }
    state.publish('running');
    const output = await withDeadline(
      request.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
      () => (timedOut = true),
      () =>
        withRunEvents(
          (e) => countStep(state, e),
          () => runDefinition(definition, request, state),
        ),
    );
    state.report('completed');
    state.publish('completed');
    return { output, usage: { ...state.usage }, steps: state.steps };
  } catch (err) {
    const status: AgentRunStatus = timedOut ? 'timed_out' : isCancellation(err) ? 'cancelled' : 'failed';
    state.report(status);
    state.publish(status);
    if (timedOut) {
      throw ApplicationFailure.nonRetryable(
        `the agent run took longer than its ${request.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS} s timeout`,
        AGENT_RUN_TIMED_OUT,
      );
    }
    throw err;
  }
}

function countStep(state: AgentRunState, event: Parameters<AgentRunState['onEvent']>[0]): void {
  if (!state.onEvent(event)) {
    throw ApplicationFailure.nonRetryable(
      `the agent run reached its limit of ${state.maxSteps} model calls (maxIterations)`,
      MAX_ITERATIONS_EXCEEDED,
    );
  }
}

/**
 * Runs `fn` in a scope cancelled after `seconds`; a workflow timer rather than
 * Temporal's run timeout, so the run still ends its spans and says why.
 */
async function withDeadline<T>(seconds: number, onTimeout: () => void, fn: () => Promise<T>): Promise<T> {
  const work = new CancellationScope();
  const deadline = new CancellationScope();
  deadline
    .run(() => sleep(seconds * 1000))
    .then(
      () => {
        onTimeout();
        work.cancel();
      },
      () => undefined,
    );
  try {
    return await work.run(fn);
  } finally {
    deadline.cancel();
  }
}

function runDefinition(definition: AgentDefinition, request: AgentRunRequest, state: AgentRunState) {
  const context = runContext(request, state);
  if ('run' in definition) return definition.run(context);
  const input = typeof request.input === 'string' ? request.input : JSON.stringify(request.input);
  return context.runAgent(definition.agent(request), input).then((r) => r.finalOutput);
}

function runContext(request: AgentRunRequest, state: AgentRunState): AgentRunContext {
  let approvals = 0;
  const requestApproval: AgentRunContext['requestApproval'] = (subject, details) =>
    state.awaitDecision({
      toolCallId: `approval-${++approvals}`,
      toolName: subject,
      agentName: request.agentId,
      arguments: details === undefined ? '' : JSON.stringify(details),
    });
  return {
    request,
    requestApproval,
    report: (action) => state.report(action),
    runAgent: (agent, input, options = {}) =>
      runAgent(withRunTools(agent, request), input, {
        // One more than the limit, so the step count (which names the limit) stops the run first.
        maxTurns: state.maxSteps + 1,
        ...options,
        model: {
          ...options.model,
          activity: {
            ...options.model?.activity,
            ...(request.retryPolicy ? { retry: request.retryPolicy } : {}),
          },
        },
        approveTools: (requests) =>
          Promise.all(
            requests.map(async (r): Promise<ToolApprovalAnswer> => {
              const d = await state.awaitDecision(r);
              const by = d.approver ? ` by ${d.approver}` : '';
              return {
                toolCallId: r.toolCallId,
                approved: d.approved,
                message: `The call of ${r.toolName} was rejected${by}${d.reason ? `: ${d.reason}` : '.'}`,
              };
            }),
          ),
      }),
  };
}

/** The agent with only the tools the request allows, and approval on those it names. */
function withRunTools<TAgent extends Parameters<typeof runAgent>[0]>(
  agent: TAgent,
  request: AgentRunRequest,
): TAgent {
  const allowed = request.tools;
  const approval = new Set(request.approvalRequired ?? []);
  if (!allowed && approval.size === 0) return agent;
  const known = new Set(agent.tools.map((t) => t.name));
  for (const name of [...(allowed ?? []), ...approval]) {
    if (!known.has(name)) {
      throw ApplicationFailure.nonRetryable(
        `agent ${agent.name} has no tool "${name}" (its tools: ${[...known].join(', ') || 'none'})`,
        'UnknownTool',
      );
    }
  }
  const tools = agent.tools
    .filter((t) => !allowed || allowed.includes(t.name))
    .map((t) => (approval.has(t.name) && 'needsApproval' in t ? requiringApproval(t) : t));
  return agent.clone({ tools }) as TAgent;
}
