// A run client's start options, checked field by field, and the run's default id.
import type { AgentRunRequest, ApprovalDecision } from '../common/agent-run-wire.js';
import { InvalidAgentRunRequestError } from './agent-run-errors.js';

/** Options of `startAgentRun`: the workflow's request, and what stays with the client. */
export interface StartAgentRunOptions extends AgentRunRequest {
  /** Caller's labels, kept in the run's memo and returned with its status and result; never on spans. */
  metadata?: Record<string, string>;
  /** Workflow id (default `agent-<agentId>-<time>-<random>`). */
  workflowId?: string;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,199}$/;
const MAX_TIMEOUT_SECONDS = 30 * 24 * 3600;
const MAX_INPUT_BYTES = 256 * 1024;

/** The workflow input for `options`, or an error naming the first bad field. */
export function agentRunRequest(options: StartAgentRunOptions): AgentRunRequest {
  const o = options as unknown as Record<string, unknown>;
  if (typeof o !== 'object' || o === null)
    throw new InvalidAgentRunRequestError('options', 'must be an object');
  identifier(o, 'projectId');
  identifier(o, 'agentId');
  if (o.agentVersion !== undefined) identifier(o, 'agentVersion');
  if (o.input === undefined) throw new InvalidAgentRunRequestError('input', 'is required');
  const size = Buffer.byteLength(JSON.stringify(o.input) ?? '');
  if (size > MAX_INPUT_BYTES) {
    throw new InvalidAgentRunRequestError(
      'input',
      `is ${size} bytes; at most ${MAX_INPUT_BYTES} are accepted`,
    );
  }
  names(o, 'tools');
  names(o, 'approvalRequired');
  integer(o, 'maxIterations', 1, 1000);
  integer(o, 'timeoutSeconds', 1, MAX_TIMEOUT_SECONDS);
  if (o.metadata !== undefined) {
    const m = o.metadata;
    if (typeof m !== 'object' || m === null || Array.isArray(m))
      throw new InvalidAgentRunRequestError('metadata', 'must be an object of strings');
    for (const [k, v] of Object.entries(m))
      if (typeof v !== 'string') throw new InvalidAgentRunRequestError(`metadata.${k}`, 'must be a string');
  }
  if (o.workflowId !== undefined) identifier(o, 'workflowId');
  return {
    projectId: options.projectId,
    agentId: options.agentId,
    agentVersion: options.agentVersion,
    input: options.input,
    tools: options.tools,
    approvalRequired: options.approvalRequired,
    maxIterations: options.maxIterations,
    timeoutSeconds: options.timeoutSeconds,
    retryPolicy: options.retryPolicy,
  };
}

/** Checks a decision before it is sent. */
export function checkDecision(decision: ApprovalDecision): void {
  const d = decision as unknown as Record<string, unknown>;
  if (typeof d !== 'object' || d === null)
    throw new InvalidAgentRunRequestError('decision', 'must be an object');
  if (typeof d.approved !== 'boolean')
    throw new InvalidAgentRunRequestError('approved', 'must be true or false');
  for (const field of ['reason', 'approver', 'toolCallId'])
    if (d[field] !== undefined && typeof d[field] !== 'string')
      throw new InvalidAgentRunRequestError(field, 'must be a string');
}

/** `agent-<agentId>-<UTC time to the second>-<6 random characters>`: sortable and readable in Temporal's UI. */
export function defaultWorkflowId(agentId: string, now = new Date()): string {
  const time = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const random = Math.random().toString(36).slice(2, 8).padEnd(6, '0');
  return `agent-${agentId.replace(/[^A-Za-z0-9._-]/g, '_')}-${time}-${random}`;
}

function identifier(o: Record<string, unknown>, field: string): void {
  checkId(field, o[field]);
}

/** Checks an id (project, agent, version, workflow) and names `field` when it is wrong. */
export function checkId(field: string, v: unknown): void {
  if (typeof v !== 'string' || !ID.test(v)) {
    throw new InvalidAgentRunRequestError(
      field,
      'must be 1-200 characters: letters, digits and . _ : @ / - (starting with a letter or digit)',
    );
  }
}

function names(o: Record<string, unknown>, field: string): void {
  const v = o[field];
  if (v === undefined) return;
  if (!Array.isArray(v) || v.length > 100 || v.some((n) => typeof n !== 'string' || !ID.test(n)))
    throw new InvalidAgentRunRequestError(field, 'must be a list of up to 100 tool names');
}

function integer(o: Record<string, unknown>, field: string, min: number, max: number): void {
  const v = o[field];
  if (v !== undefined && (!Number.isInteger(v) || (v as number) < min || (v as number) > max))
    throw new InvalidAgentRunRequestError(field, `must be a whole number from ${min} to ${max}`);
}
