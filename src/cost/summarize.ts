/**
 * Host-side pricing of one LLM call into the plain summary that an activity
 * returns to its workflow, so the workflow can roll up cost without ever
 * loading the price table.
 */
import { estimateCost } from './prices.js';
import type { LlmCallSummary } from '../common/rollup.js';

/** Usage of one LLM call as the activity saw it (OpenAI token convention). */
export interface LlmCallUsage {
  /** Model name as the API returned it. */
  model: string;
  /** Provider id such as `openai`; unset means `openai`. */
  provider?: string;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens?: number;
  cacheWriteTokens?: number;
  reasoningTokens?: number;
}

/**
 * Prices one call and returns its {@link LlmCallSummary}. Never throws: an
 * unpriceable call comes back without `cost` and with `unpricedReason`.
 */
export function summarizeLlmCall(u: LlmCallUsage): LlmCallSummary {
  const cachedInputTokens = u.cachedInputTokens ?? 0;
  const reasoningTokens = u.reasoningTokens ?? 0;
  const summary: LlmCallSummary = {
    model: u.model,
    inputTokens: u.inputTokens,
    outputTokens: u.outputTokens,
    totalTokens: u.inputTokens + u.outputTokens,
    cachedInputTokens,
    reasoningTokens,
  };
  const est = estimateCost(
    {
      inputTokens: u.inputTokens,
      outputTokens: u.outputTokens,
      cachedInputTokens,
      cacheWriteTokens: u.cacheWriteTokens ?? 0,
      reasoningTokens,
    },
    u.model,
    u.provider,
  );
  if (est.priced) summary.cost = { prompt: est.prompt, completion: est.completion, total: est.total };
  else summary.unpricedReason = est.reason;
  return summary;
}
