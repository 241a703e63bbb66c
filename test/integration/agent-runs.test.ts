// The run client and the generic agent workflow on a real Temporal server,
// with the offline model: start, status, progress, approval (approve, reject,
// twice, after cancel), cancel mid-model-call, timeout, step limit, errors.
import { describe, expect, it } from 'vitest';
import {
  AgentRunClient,
  AgentRunFailedError,
  ApprovalNotPendingError,
  InvalidAgentRunRequestError,
  NotAnAgentRunError,
  RunAlreadyExistsError,
  RunClosedError,
  RunNotFoundError,
} from '../../src/runs.js';
import { createServiceActivities } from '../../examples/service/activities.js';
import { SERVICE_WORKFLOWS_PATH } from '../../examples/service/worker.js';
import OpenAI from 'openai';
import { useResearchSuite } from '../support/research-suite.js';
import { until } from '../support/poll.js';
import { runTraceInMemory } from '../support/research.js';
import { one, parentOf } from '../support/spans.js';

const suite = useResearchSuite('agent-runs', {
  workflowsPath: SERVICE_WORKFLOWS_PATH,
  activities: (url) =>
    createServiceActivities({ openai: new OpenAI({ baseURL: url, apiKey: 'offline-test-key' }) }),
});
const runs = () => new AgentRunClient({ client: suite.h.client, taskQueue: suite.taskQueue });
const refund = { projectId: 'shop', agentId: 'support', input: 'Refund order 1234, it arrived broken.' };

const awaitingApproval = (id: string) =>
  until('awaiting approval', async () => {
    const p = await runs().getAgentProgress(id);
    return p.pendingApprovals.length > 0 ? p : undefined;
  });

