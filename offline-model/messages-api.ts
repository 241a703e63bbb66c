/**
 * `POST /v1/messages`: Anthropic's Messages API, answered by the same logic as
 * the OpenAI APIs. A `message` object or, for `stream: true`, Anthropic's
 * named events (message_start … message_stop). Prompt caching is simulated:
 * the request up to the last `cache_control` marker is written to the cache
 * the first time the server sees it and read from it afterwards, as the real
 * API reports in `cache_creation_input_tokens` / `cache_read_input_tokens`.
 */
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { planAnswer } from './answer.js';
import type { Answer, PlannedAnswer } from './answer.js';
import { fillSchema } from './schema-fill.js';
import { type Conversation, contentText, type FunctionTool } from './conversation.js';
import { sendJson } from './http-util.js';
import { chunkText, startSse, writeSse } from './sse.js';
import { tokensForChars } from './usage.js';

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Usage of one Messages call: `input_tokens` excludes what was written to or read from the cache. */
interface MessagesUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

/** Answers Messages requests; `cached` holds the prompt prefixes this server has cached. */
export function createMessagesHandler(cached = new Set<string>()) {
  return function handleMessages(body: Json, res: ServerResponse, seed: string): string {
    const conv = fromMessagesRequest(body);
    const { answer, usage: counts } = forcedToolAnswer(conv, seed) ?? planAnswer(conv, seed);
    const prefix = cachedPrefixChars(body);
    const cacheTokens = prefix ? tokensForChars(prefix.chars) : 0;
    const hit = prefix !== undefined && cached.has(prefix.hash);
    if (prefix) cached.add(prefix.hash);
    const usage: MessagesUsage = {
      input_tokens: Math.max(1, counts.input - cacheTokens),
      output_tokens: counts.output,
      cache_creation_input_tokens: prefix && !hit ? cacheTokens : 0,
      cache_read_input_tokens: hit ? cacheTokens : 0,
    };
    const message = {
      id: `msg_offline_${seed.slice(0, 24)}`,
      type: 'message',
      role: 'assistant',
      model: conv.model,
      content: [block(answer)],
      stop_reason: answer.kind === 'function_call' ? 'tool_use' : 'end_turn',
      stop_sequence: null,
      usage,
    };
    if (body.stream === true) streamMessage(res, message, answer);
    else sendJson(res, 200, message);
    return answer.kind === 'function_call' ? `tool_use ${answer.name}` : 'text';
  };
}

/**
 * Claude always calls a tool that `tool_choice` forces, tool results or not
 * (how structured output is asked of it); the shared logic stops calling
 * tools once results arrive, so a forced call after results is answered here.
 */
function forcedToolAnswer(conv: Conversation, seed: string): PlannedAnswer | undefined {
  const choice = conv.toolChoice;
  const tool = typeof choice === 'object' ? conv.tools.find((t) => t.name === choice.name) : undefined;
  if (!tool || conv.toolResults.length === 0) return undefined;
  const args = JSON.stringify(
    fillSchema(tool.parameters, { request: conv.lastUserText, material: conv.toolResults.join('\n') }),
  );
  return {
    answer: {
      kind: 'function_call',
      name: tool.name,
      arguments: args,
      callId: `call_offline_${seed.slice(0, 24)}`,
    },
    usage: {
      input: tokensForChars(conv.promptChars),
      output: tokensForChars(tool.name.length + args.length),
    },
  };
}

/** The conversation of a Messages request. */
export function fromMessagesRequest(body: Json): Conversation {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  let lastUserText = '';
  let toolResults: string[] = [];
  for (const m of messages) {
    if (!isRecord(m) || m.role !== 'user') continue;
    const blocks = typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : m.content;
    if (!Array.isArray(blocks)) continue;
    const results = blocks.filter((b) => isRecord(b) && b.type === 'tool_result');
    const text = contentText(blocks.filter((b) => isRecord(b) && b.type === 'text'));
    if (text) {
      lastUserText = text;
      toolResults = [];
    }
    for (const r of results) toolResults.push(contentText((r as Json).content));
  }
  const tools: FunctionTool[] = (Array.isArray(body.tools) ? body.tools : [])
    .filter((t): t is Json => isRecord(t) && typeof t.name === 'string')
    .map((t) => ({ name: t.name as string, parameters: isRecord(t.input_schema) ? t.input_schema : {} }));
  const choice = isRecord(body.tool_choice) ? body.tool_choice : undefined;
  const system = typeof body.system === 'string' ? body.system : contentText(body.system);
  return {
    model: typeof body.model === 'string' ? body.model : 'offline-model',
    lastUserText,
    toolResults,
    tools,
    toolChoice:
      choice?.type === 'none'
        ? 'none'
        : choice?.type === 'tool' && typeof choice.name === 'string'
          ? { name: choice.name }
          : 'auto',
    promptChars: system.length + JSON.stringify(messages).length + JSON.stringify(body.tools ?? []).length,
  };
}

function block(answer: Answer): Json {
  return answer.kind === 'function_call'
    ? {
        type: 'tool_use',
        id: `toolu_${answer.callId.slice(-24)}`,
        name: answer.name,
        input: JSON.parse(answer.arguments),
      }
    : { type: 'text', text: answer.text };
}

/** Characters (and a hash) of the request up to its last `cache_control` marker, in tools → system → messages order. */
function cachedPrefixChars(body: Json): { chars: number; hash: string } | undefined {
  const parts: unknown[] = [
    ...(Array.isArray(body.tools) ? body.tools : []),
    ...(Array.isArray(body.system) ? body.system : []),
    ...(Array.isArray(body.messages)
      ? body.messages.flatMap((m) => (isRecord(m) && Array.isArray(m.content) ? m.content : [m]))
      : []),
  ];
  let last = -1;
  parts.forEach((p, i) => {
    if (isRecord(p) && isRecord(p.cache_control)) last = i;
  });
  if (last < 0) return undefined;
  const text = JSON.stringify([body.model, parts.slice(0, last + 1)]);
  return { chars: text.length, hash: createHash('sha256').update(text).digest('hex') };
}

function streamMessage(res: ServerResponse, message: Json & { usage: MessagesUsage }, answer: Answer): void {
  const send = (type: string, data: Json) => writeSse(res, { type, ...data }, type);
  startSse(res);
  send('message_start', {
    message: { ...message, content: [], stop_reason: null, usage: { ...message.usage, output_tokens: 1 } },
  });
  if (answer.kind === 'function_call') {
    const start = { ...block(answer), input: {} };
    send('content_block_start', { index: 0, content_block: start });
    for (const piece of chunkText(answer.arguments, 2))
      send('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: piece } });
  } else {
    send('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
    for (const piece of chunkText(answer.text))
      send('content_block_delta', { index: 0, delta: { type: 'text_delta', text: piece } });
  }
  send('content_block_stop', { index: 0 });
  send('message_delta', {
    delta: { stop_reason: message.stop_reason, stop_sequence: null },
    usage: { output_tokens: message.usage.output_tokens },
  });
  send('message_stop', {});
  res.end();
}

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

/** An injected fault in Anthropic's error shape, with `retry-after` when given. */
export function sendAnthropicError(res: ServerResponse, status: number, retryAfterSeconds?: number): void {
  const headers: Record<string, string> =
    retryAfterSeconds === undefined ? {} : { 'retry-after': String(Math.ceil(retryAfterSeconds)) };
  const type = ERROR_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
  sendJson(
    res,
    status,
    { type: 'error', error: { type, message: `offline model: injected fault (HTTP ${status})` } },
    headers,
  );
}
