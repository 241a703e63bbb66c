/**
 * Decides what the offline model says: a tool call while the agent loop still
 * needs tool results, otherwise a final text or structured answer.
 */
import type { Conversation } from './conversation.js';
import { fillSchema } from './schema-fill.js';
import { finalAnswer } from './text.js';
import type { TextSource } from './text.js';
import { tokensForChars } from './usage.js';
import type { TokenCounts } from './usage.js';

/** The model's single output item. */
export type Answer =
  | { kind: 'function_call'; name: string; arguments: string; callId: string }
  | { kind: 'text'; text: string };

/** An answer plus the usage it would have cost. */
export interface PlannedAnswer {
  answer: Answer;
  usage: TokenCounts;
}

/**
 * Plans the answer for a conversation. `idSeed` (a hash of the request body)
 * keeps call ids stable for identical requests.
 */
export function planAnswer(conv: Conversation, idSeed: string): PlannedAnswer {
  const answer = chooseAnswer(conv, idSeed);
  const outputChars =
    answer.kind === 'text' ? answer.text.length : answer.name.length + answer.arguments.length;
  return {
    answer,
    usage: { input: tokensForChars(conv.promptChars), output: tokensForChars(outputChars) },
  };
}

function chooseAnswer(conv: Conversation, idSeed: string): Answer {
  const tool = pickTool(conv);
  if (tool) {
    const src: TextSource = { request: conv.lastUserText, material: conv.lastUserText };
    return {
      kind: 'function_call',
      name: tool.name,
      arguments: JSON.stringify(fillSchema(tool.parameters, src)),
      callId: `call_offline_${idSeed.slice(0, 24)}`,
    };
  }
  const fromTools = conv.toolResults.length > 0;
  const src: TextSource = {
    request: conv.lastUserText,
    material: fromTools ? conv.toolResults.join('\n') : conv.lastUserText,
  };
  if (conv.outputSchema) return { kind: 'text', text: JSON.stringify(fillSchema(conv.outputSchema, src)) };
  return { kind: 'text', text: finalAnswer(src, fromTools) };
}

/** A tool is called only until the first tool result arrives after the user's turn. */
function pickTool(conv: Conversation) {
  if (conv.tools.length === 0 || conv.toolResults.length > 0 || conv.toolChoice === 'none') return undefined;
  const { toolChoice } = conv;
  if (typeof toolChoice === 'object')
    return conv.tools.find((t) => t.name === toolChoice.name) ?? conv.tools[0];
  return conv.tools[0];
}
