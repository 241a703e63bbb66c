/**
 * `POST /v1/responses`: builds the Responses API object and, for
 * `stream: true`, the event sequence the openai client and the agents SDK read
 * (created → in_progress → output_item.added → deltas → output_item.done →
 * completed with usage).
 */
import type { ServerResponse } from 'node:http';
import { planAnswer } from './answer.js';
import type { Answer } from './answer.js';
import { fromResponsesRequest } from './conversation.js';
import { chunkText, startSse, writeSse } from './sse.js';
import { responsesUsage } from './usage.js';
import { FIXED_CREATED_AT, sendJson } from './http-util.js';

type Json = Record<string, unknown>;

function outputItem(answer: Answer, seed: string, status: 'completed' | 'in_progress'): Json {
  if (answer.kind === 'function_call') {
    return {
      id: `fc_offline_${seed}`,
      type: 'function_call',
      status,
      call_id: answer.callId,
      name: answer.name,
      arguments: status === 'completed' ? answer.arguments : '',
    };
  }
  return {
    id: `msg_offline_${seed}`,
    type: 'message',
    status,
    role: 'assistant',
    content: status === 'completed' ? [textPart(answer.text)] : [],
  };
}

function textPart(text: string): Json {
  return { type: 'output_text', text, annotations: [], logprobs: [] };
}

function responseObject(
  body: Json,
  id: string,
  model: string,
  status: string,
  output: Json[],
  usage: Json | null,
): Json {
  return {
    id,
    object: 'response',
    created_at: FIXED_CREATED_AT,
    status,
    background: false,
    error: null,
    incomplete_details: null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    model,
    output,
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: body.previous_response_id ?? null,
    reasoning: { effort: null, summary: null },
    store: body.store ?? false,
    temperature: body.temperature ?? 1,
    text: body.text ?? { format: { type: 'text' } },
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    top_p: body.top_p ?? 1,
    truncation: body.truncation ?? 'disabled',
    usage,
    user: null,
    metadata: body.metadata ?? {},
  };
}

/**
 * Answers a Responses API request. `seed` is a hash of the request body.
 * Returns a short description of the answer for the request log.
 */
export function handleResponses(body: Json, res: ServerResponse, seed: string): string {
  const conv = fromResponsesRequest(body);
  const { answer, usage } = planAnswer(conv, seed);
  const id = `resp_offline_${seed}`;
  const done = outputItem(answer, seed, 'completed');
  const final = responseObject(body, id, conv.model, 'completed', [done], responsesUsage(usage));
  if (body.stream === true) streamResponse(res, body, conv.model, id, answer, seed, final);
  else sendJson(res, 200, final);
  return answer.kind === 'function_call' ? `function_call ${answer.name}` : 'text';
}

function streamResponse(
  res: ServerResponse,
  body: Json,
  model: string,
  id: string,
  answer: Answer,
  seed: string,
  final: Json,
): void {
  let sequence = 0;
  const emit = (type: string, fields: Json): void =>
    writeSse(res, { type, sequence_number: sequence++, ...fields }, type);
  const pending = responseObject(body, id, model, 'in_progress', [], null);
  startSse(res);
  emit('response.created', { response: pending });
  emit('response.in_progress', { response: pending });
  const itemId = outputItem(answer, seed, 'completed').id;
  const at = { item_id: itemId, output_index: 0 };
  emit('response.output_item.added', { output_index: 0, item: outputItem(answer, seed, 'in_progress') });
  if (answer.kind === 'function_call') {
    for (const delta of chunkText(answer.arguments, 2))
      emit('response.function_call_arguments.delta', { ...at, delta });
    emit('response.function_call_arguments.done', { ...at, name: answer.name, arguments: answer.arguments });
  } else {
    const part = { ...at, content_index: 0 };
    emit('response.content_part.added', { ...part, part: textPart('') });
    for (const delta of chunkText(answer.text))
      emit('response.output_text.delta', { ...part, delta, logprobs: [] });
    emit('response.output_text.done', { ...part, text: answer.text, logprobs: [] });
    emit('response.content_part.done', { ...part, part: textPart(answer.text) });
  }
  emit('response.output_item.done', { output_index: 0, item: outputItem(answer, seed, 'completed') });
  emit('response.completed', { response: final });
  res.end();
}
