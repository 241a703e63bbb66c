/**
 * Token usage estimates. Real tokenisers average roughly four characters per
 * token for English, which keeps cost estimates in demos plausible without
 * shipping a tokenizer.
 */

/** Token counts shared by both API shapes. */
export interface TokenCounts {
  input: number;
  output: number;
}

/** Estimates tokens for a number of characters of text. */
export function tokensForChars(chars: number): number {
  return Math.ceil(chars / 4);
}

/** Usage object in the Responses API shape. */
export function responsesUsage(counts: TokenCounts) {
  return {
    input_tokens: counts.input,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: counts.output,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: counts.input + counts.output,
  };
}

/** Usage object in the Chat Completions shape. */
export function chatUsage(counts: TokenCounts) {
  return {
    prompt_tokens: counts.input,
    completion_tokens: counts.output,
    total_tokens: counts.input + counts.output,
    prompt_tokens_details: { cached_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0 },
  };
}
