/**
 * Attribute names and builders for LLM cost and usage on spans: the names
 * come from the vocabulary modules (OpenInference's package, common/gen-ai.ts,
 * common/semconv.ts), given here under the names this module always exported.
 */
import { SemanticConventions } from '@arizeai/openinference-semantic-conventions';
import { GenAiAttr, GenAiOperation } from '../common/gen-ai.js';
import { CostAttr } from '../common/semconv.js';
import type { Attributes } from '@opentelemetry/api';
import { PRICE_TABLE } from './prices.js';
import type { CostEstimate } from './prices.js';

export * from '../common/rollup-attributes.js';

/** `openinference.span.kind`; `LLM` marks a model call. */
export const OPENINFERENCE_SPAN_KIND = SemanticConventions.OPENINFERENCE_SPAN_KIND;
/** Model name the API returned (may be dated, e.g. `gpt-4o-2024-08-06`). */
export const LLM_MODEL_NAME = SemanticConventions.LLM_MODEL_NAME;
/** Hosting provider, e.g. `openai` or `azure`. */
export const LLM_PROVIDER = SemanticConventions.LLM_PROVIDER;
/** Model family / API flavour, e.g. `openai`. */
export const LLM_SYSTEM = SemanticConventions.LLM_SYSTEM;
/** Prompt tokens, cached ones included. */
export const LLM_TOKEN_COUNT_PROMPT = SemanticConventions.LLM_TOKEN_COUNT_PROMPT;
/** Completion tokens, reasoning ones included. */
export const LLM_TOKEN_COUNT_COMPLETION = SemanticConventions.LLM_TOKEN_COUNT_COMPLETION;
/** Prompt + completion tokens. */
export const LLM_TOKEN_COUNT_TOTAL = SemanticConventions.LLM_TOKEN_COUNT_TOTAL;
/** Prompt tokens served from the provider's cache. */
export const LLM_TOKEN_COUNT_PROMPT_DETAILS_CACHE_READ =
  SemanticConventions.LLM_TOKEN_COUNT_PROMPT_DETAILS_CACHE_READ;
/** Prompt tokens written to the provider's cache. */
export const LLM_TOKEN_COUNT_PROMPT_DETAILS_CACHE_WRITE =
  SemanticConventions.LLM_TOKEN_COUNT_PROMPT_DETAILS_CACHE_WRITE;
/** Completion tokens spent on reasoning. */
export const LLM_TOKEN_COUNT_COMPLETION_DETAILS_REASONING =
  SemanticConventions.LLM_TOKEN_COUNT_COMPLETION_DETAILS_REASONING;

/** Prompt cost in USD. */
export const LLM_COST_PROMPT = SemanticConventions.LLM_COST_PROMPT;
/** Completion cost in USD. */
export const LLM_COST_COMPLETION = SemanticConventions.LLM_COST_COMPLETION;
/** Total cost in USD. */
export const LLM_COST_TOTAL = SemanticConventions.LLM_COST_TOTAL;
/** Cost of the uncached prompt tokens in USD. */
export const LLM_COST_PROMPT_DETAILS_INPUT = SemanticConventions.LLM_COST_INPUT;
/** Cost of the cached prompt tokens in USD. */
export const LLM_COST_PROMPT_DETAILS_CACHE_READ = SemanticConventions.LLM_COST_PROMPT_DETAILS_CACHE_READ;
/** Cost of the prompt tokens written to the cache in USD. */
export const LLM_COST_PROMPT_DETAILS_CACHE_WRITE = SemanticConventions.LLM_COST_PROMPT_DETAILS_CACHE_WRITE;
/** Cost of the non-reasoning completion tokens in USD. */
export const LLM_COST_COMPLETION_DETAILS_OUTPUT = SemanticConventions.LLM_COST_OUTPUT;
/** Cost of the reasoning tokens in USD. */
export const LLM_COST_COMPLETION_DETAILS_REASONING =
  SemanticConventions.LLM_COST_COMPLETION_DETAILS_REASONING;

/** OTel GenAI operation name; LLM spans are `chat`. */
export const GEN_AI_OPERATION_NAME = GenAiAttr.OPERATION_NAME;
/** OTel GenAI provider name, e.g. `openai`. */
export const GEN_AI_PROVIDER_NAME = GenAiAttr.PROVIDER_NAME;
/** OTel GenAI requested model. */
export const GEN_AI_REQUEST_MODEL = GenAiAttr.REQUEST_MODEL;
/** OTel GenAI model that answered. */
export const GEN_AI_RESPONSE_MODEL = GenAiAttr.RESPONSE_MODEL;
/** OTel GenAI input tokens (cached ones included). */
export const GEN_AI_USAGE_INPUT_TOKENS = GenAiAttr.USAGE_INPUT_TOKENS;
/** OTel GenAI output tokens. */
export const GEN_AI_USAGE_OUTPUT_TOKENS = GenAiAttr.USAGE_OUTPUT_TOKENS;
/** OTel GenAI input tokens served from cache. */
export const GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS = GenAiAttr.USAGE_CACHE_READ_INPUT_TOKENS;

