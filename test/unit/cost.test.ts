import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { PRICE_TABLE, estimateCost } from '../../src/cost/prices.js';
import type { LlmUsage } from '../../src/cost/prices.js';

// Every figure below is worked out by hand from OpenAI's list prices
// (USD per 1M tokens: input / cached input / output):
//   gpt-4o 2.5 / 1.25 / 10, gpt-4o-mini 0.15 / 0.075 / 0.6,
//   gpt-4.1 2 / 0.5 / 8, gpt-5 1.25 / 0.125 / 10.
// Usage: 12,000 prompt tokens of which 4,000 cached (so 8,000 uncached),
// 800 completion tokens (of which 300 reasoning for gpt-5).
const plain: LlmUsage = { inputTokens: 12_000, cachedInputTokens: 4_000, outputTokens: 800 };
const reasoning: LlmUsage = { ...plain, reasoningTokens: 300 };

describe('estimateCost', () => {
  it('prices gpt-4o', () => {
    // input 8,000 × 2.5/1e6 = 0.02; cache 4,000 × 1.25/1e6 = 0.005; prompt 0.025
    // output 800 × 10/1e6 = 0.008; total 0.025 + 0.008 = 0.033
    expect(estimateCost(plain, 'gpt-4o')).toEqual({
      priced: true,
      model: 'gpt-4o',
      prompt: 0.025,
      completion: 0.008,
      total: 0.033,
      promptDetails: { input: 0.02, cacheRead: 0.005, cacheWrite: 0 },
      completionDetails: { output: 0.008, reasoning: 0 },
    });
  });

  it('prices gpt-4o-mini', () => {
    // input 8,000 × 0.15/1e6 = 0.0012; cache 4,000 × 0.075/1e6 = 0.0003; prompt 0.0015
    // output 800 × 0.6/1e6 = 0.00048; total 0.0015 + 0.00048 = 0.00198
    expect(estimateCost(plain, 'gpt-4o-mini')).toEqual({
      priced: true,
      model: 'gpt-4o-mini',
      prompt: 0.0015,
      completion: 0.00048,
      total: 0.00198,
      promptDetails: { input: 0.0012, cacheRead: 0.0003, cacheWrite: 0 },
      completionDetails: { output: 0.00048, reasoning: 0 },
    });
  });

  it('prices gpt-4.1', () => {
    // input 8,000 × 2/1e6 = 0.016; cache 4,000 × 0.5/1e6 = 0.002; prompt 0.018
    // output 800 × 8/1e6 = 0.0064; total 0.018 + 0.0064 = 0.0244
    expect(estimateCost(plain, 'gpt-4.1')).toEqual({
      priced: true,
      model: 'gpt-4.1',
      prompt: 0.018,
      completion: 0.0064,
      total: 0.0244,
      promptDetails: { input: 0.016, cacheRead: 0.002, cacheWrite: 0 },
      completionDetails: { output: 0.0064, reasoning: 0 },
    });
  });

  it('prices gpt-5 with reasoning tokens billed at the output rate', () => {
    // input 8,000 × 1.25/1e6 = 0.01; cache 4,000 × 0.125/1e6 = 0.0005; prompt 0.0105
    // reasoning 300 × 10/1e6 = 0.003; other output 500 × 10/1e6 = 0.005
    // completion 0.008; total 0.0105 + 0.008 = 0.0185
    expect(estimateCost(reasoning, 'gpt-5')).toEqual({
      priced: true,
      model: 'gpt-5',
      prompt: 0.0105,
      completion: 0.008,
      total: 0.0185,
      promptDetails: { input: 0.01, cacheRead: 0.0005, cacheWrite: 0 },
      completionDetails: { output: 0.005, reasoning: 0.003 },
    });
  });

  it('prices a dated model name the same as its base model', () => {
    const base = estimateCost(plain, 'gpt-4o');
    expect(estimateCost(plain, 'gpt-4o-2024-08-06')).toEqual(base);
    expect(estimateCost(reasoning, 'gpt-5-2025-08-07')).toEqual(estimateCost(reasoning, 'gpt-5'));
  });

  it('treats an unset provider as openai and accepts any case', () => {
    expect(estimateCost(plain, 'gpt-4o', 'OpenAI')).toEqual(estimateCost(plain, 'gpt-4o'));
    expect(estimateCost(plain, 'gpt-4o', '')).toEqual(estimateCost(plain, 'gpt-4o'));
  });

  it('charges all prompt tokens at the input rate when nothing is cached', () => {
    // 12,000 × 2.5/1e6 = 0.03; 800 × 10/1e6 = 0.008; total 0.038
    const est = estimateCost({ inputTokens: 12_000, outputTokens: 800 }, 'gpt-4o');
    expect(est).toMatchObject({ prompt: 0.03, completion: 0.008, total: 0.038 });
    expect(est).toMatchObject({ promptDetails: { input: 0.03, cacheRead: 0, cacheWrite: 0 } });
  });

  it('reports an unknown model as unpriced, naming it, never as zero', () => {
    const est = estimateCost(plain, 'acme-llm-9000');
    expect(est.priced).toBe(false);
    expect(est).not.toHaveProperty('total');
    if (!est.priced) expect(est.reason).toContain('acme-llm-9000');
  });

  it('reports an unknown provider as unpriced, naming it', () => {
    const est = estimateCost(plain, 'gpt-4o', 'no-such-cloud');
    expect(est.priced).toBe(false);
    if (!est.priced) expect(est.reason).toContain('no-such-cloud');
  });

  it('reports inconsistent usage as unpriced instead of throwing', () => {
    const cases: Array<[LlmUsage, string]> = [
      [{ inputTokens: 10, cachedInputTokens: 20, outputTokens: 1 }, 'cachedInputTokens'],
      [{ inputTokens: 10, outputTokens: 1, reasoningTokens: 2 }, 'reasoningTokens'],
      [{ inputTokens: -1, outputTokens: 1 }, 'inputTokens'],
      [{ inputTokens: Number.NaN, outputTokens: 1 }, 'inputTokens'],
    ];
    for (const [usage, field] of cases) {
      const est = estimateCost(usage, 'gpt-4o');
      expect(est.priced).toBe(false);
      if (!est.priced) expect(est.reason).toContain(field);
    }
    expect(estimateCost(plain, '  ').priced).toBe(false);
  });

  it('pins PRICE_TABLE to the installed genai-prices version', () => {
    // Upgrading the package changes prices; this makes the upgrade visible.
    const require = createRequire(import.meta.url);
    const entry = require.resolve('@pydantic/genai-prices');
    const pkgPath = entry.slice(0, entry.lastIndexOf('/dist/')) + '/package.json';
    const { name, version } = JSON.parse(readFileSync(pkgPath, 'utf8')) as { name: string; version: string };
    expect(PRICE_TABLE).toBe(`${name}@${version}`);
  });
});
