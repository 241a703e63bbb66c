// JSON Schemas of the HTTP API's requests and responses: Fastify validates
// requests with them and the OpenAPI document is built from them.

const id = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,199}$' } as const;
const names = { type: 'array', items: id, maxItems: 100 } as const;
const time = { type: 'string', format: 'date-time' } as const;
const statusEnum = {
  type: 'string',
  enum: ['pending', 'running', 'awaiting_approval', 'completed', 'failed', 'cancelled', 'timed_out'],
} as const;

export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 400 } },
} as const;

export const executeBody = {
  type: 'object',
  additionalProperties: false,
  required: ['project_id', 'agent_id', 'input'],
  properties: {
    project_id: id,
    agent_id: id,
    agent_version: id,
    input: { description: 'Text, or JSON the agent understands.' },
    tools: { ...names, description: "Names of the agent's tools this run may use (default: all)." },
    approval_required: { ...names, description: 'Tools that need approval before each call in this run.' },
    max_iterations: { type: 'integer', minimum: 1, maximum: 1000 },
    timeout_seconds: { type: 'integer', minimum: 1, maximum: 2592000 },
    metadata: {
      type: 'object',
      additionalProperties: { type: 'string', maxLength: 1000 },
      maxProperties: 50,
    },
    task_id: {
      ...id,
      description: 'Idempotency key: executing the same task_id again returns the same run.',
    },
  },
} as const;

export const approveBody = {
  type: 'object',
  additionalProperties: false,
  required: ['approved'],
  properties: {
    approved: { type: 'boolean' },
    reason: { type: 'string', maxLength: 2000 },
    approver: { type: 'string', maxLength: 200 },
    tool_call_id: {
      type: 'string',
      maxLength: 200,
      description: 'Decide only this call (default: all pending).',
    },
  },
} as const;

export const cancelBody = {
  type: 'object',
  additionalProperties: false,
  properties: { reason: { type: 'string', maxLength: 2000 }, by: { type: 'string', maxLength: 200 } },
} as const;

export const resultQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { wait_seconds: { type: 'integer', minimum: 0, maximum: 300, default: 30 } },
} as const;

export const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    project_id: id,
    agent_id: id,
    agent_version: id,
    status: statusEnum,
    limit: { type: 'integer', minimum: 1, maximum: 1000, default: 50 },
  },
} as const;

const usage = {
  type: 'object',
  required: ['llm_calls', 'input_tokens', 'output_tokens', 'total_tokens', 'cost_usd'],
  properties: {
    llm_calls: { type: 'integer' },
    input_tokens: { type: 'integer' },
    output_tokens: { type: 'integer' },
    total_tokens: { type: 'integer' },
    cost_usd: { type: 'number' },
  },
} as const;

export const runStatus = {
  type: 'object',
  required: ['id', 'run_id', 'status', 'temporal_status', 'started_at'],
  properties: {
    id: { type: 'string' },
    run_id: { type: 'string' },
    status: statusEnum,
    temporal_status: { type: 'string' },
    project_id: { type: 'string' },
    agent_id: { type: 'string' },
    agent_version: { type: 'string' },
    started_at: time,
    completed_at: time,
    trace_id: { type: 'string' },
    trace_links: { type: 'object', additionalProperties: { type: 'string' } },
    metadata: { type: 'object', additionalProperties: { type: 'string' } },
  },
} as const;

export const executeResponse = {
  type: 'object',
  required: ['id', 'run_id', 'created'],
  properties: {
    id: { type: 'string', description: 'The run id (its Temporal workflow id).' },
    run_id: { type: 'string' },
    trace_id: { type: 'string' },
    trace_links: { type: 'object', additionalProperties: { type: 'string' } },
    created: { type: 'boolean', description: 'False when task_id named a run that already exists.' },
  },
} as const;

export const progressResponse = {
  type: 'object',
  required: [
    'id',
    'status',
    'step',
    'total_steps',
    'current_action',
    'pending_approvals',
    'messages',
    'usage',
  ],
  properties: {
    id: { type: 'string' },
    status: { type: 'string', enum: ['running', 'awaiting_approval', 'finishing'] },
    step: { type: 'integer' },
    total_steps: { type: 'integer' },
    current_action: { type: 'string' },
    pending_approvals: {
      type: 'array',
      items: {
        type: 'object',
        required: ['tool_call_id', 'tool_name', 'agent_name', 'arguments', 'requested_at'],
        properties: {
          tool_call_id: { type: 'string' },
          tool_name: { type: 'string' },
          agent_name: { type: 'string' },
          arguments: { type: 'string' },
          requested_at: time,
        },
      },
    },
    messages: {
      type: 'array',
      items: { type: 'object', required: ['time', 'text'], properties: { time, text: { type: 'string' } } },
    },
    usage,
  },
} as const;

export const approveResponse = {
  type: 'object',
  required: ['id', 'decided'],
  properties: { id: { type: 'string' }, decided: { type: 'array', items: { type: 'string' } } },
} as const;

export const cancelResponse = {
  type: 'object',
  required: ['id', 'status'],
  properties: { id: { type: 'string' }, status: { type: 'string', enum: ['cancelling'] } },
} as const;

export const resultResponse = {
  type: 'object',
  required: ['id', 'status'],
  properties: {
    id: { type: 'string' },
    run_id: { type: 'string' },
    status: statusEnum,
    output: { description: "The agent's final output (completed runs)." },
    usage,
    steps: { type: 'integer' },
    duration_ms: { type: 'integer' },
    trace_id: { type: 'string' },
    trace_links: { type: 'object', additionalProperties: { type: 'string' } },
    metadata: { type: 'object', additionalProperties: { type: 'string' } },
    error: {
      type: 'object',
      required: ['message'],
      properties: { message: { type: 'string' }, type: { type: 'string' } },
    },
  },
} as const;

export const listResponse = {
  type: 'object',
  required: ['runs'],
  properties: { runs: { type: 'array', items: runStatus } },
} as const;

export const historyResponse = {
  type: 'object',
  required: ['id', 'run_id', 'events'],
  properties: {
    id: { type: 'string' },
    run_id: { type: 'string' },
    events: {
      type: 'array',
      items: {
        type: 'object',
        required: ['event_id', 'time', 'type'],
        properties: {
          event_id: { type: 'integer' },
          time,
          type: { type: 'string' },
          detail: { type: 'string' },
        },
      },
    },
  },
} as const;

export const errorResponse = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        field: { type: 'string', description: 'The request field at fault, for invalid_request.' },
      },
    },
  },
} as const;
