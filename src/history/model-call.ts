// One LLM call as the trace builder needs it, read from a model activity's
// decoded input and result by a reader that knows that activity's shapes.

/** Usage, model and messages of one LLM call, read from history. */
export interface ModelCall {
  /** `llm.provider`, e.g. `openai`, `anthropic`. */
  provider: string;
  /** The span's name, e.g. `OpenAI Responses`. */
  spanName: string;
  requestModel?: string;
  /** Model name as the API returned it; falls back to the requested one. */
  responseModel?: string;
  /** OpenAI convention: cached tokens included. */
  inputTokens?: number;
  /** OpenAI convention: reasoning tokens included. */
  outputTokens?: number;
  cachedInputTokens?: number;
  /** Input tokens written to the prompt cache (Anthropic), priced above plain input. */
  cacheWriteTokens?: number;
  reasoningTokens?: number;
  /** The agent that made the call, when the activity says. */
  agentName?: string;
  systemInstructions?: string;
  /** The conversation sent, oldest first: what links a call to the one before it. */
  inputItems?: unknown[];
  /** What the model answered. */
  output?: unknown;
  /** Tool calls the model asked for, with their JSON arguments as sent. */
  toolCalls: { name: string; arguments: string }[];
}

/** Reads a model activity's decoded arguments and result; undefined when they are not that shape. */
export type ModelCallReader = (args: unknown[], result: unknown) => ModelCall | undefined;

/** A finite, non-negative number, or undefined. */
export function tokenCount(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined;
}

/**
 * Function calls a model answer asks for, in the vendors' shapes: OpenAI
 * Responses output items (`function_call`, shared by the Agents SDK) or the
 * whole response, a Chat
 * Completions message or whole completion (`tool_calls`), Anthropic content
 * blocks (`tool_use`), or a list of any of them. Workers in other languages
 * keep these shapes when they pass the vendor's answer on.
 */
export function functionCallsIn(output: unknown): ModelCall['toolCalls'] {
  const calls: ModelCall['toolCalls'] = [];
  collectCalls(output, calls, 0);
  return calls;
}

const argumentsText = (args: unknown) => (typeof args === 'string' ? args : JSON.stringify(args ?? {}));

function collectCalls(value: unknown, calls: ModelCall['toolCalls'], depth: number): void {
  // Answers nest two or three levels (completion → choices → message → tool_calls); deeper is not an answer.
  if (depth > 4 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) collectCalls(item, calls, depth + 1);
    return;
  }
  const v = value as Record<string, any>;
  if (v.type === 'function_call' && typeof v.name === 'string')
    calls.push({ name: v.name, arguments: argumentsText(v.arguments) });
  else if (v.type === 'tool_use' && typeof v.name === 'string')
    calls.push({ name: v.name, arguments: argumentsText(v.input) });
  else if (Array.isArray(v.tool_calls)) {
    for (const call of v.tool_calls) {
      const fn = call?.function;
      if (fn && typeof fn.name === 'string')
        calls.push({ name: fn.name, arguments: argumentsText(fn.arguments) });
    }
  } else if (Array.isArray(v.choices)) {
    for (const choice of v.choices) collectCalls(choice?.message, calls, depth + 1);
  } else if (Array.isArray(v.output)) {
    collectCalls(v.output, calls, depth + 1); // a whole Responses response
  } else if (Array.isArray(v.content)) collectCalls(v.content, calls, depth + 1);
}

/** A conversation as a list of items: a bare string is one user message. */
export function asItems(input: unknown): unknown[] | undefined {
  if (Array.isArray(input)) return input;
  if (typeof input === 'string') return [{ type: 'message', role: 'user', content: input }];
  return undefined;
}

/** The value at a dotted path (`result.usage.input_tokens`, `input.0.model`). */
export function valueAt(root: unknown, path: string): unknown {
  let value: unknown = root;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
