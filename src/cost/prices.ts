/**
 * USD cost of one LLM call from its token usage, on the price table bundled
 * with `@pydantic/genai-prices`.
 *
 * Only the synchronous `calcPrice` on the bundled data is used. The package's
 * `updatePrices` (which would fetch a newer table over the network) is never
 * called, so figures are reproducible for a given package version.
 */
import { calcPrice, findProvider } from '@pydantic/genai-prices';
import type { ModelPrice } from '@pydantic/genai-prices';
import { roundUsd } from '../common/round.js';
import { type LinearPriceResult, linearPrice, type TokenUsage } from './linear-prices.js';

/** The price table in use: the pinned package and version whose bundled data prices every call. */
export const PRICE_TABLE = '@pydantic/genai-prices@0.1.8';

/** Provider assumed when a span or call names none (OpenInference leaves it unset for unknown base URLs). */
export const DEFAULT_PROVIDER = 'openai';

/**
 * Token usage of one LLM call, in the OpenAI convention: `inputTokens`
 * includes `cachedInputTokens`, `outputTokens` includes `reasoningTokens`.
 */
export interface LlmUsage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens?: number;
  /** Input tokens written to a prompt cache (Anthropic bills them above the input rate). */
  cacheWriteTokens?: number;
  reasoningTokens?: number;
}

/** A call the price table could price. Amounts in USD, rounded to 1e-10. */
export interface PricedCost {
  priced: true;
  /** Model id as matched in the price table (e.g. `gpt-4o` for `gpt-4o-2024-08-06`). */
  model: string;
  prompt: number;
  completion: number;
  /** Prompt + completion, plus any per-request fee the table charges. */
  total: number;
  promptDetails: { input: number; cacheRead: number; cacheWrite: number };
  completionDetails: { output: number; reasoning: number };
}

/** A call that could not be priced; never reported as a zero cost. */
export interface UnpricedCost {
  priced: false;
  reason: string;
}

/** Result of {@link estimateCost}. */
export type CostEstimate = PricedCost | UnpricedCost;

type PriceValue = ModelPrice[string];

/**
 * Estimates the USD cost of one LLM call. Never throws: an unknown model or
 * provider, or inconsistent usage, yields `{ priced: false, reason }`.
 *
 * @param usage token counts (OpenAI convention, see {@link LlmUsage})
 * @param model model name as the API returned it; dated names resolve to their base model
 * @param provider provider id such as `openai` or `azure`; defaults to {@link DEFAULT_PROVIDER}
 */
export function estimateCost(usage: LlmUsage, model: string, provider?: string): CostEstimate {
  const providerId = provider?.trim().toLowerCase() || DEFAULT_PROVIDER;
  const modelName = model.trim();
  if (!modelName) return unpriced('no model name');
  const invalid = usageProblem(usage);
  if (invalid) return unpriced(`invalid usage for model "${modelName}": ${invalid}`);

  const cached = usage.cachedInputTokens ?? 0;
  const written = usage.cacheWriteTokens ?? 0;
  const reasoning = usage.reasoningTokens ?? 0;
  const tokens: TokenUsage = {
    input_tokens: usage.inputTokens,
    cache_read_tokens: cached,
    cache_write_tokens: written,
    output_tokens: usage.outputTokens,
    output_reasoning_tokens: reasoning,
  };
  let result: LinearPriceResult | null;
  try {
    result = linearPrice(tokens, modelName, providerId) ?? calcPrice(tokens, modelName, { providerId });
  } catch (err) {
    return unpriced(
      `pricing model "${modelName}" failed: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  if (!result) {
    const known = safeFindProvider(providerId);
    return unpriced(
      known
        ? `model "${modelName}" not in price table ${PRICE_TABLE} for provider "${providerId}"`
        : `provider "${providerId}" not in price table ${PRICE_TABLE} (model "${modelName}")`,
    );
  }

  const prices = result.model_price;
  const prompt = roundUsd(result.input_price);
  const completion = roundUsd(result.output_price);
  // genai-prices reports only input/output totals, so the details are derived
  // from the unit rates it applied; cached tokens fall back to the input rate
  // and reasoning tokens to the output rate, exactly as it bills them.
  const cacheRate = rate(prices.cache_read_mtok ?? prices.input_mtok, usage.inputTokens);
  const reasoningRate = rate(prices.output_reasoning_mtok ?? prices.output_mtok, usage.inputTokens);
  const cacheRead = Math.min(prompt, roundUsd((cached * cacheRate) / 1e6));
  const writeRate = rate(prices.cache_write_mtok ?? prices.input_mtok, usage.inputTokens);
  const cacheWrite = Math.min(prompt - cacheRead, roundUsd((written * writeRate) / 1e6));
  const reasoningCost = Math.min(completion, roundUsd((reasoning * reasoningRate) / 1e6));
  return {
    priced: true,
    model: result.model.id,
    prompt,
    completion,
    total: roundUsd(result.total_price),
    promptDetails: { input: roundUsd(prompt - cacheRead - cacheWrite), cacheRead, cacheWrite },
    completionDetails: { output: roundUsd(completion - reasoningCost), reasoning: reasoningCost },
  };
}

function unpriced(reason: string): UnpricedCost {
  return { priced: false, reason };
}

/** Describes what is wrong with `usage`, or returns undefined when it is consistent. */
function usageProblem(usage: LlmUsage): string | undefined {
  const counts: Array<[string, number | undefined]> = [
    ['inputTokens', usage.inputTokens],
    ['outputTokens', usage.outputTokens],
    ['cachedInputTokens', usage.cachedInputTokens],
    ['cacheWriteTokens', usage.cacheWriteTokens],
    ['reasoningTokens', usage.reasoningTokens],
  ];
  for (const [name, value] of counts) {
    if (value === undefined && name !== 'inputTokens' && name !== 'outputTokens') continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      return `${name} must be a non-negative number, got ${String(value)}`;
    }
  }
  if ((usage.cachedInputTokens ?? 0) + (usage.cacheWriteTokens ?? 0) > usage.inputTokens) {
    return `cachedInputTokens (${usage.cachedInputTokens ?? 0}) plus cacheWriteTokens (${usage.cacheWriteTokens ?? 0}) exceed inputTokens (${usage.inputTokens})`;
  }
  if ((usage.reasoningTokens ?? 0) > usage.outputTokens) {
    return `reasoningTokens (${usage.reasoningTokens}) exceeds outputTokens (${usage.outputTokens})`;
  }
  return undefined;
}

/**
 * USD per million tokens for one price entry. Tiered entries pick their tier
 * by the call's total input tokens, the same rule genai-prices applies.
 */
function rate(price: PriceValue, inputTokens: number): number {
  if (price === undefined) return 0;
  if (typeof price === 'number') return price;
  let current = price.base;
  for (const tier of [...price.tiers].sort((a, b) => a.start - b.start)) {
    if (inputTokens > tier.start) current = tier.price;
  }
  return current;
}

function safeFindProvider(providerId: string): boolean {
  try {
    return findProvider({ providerId }) !== undefined;
  } catch {
    return false;
  }
}
