// OpenInference's hiding rules (OPENINFERENCE_HIDE_*), applied by key to any
// span attribute: the same outcome OpenInference's instrumentations give their
// own spans, extended to every span this bridge exports. First match wins, as
// in openinference-core. Host only.
import { SemanticConventions as SC } from '@arizeai/openinference-semantic-conventions';
import type { AttributeValue } from '@opentelemetry/api';
import type { HideSwitches } from '../config/index.js';
import { GenAiAttr } from '../common/gen-ai.js';
import { EvalAttr, HumanAttr } from '../common/semconv.js';

/** What hidden values are replaced with (the OpenInference convention). */
export const REDACTED = '__REDACTED__';

/** The rule's verdict: replace with REDACTED, remove the attribute, or keep it. */
export type Mask = 'redact' | 'remove' | 'keep';

type Rule = (rules: HideSwitches, key: string, value: AttributeValue) => Mask | undefined;

const within = (key: string, namespace: string) => key === namespace || key.startsWith(`${namespace}.`);
const inputMessage = (key: string) => key.includes(SC.LLM_INPUT_MESSAGES);
const outputMessage = (key: string) => key.includes(SC.LLM_OUTPUT_MESSAGES);
const plainContent = (key: string) => key.includes(SC.MESSAGE_CONTENT) && !key.includes(SC.MESSAGE_CONTENTS);
const longBase64Image = (rules: HideSwitches, key: string, value: AttributeValue) =>
  typeof value === 'string' &&
  value.startsWith('data:image/') &&
  value.includes('base64') &&
  value.length > rules.base64ImageMaxLength &&
  key.endsWith(SC.IMAGE_URL) &&
  ((inputMessage(key) && key.includes(SC.MESSAGE_CONTENT_IMAGE)) ||
    within(key, SC.INPUT_IMAGES) ||
    within(key, SC.OUTPUT_IMAGES));

// GenAI semantic-convention content attributes, for instrumentations that write those instead.
const GEN_AI_INPUT: string[] = [
  GenAiAttr.INPUT_MESSAGES,
  GenAiAttr.SYSTEM_INSTRUCTIONS,
  GenAiAttr.TOOL_CALL_ARGUMENTS,
];
const GEN_AI_OUTPUT: string[] = [GenAiAttr.OUTPUT_MESSAGES, GenAiAttr.TOOL_CALL_RESULT];

const RULES: Rule[] = [
  // OpenInference's rules, in its order.
  (r, k) => (r.hideInputs && k === SC.INPUT_VALUE ? 'redact' : undefined),
  (r, k) => (r.hideInputs && k === SC.INPUT_MIME_TYPE ? 'remove' : undefined),
  (r, k) => (r.hideOutputs && k === SC.OUTPUT_VALUE ? 'redact' : undefined),
  (r, k) => (r.hideOutputs && k === SC.OUTPUT_MIME_TYPE ? 'remove' : undefined),
  (r, k) => ((r.hideInputs || r.hideInputMessages) && inputMessage(k) ? 'remove' : undefined),
  (r, k) => ((r.hideOutputs || r.hideOutputMessages) && outputMessage(k) ? 'remove' : undefined),
  (r, k) => (r.hideInputText && inputMessage(k) && plainContent(k) ? 'redact' : undefined),
  (r, k) => (r.hideOutputText && outputMessage(k) && plainContent(k) ? 'redact' : undefined),
  (r, k) =>
    r.hideInputText && inputMessage(k) && k.includes(SC.MESSAGE_CONTENT_TEXT) ? 'redact' : undefined,
  (r, k) =>
    r.hideOutputText && outputMessage(k) && k.includes(SC.MESSAGE_CONTENT_TEXT) ? 'redact' : undefined,
  (r, k) =>
    r.hideInputImages && inputMessage(k) && k.includes(SC.MESSAGE_CONTENT_IMAGE) ? 'remove' : undefined,
  (r, k) => ((r.hideInputs || r.hideInputImages) && within(k, SC.INPUT_IMAGES) ? 'remove' : undefined),
  (r, k) => (r.hideOutputs && within(k, SC.OUTPUT_IMAGES) ? 'remove' : undefined),
  (r, k, v) => (longBase64Image(r, k, v) ? 'redact' : undefined),
  (r, k) =>
    r.hideEmbeddingVectors && k.includes(SC.EMBEDDING_EMBEDDINGS) && k.includes(SC.EMBEDDING_VECTOR)
      ? 'remove'
      : undefined,
  (r, k) => (r.hidePrompts && k === SC.LLM_PROMPTS ? 'redact' : undefined),
  (r, k) => ((r.hideInputs || r.hideLLMTools) && k.includes(SC.LLM_TOOLS) ? 'remove' : undefined),
  // Ours. Tool arguments and the request parameters (which hold the system
  // prompt) are inputs; our spans' input.value/output.value embed whole
  // messages, so hiding messages or text hides them too.
  (r, k) =>
    r.hideInputs && (k === SC.TOOL_PARAMETERS || k === SC.LLM_INVOCATION_PARAMETERS) ? 'redact' : undefined,
  // A person's reason for a decision (waitForHuman) is text they gave the run: an input.
  (r, k) => (r.hideInputs && k === HumanAttr.REASON ? 'redact' : undefined),
  // A judge's explanation quotes and paraphrases the output it scored: hidden with outputs.
  (r, k) =>
    (r.hideOutputs || r.hideOutputMessages || r.hideOutputText) && k === EvalAttr.EXPLANATION
      ? 'redact'
      : undefined,
  (r, k) => ((r.hideInputMessages || r.hideInputText) && k === SC.INPUT_VALUE ? 'redact' : undefined),
  (r, k) => ((r.hideOutputMessages || r.hideOutputText) && k === SC.OUTPUT_VALUE ? 'redact' : undefined),
  (r, k) => ((r.hideInputs || r.hideInputMessages) && GEN_AI_INPUT.includes(k) ? 'remove' : undefined),
  (r, k) => ((r.hideOutputs || r.hideOutputMessages) && GEN_AI_OUTPUT.includes(k) ? 'remove' : undefined),
];

/** What the hiding switches do to one attribute. */
export function maskFor(rules: HideSwitches, key: string, value: AttributeValue): Mask {
  for (const rule of RULES) {
    const verdict = rule(rules, key, value);
    if (verdict) return verdict;
  }
  return 'keep';
}

/** True when any switch is on, so spans need looking at. */
export function hidesAnything(rules: HideSwitches): boolean {
  return Object.entries(rules).some(([key, value]) => key.startsWith('hide') && value === true);
}
