// The fast path for linear prices must give what `calcPrice` gives, for every
// model of the bundled table it takes, over token counts of every kind.
import { describe, expect, it } from 'vitest';
import { calcPrice, findProvider } from '@pydantic/genai-prices';
import { linearPrice, type TokenUsage } from '../../src/cost/linear-prices.js';
import { roundUsd } from '../../src/common/round.js';

// The providers of @pydantic/genai-prices 0.1.8 (the package has no list of them).
const PROVIDERS =
  'anthropic arcee avian aws azure baseten cerebras cloudflare cohere cursor deepseek doubleword fireworks ' +
  'github-copilot google groq huggingface_cerebras huggingface_fireworks-ai huggingface_groq ' +
  'huggingface_hyperbolic huggingface_nebius huggingface_novita huggingface_nscale huggingface_ovhcloud ' +
  'huggingface_publicai huggingface_sambanova huggingface_together minimax mistral modal moonshotai novita ' +
  'openai openrouter ovhcloud perplexity quicksilverpro together typesafe voyageai x-ai zai zhipuai';

const usage = (
  input_tokens: number,
  cache_read_tokens: number,
  cache_write_tokens: number,
  output_tokens: number,
  output_reasoning_tokens: number,
): TokenUsage => ({
  input_tokens,
  cache_read_tokens,
  cache_write_tokens,
  output_tokens,
  output_reasoning_tokens,
});

const USAGES = [
  usage(0, 0, 0, 0, 0),
  usage(1, 0, 0, 1, 0),
  usage(1_200, 0, 0, 300, 0),
  usage(52_417, 20_480, 0, 4_096, 1_024),
  usage(9_999, 0, 8_000, 77, 0),
  usage(180_000, 60_000, 30_000, 12_345, 12_345),
  usage(3_000_000, 1_000_000, 500_000, 900_000, 1),
];

describe('linear prices', () => {
  it('equal calcPrice for every model they take, to the 1e-10 USD estimates are rounded to', () => {
    let linear = 0;
    let other = 0;
    for (const providerId of PROVIDERS.split(' ')) {
      const provider = findProvider({ providerId });
      expect(provider, providerId).toBeDefined();
      for (const model of provider!.models) {
        if (!linearPrice(USAGES[0], model.id, providerId)) {
          other++;
          continue;
        }
        linear++;
        for (const u of USAGES) {
          const fast = linearPrice(u, model.id, providerId)!;
          const slow = calcPrice(u, model.id, { providerId })!;
          const label = `${providerId}/${model.id} ${JSON.stringify(u)}`;
          expect(fast.model.id, label).toBe(slow.model.id);
          expect(roundUsd(fast.input_price), label).toBe(roundUsd(slow.input_price));
          expect(roundUsd(fast.output_price), label).toBe(roundUsd(slow.output_price));
          expect(roundUsd(fast.total_price), label).toBe(roundUsd(slow.total_price));
        }
      }
    }
    // Most of the table is linear; the rest (tiers, prices by date or hour) still goes through calcPrice.
    expect(linear).toBeGreaterThan(500);
    expect(other).toBeGreaterThan(0);
  });

  it('leave tiered, conditional and unknown models to calcPrice', () => {
    expect(linearPrice(USAGES[2], 'gpt-4o-mini', 'openai')).toBeDefined();
    expect(linearPrice(USAGES[2], 'claude-haiku-4-5', 'anthropic')).toBeDefined();
    expect(linearPrice(USAGES[2], 'no-such-model-anywhere', 'openai')).toBeUndefined();
    const tiered = findProvider({ providerId: 'google' })!.models.find(
      (m) => !Array.isArray(m.prices) && Object.values(m.prices).some((v) => typeof v === 'object'),
    );
    expect(tiered).toBeDefined();
    expect(linearPrice(USAGES[2], tiered!.id, 'google')).toBeUndefined();
  });
});