describe('agent runs through the run client', () => {
  it('pauses before a tool that needs approval, runs it once approved, and traces the wait and the decision', async () => {
    const client = runs();
    const started = await client.startAgentRun({ ...refund, metadata: { ticket: 'T-1' } });
    expect(started.workflowId).toMatch(/^agent-support-\d{8}T\d{6}Z-[a-z0-9]{6}$/);
    expect(started.traceId).toMatch(/^[0-9a-f]{32}$/);
    const waiting = await awaitingApproval(started.workflowId);
    expect(waiting.status).toBe('awaiting_approval');
    expect(waiting.pendingApprovals).toEqual([
      expect.objectContaining({ toolName: 'issueRefund', agentName: 'SupportAgent' }),
    ]);
    expect(JSON.parse(waiting.pendingApprovals[0]!.arguments)).toHaveProperty('orderId');
    expect(waiting.step).toBe(1);
    expect(waiting.usage.llmCalls).toBe(1);
    expect((await client.getAgentStatus(started.workflowId)).status).toBe('awaiting_approval');

    const outcome = await client.approveAgent(started.workflowId, { approved: true, approver: 'ana' });
    expect(outcome.decided).toEqual([waiting.pendingApprovals[0]!.toolCallId]);
    const result = await client.waitForAgentResult(started.workflowId, { timeoutSeconds: 60 });
    expect(result.steps).toBe(2);
    expect(result.usage.llmCalls).toBe(2);
    expect(result.metadata).toEqual({ ticket: 'T-1' });
    expect(result.traceId).toBe(started.traceId);
    expect(result.durationMs).toBeGreaterThan(0);
    const status = await client.getAgentStatus(started.workflowId);
    expect(status).toMatchObject({ status: 'completed', projectId: 'shop', agentId: 'support' });
    expect(status.completedAt).toBeInstanceOf(Date);

    const { spans } = await runTraceInMemory(suite.h, started.workflowId);
    const run = one(spans, 'RunWorkflow:agentRunWorkflow');
    expect(run.attributes['agent.run.agent_id']).toBe('support');
    expect(run.attributes['agent.run.project_id']).toBe('shop');
    expect(status.metadata).toEqual({ ticket: 'T-1' });
    for (const span of spans) expect(JSON.stringify(span.attributes), span.name).not.toContain('T-1');
    const wait = one(spans, 'HumanWait:approval');
    expect(wait.attributes).toMatchObject({
      'human.decision': 'approve',
      'human.decider': 'ana',
      'human.subject': 'issueRefund',
    });
    expect(parentOf(spans, wait)?.name).toBe('agent SupportAgent');
    expect(one(spans, 'tool issueRefund')).toBeDefined();
    const handler = one(spans, 'HandleUpdate:approveAgent');
    expect(parentOf(spans, handler)).toBe(run);
    expect(run.attributes['temporal.time.human_ms']).toBeGreaterThan(0);
    expect(run.attributes['rollup.llm.token_count.total']).toBe(result.usage.totalTokens);
    expect(run.attributes['rollup.llm.cost.total']).toBeCloseTo(result.usage.costUsd, 12);
  });

  it('a rejection is the tool result the model sees; the tool never runs', async () => {
    const client = runs();
    const { workflowId } = await client.startAgentRun(refund);
    await awaitingApproval(workflowId);
    await client.approveAgent(workflowId, { approved: false, reason: 'needs a photo first', approver: 'bo' });
    const result = await client.waitForAgentResult(workflowId, { timeoutSeconds: 60 });
    expect(String(result.output)).toContain('rejected by bo: needs a photo first');
    const history = await client.getRunHistory(workflowId);
    const scheduled = history.events.filter((e) => e.type === 'ActivityTaskScheduled').map((e) => e.detail);
    expect(scheduled).toEqual(['invokeModel', 'invokeModel']);
    expect(history.events[0]).toMatchObject({
      eventId: 1,
      type: 'WorkflowExecutionStarted',
      detail: 'agentRunWorkflow',
    });
    const { spans } = await runTraceInMemory(suite.h, workflowId);
    expect(one(spans, 'HumanWait:approval').attributes['human.decision']).toBe('reject');
    expect(spans.filter((s) => s.name === 'tool issueRefund')).toEqual([]);
  });

  it('refuses a second approval, one for an unknown call, and one when nothing waits', async () => {
    const client = runs();
    const { workflowId } = await client.startAgentRun(refund);
    const waiting = await awaitingApproval(workflowId);
    await expect(
      client.approveAgent(workflowId, { approved: true, toolCallId: 'call_nope' }),
    ).rejects.toThrow(ApprovalNotPendingError);
    await client.approveAgent(workflowId, {
      approved: true,
      toolCallId: waiting.pendingApprovals[0]!.toolCallId,
    });
    await expect(client.approveAgent(workflowId, { approved: true })).rejects.toThrow(
      ApprovalNotPendingError,
    );
    await client.waitForAgentResult(workflowId);
    await expect(client.approveAgent(workflowId, { approved: true })).rejects.toThrow(RunClosedError);

    const lookup = await client.startAgentRun({ ...refund, tools: ['lookupOrder'] });
    await expect(client.approveAgent(lookup.workflowId, { approved: true })).rejects.toThrow(
      ApprovalNotPendingError,
    );
    expect((await client.waitForAgentResult(lookup.workflowId)).steps).toBe(2);
  });

  it('an approval after a cancel is refused as closed; the cancel reason is in progress and trace', async () => {
    const client = runs();
    const { workflowId } = await client.startAgentRun(refund);
    await awaitingApproval(workflowId);
    await client.cancelAgentRun(workflowId, 'customer withdrew', { by: 'ops' });
    const failure = await client.waitForAgentResult(workflowId).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AgentRunFailedError);
    expect((failure as AgentRunFailedError).status).toBe('cancelled');
    const closed = await client.approveAgent(workflowId, { approved: true }).catch((e: unknown) => e);
    expect(closed).toBeInstanceOf(RunClosedError);
    expect((closed as RunClosedError).status).toBe('cancelled');
    expect((await client.getAgentStatus(workflowId)).status).toBe('cancelled');
    const { spans } = await runTraceInMemory(suite.h, workflowId);
    const signal = one(spans, 'HandleSignal:agentCancelReason');
    expect(signal.attributes).toMatchObject({ 'human.decision': 'cancel', 'human.decider': 'ops' });
    const run = one(spans, 'RunWorkflow:agentRunWorkflow');
    expect(run.status.code).toBe(2);
    expect(run.events.map((e) => e.attributes?.['exception.type'])).toEqual(['CancelledFailure']);
  });

  it('cancels a run while its model call is in flight', async () => {
    suite.model.setFaults([{ kind: 'hold', times: 1 }]);
    const client = runs();
    const { workflowId } = await client.startAgentRun({ ...refund, tools: ['lookupOrder'] });
    await until('model call held', () => suite.model.stats().held > 0);
    expect((await client.getAgentProgress(workflowId)).currentAction).toMatch(/calling/);
    await client.cancelAgentRun(workflowId, 'too slow');
    const failure = await client.waitForAgentResult(workflowId).catch((e: unknown) => e);
    expect((failure as AgentRunFailedError).status).toBe('cancelled');
  });

  it('times out a run still waiting for approval after timeoutSeconds', async () => {
    const client = runs();
    const { workflowId } = await client.startAgentRun({ ...refund, timeoutSeconds: 3 });
    const failure = await client
      .waitForAgentResult(workflowId, { timeoutSeconds: 60 })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AgentRunFailedError);
    expect((failure as AgentRunFailedError).status).toBe('timed_out');
    expect((await client.getAgentStatus(workflowId)).status).toBe('timed_out');
    const { spans } = await runTraceInMemory(suite.h, workflowId);
    expect(one(spans, 'HumanWait:approval').status.code).not.toBe(0);
  });

  it('fails a run past maxIterations, and a run of an unknown agent, with their failure types', async () => {
    const client = runs();
    const limited = await client.startAgentRun({ ...refund, tools: ['lookupOrder'], maxIterations: 1 });
    const over = (await client
      .waitForAgentResult(limited.workflowId)
      .catch((e: unknown) => e)) as AgentRunFailedError;
    expect(over).toBeInstanceOf(AgentRunFailedError);
    expect(over).toMatchObject({ status: 'failed', failureType: 'MaxIterationsExceeded' });
    const unknown = await client.startAgentRun({ ...refund, agentId: 'nobody' });
    const missing = (await client
      .waitForAgentResult(unknown.workflowId)
      .catch((e: unknown) => e)) as AgentRunFailedError;
    expect(missing).toMatchObject({ status: 'failed', failureType: 'UnknownAgent' });
    expect(missing.message).toContain('registered: research, support');
  });

  it('closes the connection it made itself when disposed (await using), and leaves a given client open', async () => {
    const own = await AgentRunClient.connect({ address: suite.h.address, taskQueue: suite.taskQueue });
    await expect(own.getAgentStatus('no-such-run')).rejects.toThrow(RunNotFoundError);
    await own[Symbol.asyncDispose]();
    await expect(own.getAgentStatus('no-such-run')).rejects.not.toThrow(RunNotFoundError);
    const shared = runs();
    await shared.close();
    await expect(shared.getAgentStatus('no-such-run')).rejects.toThrow(RunNotFoundError);
  });

  it('maps bad requests and unknown ids to typed errors, and starts idempotently when asked', async () => {
    const client = runs();
    await expect(client.startAgentRun({ ...refund, projectId: '' })).rejects.toThrow(
      InvalidAgentRunRequestError,
    );
    const bad = await client.startAgentRun({ ...refund, maxIterations: 0 }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ name: 'InvalidAgentRunRequestError', field: 'maxIterations' });
    await expect(client.getAgentStatus('no-such-run')).rejects.toThrow(RunNotFoundError);
    await expect(client.getAgentProgress('no-such-run')).rejects.toThrow(RunNotFoundError);
    await expect(client.cancelAgentRun('no-such-run')).rejects.toThrow(RunNotFoundError);

    const workflowId = `task-${suite.taskQueue}`;
    const first = await client.startAgentRun(
      { ...refund, tools: ['lookupOrder'], workflowId },
      { idempotent: true },
    );
    const again = await client.startAgentRun(
      { ...refund, tools: ['lookupOrder'], workflowId },
      { idempotent: true },
    );
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ created: false, runId: first.runId });
    await expect(client.startAgentRun({ ...refund, workflowId })).rejects.toThrow(RunAlreadyExistsError);
    await client.waitForAgentResult(workflowId);
    const closedAgain = await client.startAgentRun(
      { ...refund, tools: ['lookupOrder'], workflowId },
      { idempotent: true },
    );
    expect(closedAgain).toMatchObject({ created: false, runId: first.runId });

    const research = await suite.h.client.workflow.start('ResearchWorkflow', {
      taskQueue: suite.taskQueue,
      workflowId: `plain-${suite.taskQueue}`,
      args: [{ query: 'q', review: true }],
    });
    await expect(client.getAgentStatus(research.workflowId)).rejects.toThrow(NotAnAgentRunError);
    await research.terminate();
  });
});
