// The chat view of a rebuilt LLM call: `llm.input_messages.*` from its
// instructions and conversation, `llm.output_messages.*` from its answer, as
// OpenInference's instrumentations record a live call, so Phoenix shows a
// call rebuilt from history as it shows a live one. Read from the vendors'
// shapes: OpenAI Responses items, Chat Completions messages, Anthropic messages.
import { VALUE_LIMIT } from '../common/json-value.js';
import { MessageAttr } from '../common/semconv.js';
import type { SpanAttributeValue } from '../common/sink.js';
import type { ModelCall } from './model-call.js';

/** One message, whatever shape it came in. */
interface Message {
  role: string;
  content?: string;
  /** Typed parts of the content (`input_text`, `output_text`, `text`). */
  parts?: { type: string; text: string }[];
  toolCalls?: { id?: string; name: string; arguments: string }[];
  /** On a tool's answer: the call it answers. */
  toolCallId?: string;
}

type Loose = Record<string, any>;

const text = (value: unknown): string =>
  (typeof value === 'string' ? value : (JSON.stringify(value) ?? '')).slice(0, VALUE_LIMIT);

/** The messages of a conversation or an answer: a string, a list of items or messages, a message, a completion. */
function messagesOf(value: unknown, role: string): Message[] {
  if (typeof value === 'string') return [{ role, content: text(value) }];
  if (Array.isArray(value)) return value.flatMap((item) => itemMessages(item, role));
  if (value && typeof value === 'object') {
    const v = value as Loose;
    if (Array.isArray(v.choices)) return v.choices.flatMap((c: Loose) => itemMessages(c?.message, role));
    return itemMessages(v, role);
  }
  return [];
}

/** One item of a conversation as messages (an Anthropic message with tool results gives several). */
function itemMessages(item: unknown, role: string): Message[] {
  if (!item || typeof item !== 'object')
    return typeof item === 'string' ? [{ role, content: text(item) }] : [];
  const v = item as Loose;
  // Responses items say `call_id`; the Agents SDK's items (our model activity's) say `callId`.
  const callId = v.call_id ?? v.callId;
  if (v.type === 'function_call' && typeof v.name === 'string')
    return [
      { role: 'assistant', toolCalls: [{ id: callId ?? v.id, name: v.name, arguments: text(v.arguments) }] },
    ];
  if (v.type === 'function_call_output' || v.type === 'function_call_result') {
    // The Agents SDK wraps a result as { type: 'text', text }.
    const output = typeof v.output?.text === 'string' ? v.output.text : v.output;
    return [{ role: 'tool', toolCallId: callId, content: text(output ?? '') }];
  }
  if (typeof v.role !== 'string') return [];
  const message: Message = { role: v.role };
  const answers: Message[] = [];
  if (typeof v.content === 'string') message.content = text(v.content);
  else if (Array.isArray(v.content)) {
    for (const part of v.content as Loose[]) {
      if (typeof part?.text === 'string')
        (message.parts ??= []).push({ type: String(part.type), text: text(part.text) });
      else if (part?.type === 'tool_use' && typeof part.name === 'string')
        (message.toolCalls ??= []).push({ id: part.id, name: part.name, arguments: text(part.input ?? {}) });
      else if (part?.type === 'tool_result')
        answers.push({ role: 'tool', toolCallId: part.tool_use_id, content: text(part.content ?? '') });
    }
  }
  for (const call of Array.isArray(v.tool_calls) ? (v.tool_calls as Loose[]) : [])
    if (typeof call?.function?.name === 'string')
      (message.toolCalls ??= []).push({
        id: call.id,
        name: call.function.name,
        arguments: text(call.function.arguments),
      });
  if (typeof v.tool_call_id === 'string') message.toolCallId = v.tool_call_id;
  const empty = !message.content && !message.parts && !message.toolCalls;
  return empty && answers.length ? answers : [message, ...answers];
}

/** Writes messages under `prefix` (`llm.input_messages`) as OpenInference flattens them. */
function flatten(messages: Message[], prefix: string, into: Record<string, SpanAttributeValue>): void {
  messages.forEach((m, i) => {
    const at = `${prefix}.${i}.`;
    into[at + MessageAttr.ROLE] = m.role;
    if (m.content !== undefined) into[at + MessageAttr.CONTENT] = m.content;
    m.parts?.forEach((part, j) => {
      into[`${at}${MessageAttr.CONTENTS}.${j}.${MessageAttr.CONTENT_TYPE}`] = part.type;
      into[`${at}${MessageAttr.CONTENTS}.${j}.${MessageAttr.CONTENT_TEXT}`] = part.text;
    });
    m.toolCalls?.forEach((call, k) => {
      const callAt = `${at}${MessageAttr.TOOL_CALLS}.${k}.`;
      if (call.id) into[callAt + MessageAttr.CALL_ID] = String(call.id);
      into[callAt + MessageAttr.CALL_FUNCTION_NAME] = call.name;
      into[callAt + MessageAttr.CALL_FUNCTION_ARGUMENTS] = call.arguments;
    });
    if (m.toolCallId) into[at + MessageAttr.TOOL_CALL_ID] = m.toolCallId;
  });
}

/** The call's input messages (its instructions first) and, when it answered, its output messages. */
export function llmMessageAttributes(call: ModelCall, answered: boolean): Record<string, SpanAttributeValue> {
  const attributes: Record<string, SpanAttributeValue> = {};
  const input = [
    ...(call.systemInstructions ? [{ role: 'system', content: text(call.systemInstructions) }] : []),
    ...messagesOf(call.inputItems ?? [], 'user'),
  ];
  flatten(input, MessageAttr.INPUT_MESSAGES, attributes);
  if (answered && call.output !== undefined)
    flatten(messagesOf(call.output, 'assistant'), MessageAttr.OUTPUT_MESSAGES, attributes);
  return attributes;
}
