// Typed errors of the run client, in place of raw gRPC and Temporal errors.
import type { AgentRunStatus } from '../common/agent-run-wire.js';

/** Base class of the run client's errors. */
export class AgentRunError extends Error {
  override readonly name: string = 'AgentRunError';
  constructor(
    message: string,
    /** The run's workflow id, when the error is about one run. */
    readonly workflowId?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** No run has this workflow id (or it is past the namespace's retention). */
export class RunNotFoundError extends AgentRunError {
  override readonly name = 'RunNotFoundError';
  constructor(workflowId: string, options?: { cause?: unknown }) {
    super(`no agent run with id ${workflowId}`, workflowId, options);
  }
}

/** The run has closed, so it takes no approval or cancellation. */
export class RunClosedError extends AgentRunError {
  override readonly name = 'RunClosedError';
  constructor(
    workflowId: string,
    readonly status: AgentRunStatus,
    options?: { cause?: unknown },
  ) {
    super(`agent run ${workflowId} has already closed (${status})`, workflowId, options);
  }
}

/** The run is not waiting for an approval (or not for the tool call named). */
export class ApprovalNotPendingError extends AgentRunError {
  override readonly name = 'ApprovalNotPendingError';
}

/** A run with this workflow id exists already. */
export class RunAlreadyExistsError extends AgentRunError {
  override readonly name = 'RunAlreadyExistsError';
  constructor(workflowId: string, options?: { cause?: unknown }) {
    super(`an agent run with id ${workflowId} exists already`, workflowId, options);
  }
}

/** The run ended without a result: it failed, was cancelled or timed out. */
export class AgentRunFailedError extends AgentRunError {
  override readonly name = 'AgentRunFailedError';
  constructor(
    workflowId: string,
    readonly status: Extract<AgentRunStatus, 'failed' | 'cancelled' | 'timed_out'>,
    message: string,
    /** The failure's type, e.g. `MaxIterationsExceeded`, when the run failed with one. */
    readonly failureType?: string,
    options?: { cause?: unknown },
  ) {
    super(`agent run ${workflowId} ${status.replace('_', ' ')}: ${message}`, workflowId, options);
  }
}

/** `waitForAgentResult` gave up waiting; the run goes on. */
export class AgentResultTimeoutError extends AgentRunError {
  override readonly name = 'AgentResultTimeoutError';
  constructor(workflowId: string, seconds: number) {
    super(`agent run ${workflowId} has not finished after ${seconds} s (it is still running)`, workflowId);
  }
}

/** A request field is missing or wrong; `field` names it. */
export class InvalidAgentRunRequestError extends AgentRunError {
  override readonly name = 'InvalidAgentRunRequestError';
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field} ${problem}`);
  }
}

/** The workflow with this id is not a run of the generic agent workflow. */
export class NotAnAgentRunError extends AgentRunError {
  override readonly name = 'NotAnAgentRunError';
  constructor(workflowId: string, workflowType: string) {
    super(`workflow ${workflowId} is a ${workflowType}, not an agent run`, workflowId);
  }
}

/** Listing by project, agent or status needs search attributes the namespace lacks. */
export class SearchAttributesMissingError extends AgentRunError {
  override readonly name = 'SearchAttributesMissingError';
  constructor(readonly missing: string[]) {
    super(
      `listing agent runs by project, agent or status needs the Keyword search attributes ${missing.join(', ')}; ` +
        `register them with: ${missing.map((m) => `temporal operator search-attribute create --name ${m} --type Keyword`).join(' && ')}`,
    );
  }
}
