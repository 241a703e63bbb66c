import * as incubating from '@opentelemetry/semantic-conventions/incubating';
import { describe, expect, it } from 'vitest';
import {
  COST_PRICE_TABLE,
  COST_STATUS,
  COST_UNPRICED_REASON,
  GEN_AI_OPERATION_NAME,
  GEN_AI_PROVIDER_NAME,
  GEN_AI_REQUEST_MODEL,
  GEN_AI_RESPONSE_MODEL,
  GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  GEN_AI_USAGE_INPUT_TOKENS,
  GEN_AI_USAGE_OUTPUT_TOKENS,
  costAttributes,
  genAiProviderName,
  genAiUsageAttributes,
} from '../../src/cost/attributes.js';
import { PRICE_TABLE, estimateCost } from '../../src/cost/prices.js';

describe('costAttributes', () => {
  it('writes the OpenInference llm.cost.* figures for a priced call', () => {
    // gpt-5, 12,000 prompt (4,000 cached), 800 completion (300 reasoning):
    // input 8,000 × 1.25/1e6 = 0.01; cache 4,000 × 0.125/1e6 = 0.0005; prompt 0.0105
    // output 500 × 10/1e6 = 0.005; reasoning 300 × 10/1e6 = 0.003; completion 0.008; total 0.0185
    const est = estimateCost(
      { inputTokens: 12_000, cachedInputTokens: 4_000, outputTokens: 800, reasoningTokens: 300 },
      'gpt-5-2025-08-07',
    );
    expect(costAttributes(est)).toEqual({
      'llm.cost.prompt': 0.0105,
      'llm.cost.completion': 0.008,
      'llm.cost.total': 0.0185,
      'llm.cost.prompt_details.input': 0.01,
      'llm.cost.prompt_details.cache_read': 0.0005,
      'llm.cost.completion_details.output': 0.005,
      'llm.cost.completion_details.reasoning': 0.003,
      'cost.status': 'priced',
      'cost.price_table': PRICE_TABLE,
      'cost.matched_model': 'gpt-5',
    });
  });

  it('writes only the cost.* marker for an unpriced call', () => {
    const attrs = costAttributes({ priced: false, reason: 'model "x" not in price table' });
    expect(attrs).toEqual({
      [COST_STATUS]: 'unpriced',
      [COST_UNPRICED_REASON]: 'model "x" not in price table',
      [COST_PRICE_TABLE]: PRICE_TABLE,
    });
    expect(Object.keys(attrs).filter((k) => k.startsWith('llm.'))).toEqual([]);
  });
});

describe('genAiUsageAttributes', () => {
  it('writes the OTel GenAI chat attributes', () => {
    expect(
      genAiUsageAttributes({
        model: 'gpt-4o-2024-08-06',
        inputTokens: 12_000,
        outputTokens: 800,
        cachedInputTokens: 4_000,
      }),
    ).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-2024-08-06',
      'gen_ai.response.model': 'gpt-4o-2024-08-06',
      'gen_ai.usage.input_tokens': 12_000,
      'gen_ai.usage.output_tokens': 800,
      'gen_ai.usage.cache_read.input_tokens': 4_000,
    });
  });

  it('never invents a gen_ai cost attribute and omits what it was not given', () => {
    const attrs = genAiUsageAttributes({});
    expect(attrs).toEqual({ 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai' });
    expect(
      Object.keys(genAiUsageAttributes({ model: 'm', inputTokens: 1, outputTokens: 1 })).join(),
    ).not.toMatch(/cost/);
  });

  it('maps OpenInference provider ids to OTel GenAI provider names', () => {
    expect(genAiProviderName(undefined)).toBe(incubating.GEN_AI_PROVIDER_NAME_VALUE_OPENAI);
    expect(genAiProviderName('azure')).toBe(incubating.GEN_AI_PROVIDER_NAME_VALUE_AZURE_AI_OPENAI);
    expect(genAiProviderName('aws')).toBe(incubating.GEN_AI_PROVIDER_NAME_VALUE_AWS_BEDROCK);
    expect(genAiProviderName('mistralai')).toBe(incubating.GEN_AI_PROVIDER_NAME_VALUE_MISTRAL_AI);
    expect(genAiProviderName('xai')).toBe(incubating.GEN_AI_PROVIDER_NAME_VALUE_X_AI);
    expect(genAiProviderName('groq')).toBe(incubating.GEN_AI_PROVIDER_NAME_VALUE_GROQ);
  });

  it('uses the same GenAI names as the incubating OTel conventions', () => {
    expect(GEN_AI_OPERATION_NAME).toBe(incubating.ATTR_GEN_AI_OPERATION_NAME);
    expect(GEN_AI_PROVIDER_NAME).toBe(incubating.ATTR_GEN_AI_PROVIDER_NAME);
    expect(GEN_AI_REQUEST_MODEL).toBe(incubating.ATTR_GEN_AI_REQUEST_MODEL);
    expect(GEN_AI_RESPONSE_MODEL).toBe(incubating.ATTR_GEN_AI_RESPONSE_MODEL);
    expect(GEN_AI_USAGE_INPUT_TOKENS).toBe(incubating.ATTR_GEN_AI_USAGE_INPUT_TOKENS);
    expect(GEN_AI_USAGE_OUTPUT_TOKENS).toBe(incubating.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS);
    expect(GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS).toBe(incubating.ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS);
  });
});
