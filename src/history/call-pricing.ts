// Each rebuilt model call is priced once: its LLM span's cost attributes and
// the agent and run rollups come from the same estimate, as in a live trace,
// where the activity prices the call and the workflow sums what it returned.
import type { Attributes } from '@opentelemetry/api';
import type { LlmCallSummary } from '../common/rollup.js';
import { costAttributes, genAiUsageAttributes } from '../cost/attributes.js';
import { priceLlmCall } from '../cost/summarize.js';
import type { ModelCall } from './model-call.js';

/** A call's price, as the rollups and its LLM span carry it. */
export interface CallPricing {
  summary: LlmCallSummary;
  /** Cost and GenAI usage attributes for the LLM span; empty without both token counts. */
  spanAttributes: Attributes;
}

const priced = new WeakMap<ModelCall, CallPricing>();

/** The call's price, computed on first use. */
export function pricingOf(call: ModelCall): CallPricing {
  let pricing = priced.get(call);
  if (!pricing) {
    pricing = price(call);
    priced.set(call, pricing);
  }
  return pricing;
}

function price(call: ModelCall): CallPricing {
  const model = call.responseModel ?? call.requestModel ?? '';
  const { summary, estimate } = priceLlmCall({
    model,
    provider: call.provider,
    inputTokens: call.inputTokens ?? 0,
    outputTokens: call.outputTokens ?? 0,
    cachedInputTokens: call.cachedInputTokens,
    cacheWriteTokens: call.cacheWriteTokens,
    reasoningTokens: call.reasoningTokens,
  });
  // Without both counts any cost would be partly made up (the cost processor's rule too).
  if (call.inputTokens === undefined || call.outputTokens === undefined)
    return { summary, spanAttributes: {} };
  return {
    summary,
    spanAttributes: {
      ...genAiUsageAttributes({
        model,
        provider: call.provider,
        inputTokens: call.inputTokens,
        outputTokens: call.outputTokens,
        cachedInputTokens: call.cachedInputTokens,
      }),
      ...costAttributes(estimate),
    },
  };
}
