/**
 * `POST /v1/chat/completions`: a `chat.completion` object or, for
 * `stream: true`, `chat.completion.chunk` events ending in `[DONE]`, with a
 * usage-only chunk when `stream_options.include_usage` is set.
 */
import type { ServerResponse } from 'node:http';
import { planAnswer } from './answer.js';
import type { Answer } from './answer.js';
import { fromChatRequest } from './conversation.js';
import { FIXED_CREATED_AT, sendJson } from './http-util.js';
import { chunkText, endSseWithDone, startSse, writeSse } from './sse.js';
import { chatUsage } from './usage.js';

type Json = Record<string, unknown>;

function toolCall(answer: Extract<Answer, { kind: 'function_call' }>): Json {
  return {
    id: answer.callId,
    type: 'function',
    function: { name: answer.name, arguments: answer.arguments },
  };
}

function finishReason(answer: Answer): string {
  return answer.kind === 'function_call' ? 'tool_calls' : 'stop';
}

/**
 * Answers a Chat Completions request. `seed` is a hash of the request body.
 * Returns a short description of the answer for the request log.
 */
export function handleChatCompletions(body: Json, res: ServerResponse, seed: string): string {
  const conv = fromChatRequest(body);
  const { answer, usage } = planAnswer(conv, seed);
  const base = {
    id: `chatcmpl-offline-${seed}`,
    created: FIXED_CREATED_AT,
    model: conv.model,
    system_fingerprint: 'offline',
  };
  if (body.stream === true) {
    const options = body.stream_options as Json | undefined;
    streamChat(res, base, answer, options?.include_usage === true ? chatUsage(usage) : undefined);
  } else {
    const message =
      answer.kind === 'function_call'
        ? { role: 'assistant', content: null, refusal: null, tool_calls: [toolCall(answer)] }
        : { role: 'assistant', content: answer.text, refusal: null };
    sendJson(res, 200, {
      ...base,
      object: 'chat.completion',
      choices: [{ index: 0, message, finish_reason: finishReason(answer), logprobs: null }],
      usage: chatUsage(usage),
    });
  }
  return answer.kind === 'function_call' ? `function_call ${answer.name}` : 'text';
}

function streamChat(res: ServerResponse, base: Json, answer: Answer, usage: Json | undefined): void {
  // With include_usage the real API sends `usage: null` on every chunk but the last.
  const usageField = usage ? { usage: null } : {};
  const chunk = (delta: Json, finish: string | null = null): void =>
    writeSse(res, {
      ...base,
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
      ...usageField,
    });
  startSse(res);
  if (answer.kind === 'function_call') {
    chunk({
      role: 'assistant',
      content: null,
      tool_calls: [{ index: 0, ...toolCall({ ...answer, arguments: '' }) }],
    });
    for (const piece of chunkText(answer.arguments, 2)) {
      chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] });
    }
  } else {
    chunk({ role: 'assistant', content: '', refusal: null });
    for (const piece of chunkText(answer.text)) chunk({ content: piece });
  }
  chunk({}, finishReason(answer));
  if (usage) writeSse(res, { ...base, object: 'chat.completion.chunk', choices: [], usage });
  endSseWithDone(res);
}
