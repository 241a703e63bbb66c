// The chat view of a rebuilt LLM call: `llm.input_messages.*` from its
// instructions and conversation, `llm.output_messages.*` from its answer, as
// OpenInference's instrumentations record a live call, so Phoenix shows a
// call rebuilt from history as it shows a live one. The messages are read by
// answer-messages.ts, in any vendor's shape.
import { VALUE_LIMIT } from '../common/json-value.js';
import { MessageAttr } from '../common/semconv.js';
import type { SpanAttributeValue } from '../common/sink.js';
import { type Message, messagesOf } from './answer-messages.js';
import type { ModelCall } from './model-call.js';

/** A message text as an attribute keeps, cut where input.value and output.value are. */
const cut = (text: string) => text.slice(0, VALUE_LIMIT);

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
function flatten(
  messages: readonly Message[],
  prefix: string,
  into: Record<string, SpanAttributeValue>,
): void {
  messages.forEach((m, i) => {
    const keys = keysOf(prefix, i);
    into[keys.role] = m.role;
    if (m.content !== undefined) into[keys.content] = cut(m.content);
    m.parts?.forEach((part, j) => {
      const partKeys = keys.part(j);
      into[partKeys.type] = part.type;
      into[partKeys.text] = cut(part.text);
    });
    m.toolCalls?.forEach((call, k) => {
      const callKeys = keys.call(k);
      if (call.id) into[callKeys.id] = String(call.id);
      into[callKeys.name] = call.name;
      into[callKeys.args] = cut(call.arguments);
    });
    if (m.toolCallId) into[keys.toolCallId] = m.toolCallId;
  });
}

/** The call's input messages (its instructions first) and, when it answered, its output messages, written into `attributes`. */
export function llmMessageAttributes(
  call: ModelCall,
  answered: boolean,
  attributes: Record<string, SpanAttributeValue> = {},
): Record<string, SpanAttributeValue> {
  const input = [
    ...(call.systemInstructions ? [{ role: 'system', content: call.systemInstructions }] : []),
    ...messagesOf(call.inputItems ?? [], 'user'),
  ];
  flatten(input, MessageAttr.INPUT_MESSAGES, attributes);
  if (answered && call.output !== undefined)
    flatten(messagesOf(call.output, 'assistant'), MessageAttr.OUTPUT_MESSAGES, attributes);
  return attributes;
}
