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
    // A whole Responses response: its output items.
    if (Array.isArray(v.output) && typeof v.role !== 'string') return messagesOf(v.output, role);
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

/** The attribute keys of message `i` under a prefix, made once: a backfill writes the same keys for every call. */
class MessageKeys {
  readonly role: string;
  readonly content: string;
  readonly toolCallId: string;
  private readonly at: string;
  private readonly parts: { type: string; text: string }[] = [];
  private readonly calls: { id: string; name: string; args: string }[] = [];

  constructor(prefix: string, i: number) {
    this.at = `${prefix}.${i}.`;
    this.role = this.at + MessageAttr.ROLE;
    this.content = this.at + MessageAttr.CONTENT;
    this.toolCallId = this.at + MessageAttr.TOOL_CALL_ID;
  }

  part(j: number): { type: string; text: string } {
    if (!this.parts[j]) {
      const at = `${this.at}${MessageAttr.CONTENTS}.${j}.`;
      this.parts[j] = { type: at + MessageAttr.CONTENT_TYPE, text: at + MessageAttr.CONTENT_TEXT };
    }
    return this.parts[j];
  }

  call(k: number): { id: string; name: string; args: string } {
    if (!this.calls[k]) {
      const at = `${this.at}${MessageAttr.TOOL_CALLS}.${k}.`;
      this.calls[k] = {
        id: at + MessageAttr.CALL_ID,
        name: at + MessageAttr.CALL_FUNCTION_NAME,
        args: at + MessageAttr.CALL_FUNCTION_ARGUMENTS,
      };
    }
    return this.calls[k];
  }
}

const keyTables = new Map<string, MessageKeys[]>();
/** Past this many messages per prefix the keys are made per call instead of kept. */
const KEPT_MESSAGES = 256;

function keysOf(prefix: string, i: number): MessageKeys {
  let table = keyTables.get(prefix);
  if (!table) keyTables.set(prefix, (table = []));
  if (i >= KEPT_MESSAGES) return new MessageKeys(prefix, i);
  return (table[i] ??= new MessageKeys(prefix, i));
}

/** Writes messages under `prefix` (`llm.input_messages`) as OpenInference flattens them. */
function flatten(messages: Message[], prefix: string, into: Record<string, SpanAttributeValue>): void {
  messages.forEach((m, i) => {
    const keys = keysOf(prefix, i);
    into[keys.role] = m.role;
    if (m.content !== undefined) into[keys.content] = m.content;
    m.parts?.forEach((part, j) => {
      const partKeys = keys.part(j);
      into[partKeys.type] = part.type;
      into[partKeys.text] = part.text;
    });
    m.toolCalls?.forEach((call, k) => {
      const callKeys = keys.call(k);
      if (call.id) into[callKeys.id] = String(call.id);
      into[callKeys.name] = call.name;
      into[callKeys.args] = call.arguments;
    });
    if (m.toolCallId) into[keys.toolCallId] = m.toolCallId;
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