/** `priced` or `unpriced`: whether the LLM span's cost could be computed. */
export const COST_STATUS = CostAttr.STATUS;
/** Why an LLM span carries no cost (unknown model, bad usage, ...). */
export const COST_UNPRICED_REASON = CostAttr.UNPRICED_REASON;
/** Price table the cost was computed from. */
export const COST_PRICE_TABLE = CostAttr.PRICE_TABLE;
/** Model id as matched in the price table. */
export const COST_MATCHED_MODEL = CostAttr.MATCHED_MODEL;

/** Values of {@link COST_STATUS}. */
export type CostStatus = 'priced' | 'unpriced';

/**
 * Span attributes for a cost estimate: the OpenInference `llm.cost.*` figures
 * when priced, otherwise only the `cost.*` marker (no `llm.cost.*` key, so
 * an unknown cost never shows up as zero).
 */
export function costAttributes(est: CostEstimate): Attributes {
  if (!est.priced) {
    return {
      [COST_STATUS]: 'unpriced' satisfies CostStatus,
      [COST_UNPRICED_REASON]: est.reason,
      [COST_PRICE_TABLE]: PRICE_TABLE,
    };
  }
  return {
    [LLM_COST_PROMPT]: est.prompt,
    [LLM_COST_COMPLETION]: est.completion,
    [LLM_COST_TOTAL]: est.total,
    [LLM_COST_PROMPT_DETAILS_INPUT]: est.promptDetails.input,
    [LLM_COST_PROMPT_DETAILS_CACHE_READ]: est.promptDetails.cacheRead,
    ...(est.promptDetails.cacheWrite
      ? { [LLM_COST_PROMPT_DETAILS_CACHE_WRITE]: est.promptDetails.cacheWrite }
      : {}),
    [LLM_COST_COMPLETION_DETAILS_OUTPUT]: est.completionDetails.output,
    [LLM_COST_COMPLETION_DETAILS_REASONING]: est.completionDetails.reasoning,
    [COST_STATUS]: 'priced' satisfies CostStatus,
    [COST_PRICE_TABLE]: PRICE_TABLE,
    [COST_MATCHED_MODEL]: est.model,
  };
}

/**
 * What pricing adds to an LLM span that has `existing` attributes: the cost
 * figures, and the GenAI usage keys it does not have yet (instrumentations that
 * set them know better than we do).
 */
export function pricedSpanAttributes(
  existing: Attributes,
  usage: GenAiUsageInput,
  estimate: CostEstimate,
): Attributes {
  const added = costAttributes(estimate);
  const usageAttributes = genAiUsageAttributes(usage);
  for (const key in usageAttributes) if (existing[key] === undefined) added[key] = usageAttributes[key];
  return added;
}

/** Input of {@link genAiUsageAttributes}. */
export interface GenAiUsageInput {
  /** Model name; becomes both request and response model. */
  model?: string;
  /** OpenInference provider id; unset means `openai`. */
  provider?: string;
  inputTokens?: number;
  outputTokens?: number;
  cachedInputTokens?: number;
}

// OpenInference provider ids whose OTel GenAI well-known name differs.
const GEN_AI_PROVIDER_NAMES: Readonly<Record<string, string>> = {
  azure: 'azure.ai.openai',
  aws: 'aws.bedrock',
  google: 'gcp.gen_ai',
  mistralai: 'mistral_ai',
  xai: 'x_ai',
};

/** Maps an OpenInference provider id to the OTel GenAI `gen_ai.provider.name` value. */
export function genAiProviderName(provider?: string): string {
  const id = provider?.trim().toLowerCase() || 'openai';
  return GEN_AI_PROVIDER_NAMES[id] ?? id;
}

/**
 * OTel GenAI attributes for one chat call. Keys whose input is missing are
 * left out; no `gen_ai.usage.cost*` key is ever produced, as none is defined.
 */
export function genAiUsageAttributes(u: GenAiUsageInput): Attributes {
  const attrs: Attributes = {
    [GEN_AI_OPERATION_NAME]: GenAiOperation.CHAT,
    [GEN_AI_PROVIDER_NAME]: genAiProviderName(u.provider),
  };
  if (u.model) {
    attrs[GEN_AI_REQUEST_MODEL] = u.model;
    attrs[GEN_AI_RESPONSE_MODEL] = u.model;
  }
  if (u.inputTokens !== undefined) attrs[GEN_AI_USAGE_INPUT_TOKENS] = u.inputTokens;
  if (u.outputTokens !== undefined) attrs[GEN_AI_USAGE_OUTPUT_TOKENS] = u.outputTokens;
  if (u.cachedInputTokens !== undefined) attrs[GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS] = u.cachedInputTokens;
  return attrs;
}
