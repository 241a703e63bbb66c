/**
 * Host-side pricing of one LLM call into the plain summary that an activity
 * returns to its workflow, so the workflow can roll up cost without ever
 * loading the price table.
 */
import { type CostEstimate, estimateCost } from './prices.js';
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
  return priceLlmCall(u).summary;
}

/** The summary and the estimate it came from, for callers that also write a span's cost attributes. */
export function priceLlmCall(u: LlmCallUsage): { summary: LlmCallSummary; estimate: CostEstimate } {
  const cachedInputTokens = u.cachedInputTokens ?? 0;
  const reasoningTokens = u.reasoningTokens ?? 0;
  const summary: LlmCallSummary = {
    model: u.model,
    ...(u.provider ? { provider: u.provider } : {}),
    inputTokens: u.inputTokens,
    outputTokens: u.outputTokens,
    totalTokens: u.inputTokens + u.outputTokens,
    cachedInputTokens,
    ...(u.cacheWriteTokens ? { cacheWriteTokens: u.cacheWriteTokens } : {}),
    reasoningTokens,
  };
  const estimate = estimateCost(
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
  if (estimate.priced)
    summary.cost = { prompt: estimate.prompt, completion: estimate.completion, total: estimate.total };
  else summary.unpricedReason = estimate.reason;
  return { summary, estimate };
}
