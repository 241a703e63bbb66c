// One LLM call as the trace builder needs it, read from a model activity's
// decoded input and result by a reader that knows that activity's shapes.
import { messagesOf } from './answer-messages.js';
import type { PayloadValues } from './payload-values.js';
import type { ActivityRecord } from './run-record.js';

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
  /** The tools the call offered the model, as its provider's API received them. */
  tools?: unknown[];
  /** Tool calls the model asked for, with their JSON arguments as sent. */
  toolCalls: { name: string; arguments: string }[];
}

/** Reads a model activity's decoded arguments and result; undefined when they are not that shape. */
export type ModelCallReader = (args: unknown[], result: unknown) => ModelCall | undefined;

/**
 * The call a model activity made, read by its reader from the decoded payloads;
 * undefined when the reader cannot read them (the activity stays a plain one).
 */
export function readModelCall(
  reader: ModelCallReader,
  act: ActivityRecord,
  values: PayloadValues,
): ModelCall | undefined {
  try {
    return reader(values(act.input), values(act.result)[0]);
  } catch {
    return undefined;
  }
}

/** A finite, non-negative number, or undefined. */
export function tokenCount(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined;
}

/**
 * Function calls a model answer asks for, in any vendor's shape (read by
 * answer-messages.ts), with their arguments as sent.
 */
export function functionCallsIn(output: unknown): ModelCall['toolCalls'] {
  return messagesOf(output, 'assistant').flatMap((m) =>
    (m.toolCalls ?? []).map((call) => ({ name: call.name, arguments: call.arguments })),
  );
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
