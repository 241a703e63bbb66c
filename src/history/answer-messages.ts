// Conversations and model answers read into one shape of message, whatever
// vendor shape they came in: OpenAI Responses items (and the Agents SDK's),
// Chat Completions messages or completions, Anthropic messages or content
// blocks. What a call asked tools for (model-call.ts) and the chat messages of
// its LLM span (llm-messages.ts) are both read from here. Texts are whole.

/** One message, whatever shape it came in. */
export interface Message {
  role: string;
  content?: string;
  /** Typed parts of the content (`input_text`, `output_text`, `text`). */
  parts?: { type: string; text: string }[];
  toolCalls?: { id?: string; name: string; arguments: string }[];
  /** On a tool's answer: the call it answers. */
  toolCallId?: string;
}

type Loose = Record<string, any>;

const text = (value: unknown): string => (typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));

/** The messages of a conversation or an answer: a string, a list of items or messages, a message, a completion. */
export function messagesOf(value: unknown, role: string): Message[] {
  if (typeof value === 'string') return [{ role, content: text(value) }];
  if (Array.isArray(value)) {
    // Anthropic's answer as its bare content blocks (`result.content`): one message.
    if (value.length && value.every(isContentBlock))
      return nonEmpty(itemMessages({ role, content: value }, role));
    return value.flatMap((item) => itemMessages(item, role));
  }
  if (value && typeof value === 'object') {
    const v = value as Loose;
    if (Array.isArray(v.choices)) return v.choices.flatMap((c: Loose) => itemMessages(c?.message, role));
    // A whole Responses response: its output items.
    if (Array.isArray(v.output) && typeof v.role !== 'string') return messagesOf(v.output, role);
    return itemMessages(v, role);
  }
  return [];
}

/** Conversation items (Responses, Agents SDK) that are not content blocks inside a message. */
const ITEM_TYPES = new Set([
  'message',
  'function_call',
  'function_call_output',
  'function_call_result',
  'reasoning',
]);

const isContentBlock = (item: unknown): boolean =>
  !!item &&
  typeof item === 'object' &&
  typeof (item as Loose).type === 'string' &&
  (item as Loose).role === undefined &&
  !ITEM_TYPES.has((item as Loose).type);

/** Messages with something in them. */
const nonEmpty = (messages: Message[]) =>
  messages.filter((m) => m.content || m.parts || m.toolCalls || m.toolCallId);

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
  // A message names its role; one of a worker's own types may leave it out and keep only its calls.
  const untypedWithCalls = v.type === undefined && (Array.isArray(v.tool_calls) || Array.isArray(v.content));
  if (typeof v.role !== 'string' && !untypedWithCalls) return [];
  const message: Message = { role: typeof v.role === 'string' ? v.role : role };
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
