// The model APIs `invokeModel` calls through, and the names their LLM spans
// get. No imports: the history export reads it too, without the provider SDKs.

/** The API a call goes through. */
export type ModelApi = 'responses' | 'chat_completions' | 'messages';

/** LLM span names by API, as OpenInference's OpenAI and Anthropic instrumentations name live calls. */
export const LLM_SPAN_NAMES: Record<ModelApi, string> = {
  messages: 'Anthropic Messages',
  responses: 'OpenAI Responses',
  chat_completions: 'OpenAI Chat Completions',
};
