// OpenTelemetry GenAI semantic-convention names. They are still incubating, so,
// as OpenTelemetry advises for incubating conventions, they are copied here
// rather than imported (test/unit/cost-attributes.test.ts checks them against
// `@opentelemetry/semantic-conventions/incubating`). No imports: sandbox-safe.

/** GenAI attribute names used on our spans. */
export const GenAiAttr = {
  OPERATION_NAME: 'gen_ai.operation.name',
  PROVIDER_NAME: 'gen_ai.provider.name',
  REQUEST_MODEL: 'gen_ai.request.model',
  RESPONSE_MODEL: 'gen_ai.response.model',
  USAGE_INPUT_TOKENS: 'gen_ai.usage.input_tokens',
  USAGE_OUTPUT_TOKENS: 'gen_ai.usage.output_tokens',
  USAGE_CACHE_READ_INPUT_TOKENS: 'gen_ai.usage.cache_read.input_tokens',
  AGENT_NAME: 'gen_ai.agent.name',
  TOOL_NAME: 'gen_ai.tool.name',
  INPUT_MESSAGES: 'gen_ai.input.messages',
  OUTPUT_MESSAGES: 'gen_ai.output.messages',
  SYSTEM_INSTRUCTIONS: 'gen_ai.system_instructions',
  TOOL_CALL_ARGUMENTS: 'gen_ai.tool.call.arguments',
  TOOL_CALL_RESULT: 'gen_ai.tool.call.result',
  /** On token-usage metrics: `input` or `output`. */
  TOKEN_TYPE: 'gen_ai.token.type',
  /** On duration metrics of failed calls. */
  ERROR_TYPE: 'error.type',
} as const;

/** OpenTelemetry GenAI client metrics, and our cost counter beside them. */
export const GenAiMetric = {
  /** Histogram of tokens per call, by `gen_ai.token.type` ({token}). */
  TOKEN_USAGE: 'gen_ai.client.token.usage',
  /** Histogram of call durations (s). */
  OPERATION_DURATION: 'gen_ai.client.operation.duration',
  /** Counter of estimated USD, from the same price table as `llm.cost.*` (ours: no convention exists). */
  COST: 'gen_ai.client.cost',
} as const;

/** Values of `gen_ai.operation.name` we set. */
export const GenAiOperation = {
  CHAT: 'chat',
  INVOKE_AGENT: 'invoke_agent',
  EXECUTE_TOOL: 'execute_tool',
} as const;
