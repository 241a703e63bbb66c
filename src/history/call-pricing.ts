// Each rebuilt model call is priced once: its LLM span's cost attributes and
// the agent and run rollups come from the same estimate, as in a live trace,
// where the activity prices the call and the workflow sums what it returned.
import type { Attributes } from '@opentelemetry/api';
import type { LlmCallSummary } from '../common/rollup.js';
import { pricedSpanAttributes } from '../cost/attributes.js';
import type { CostEstimate } from '../cost/prices.js';
import { priceLlmCall } from '../cost/summarize.js';
import type { ModelCall } from './model-call.js';

/** A call's price: the summary the rollups add, and the estimate behind it. */
export interface CallPricing {
  summary: LlmCallSummary;
  estimate: CostEstimate;
}

const priced = new WeakMap<ModelCall, CallPricing>();

/** The call's price, computed on first use. */
export function pricingOf(call: ModelCall): CallPricing {
  let pricing = priced.get(call);
  if (!pricing) {
    pricing = priceLlmCall({
      model: modelOf(call),
      provider: call.provider,
      inputTokens: call.inputTokens ?? 0,
      outputTokens: call.outputTokens ?? 0,
      cachedInputTokens: call.cachedInputTokens,
      cacheWriteTokens: call.cacheWriteTokens,
      reasoningTokens: call.reasoningTokens,
    });
    priced.set(call, pricing);
  }
  return pricing;
}

/**
 * What the call's price adds to its LLM span with `existing` attributes, as the
 * cost processor would add it; nothing without both token counts (any cost
 * would be partly made up, the processor's rule too).
 */
export function callPriceAttributes(call: ModelCall, existing: Attributes): Attributes {
  if (call.inputTokens === undefined || call.outputTokens === undefined) return {};
  const usage = {
    model: modelOf(call),
    provider: call.provider,
    inputTokens: call.inputTokens,
    outputTokens: call.outputTokens,
    cachedInputTokens: call.cachedInputTokens,
  };
  return pricedSpanAttributes(existing, usage, pricingOf(call).estimate);
}

const modelOf = (call: ModelCall) => call.responseModel ?? call.requestModel ?? '';
