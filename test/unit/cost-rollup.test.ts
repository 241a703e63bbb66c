import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UsageRollup } from '../../src/common/rollup.js';
import type { LlmCallSummary, RollupSnapshot } from '../../src/common/rollup.js';
import { summarizeLlmCall } from '../../src/cost/summarize.js';

// Three calls, costs hand-computed from list prices (USD per 1M tokens):
// gpt-4o: prompt 8,000 × 2.5 + 4,000 × 1.25 = 0.025, completion 800 × 10 = 0.008, total 0.033
// gpt-4o-mini: prompt 8,000 × 0.15 + 4,000 × 0.075 = 0.0015, completion 800 × 0.6 = 0.00048, total 0.00198
// gpt-5: prompt 8,000 × 1.25 + 4,000 × 0.125 = 0.0105, completion 800 × 10 = 0.008, total 0.0185
const calls: LlmCallSummary[] = [
  {
    model: 'gpt-4o-2024-08-06',
    inputTokens: 12_000,
    outputTokens: 800,
    totalTokens: 12_800,
    cachedInputTokens: 4_000,
    reasoningTokens: 0,
    cost: { prompt: 0.025, completion: 0.008, total: 0.033 },
  },
  {
    model: 'gpt-4o-mini',
    inputTokens: 12_000,
    outputTokens: 800,
    totalTokens: 12_800,
    cachedInputTokens: 4_000,
    reasoningTokens: 0,
    cost: { prompt: 0.0015, completion: 0.00048, total: 0.00198 },
  },
  {
    model: 'gpt-5',
    inputTokens: 12_000,
    outputTokens: 800,
    totalTokens: 12_800,
    cachedInputTokens: 4_000,
    reasoningTokens: 300,
    cost: { prompt: 0.0105, completion: 0.008, total: 0.0185 },
  },
];
const unpriced: LlmCallSummary = {
  model: 'acme-llm-9000',
  inputTokens: 100,
  outputTokens: 10,
  totalTokens: 110,
  cachedInputTokens: 0,
  reasoningTokens: 0,
  unpricedReason: 'not in table',
};

// Sums: prompt 0.025 + 0.0015 + 0.0105 = 0.037; completion 0.008 + 0.00048 + 0.008 = 0.01648;
// total 0.033 + 0.00198 + 0.0185 = 0.05348. Tokens: 3 × 12,000 = 36,000 prompt, 3 × 800 = 2,400 completion.
const expectedSums: RollupSnapshot = {
  calls: 3,
  unpricedCalls: 0,
  inputTokens: 36_000,
  outputTokens: 2_400,
  totalTokens: 38_400,
  cachedInputTokens: 12_000,
  reasoningTokens: 300,
  cost: { prompt: 0.037, completion: 0.01648, total: 0.05348 },
};

describe('UsageRollup', () => {
  it('sums several calls exactly', () => {
    const rollup = new UsageRollup();
    for (const call of calls) rollup.add(call);
    expect(rollup.snapshot()).toEqual(expectedSums);
  });

  it('agrees with summaries priced on the host', () => {
    const rollup = new UsageRollup();
    for (const call of calls) {
      rollup.add(
        summarizeLlmCall({
          model: call.model,
          inputTokens: call.inputTokens,
          outputTokens: call.outputTokens,
          cachedInputTokens: call.cachedInputTokens,
          reasoningTokens: call.reasoningTokens,
        }),
      );
    }
    expect(rollup.snapshot()).toEqual(expectedSums);
  });

  it('counts an unpriced call without adding a cost for it', () => {
    const rollup = new UsageRollup();
    rollup.add(calls[0]);
    rollup.add(unpriced);
    const s = rollup.snapshot();
    expect(s).toMatchObject({ calls: 2, unpricedCalls: 1, inputTokens: 12_100, totalTokens: 12_910 });
    expect(s.cost).toEqual({ prompt: 0.025, completion: 0.008, total: 0.033 });
  });

  it('merges rollups and snapshots, and round-trips through JSON', () => {
    const a = new UsageRollup();
    a.add(calls[0]);
    const b = new UsageRollup();
    b.add(calls[1]);
    const c = new UsageRollup();
    c.add(calls[2]);
    const merged = new UsageRollup();
    merged.merge(a);
    merged.merge(JSON.parse(JSON.stringify(b.snapshot())) as RollupSnapshot);
    merged.merge(UsageRollup.from(c.snapshot()));
    expect(merged.snapshot()).toEqual(expectedSums);
    expect(
      UsageRollup.from(JSON.parse(JSON.stringify(merged.snapshot())) as RollupSnapshot).snapshot(),
    ).toEqual(expectedSums);
  });

  it('hands out snapshots that later additions do not change', () => {
    const rollup = new UsageRollup();
    rollup.add(calls[0]);
    const before = rollup.snapshot();
    rollup.add(calls[1]);
    expect(before.calls).toBe(1);
    expect(before.cost.total).toBe(0.033);
  });

  it('exposes only rollup.* attribute names', () => {
    const rollup = new UsageRollup();
    for (const call of calls) rollup.add(call);
    rollup.add(unpriced);
    const attrs = rollup.toAttributes();
    expect(attrs).toEqual({
      'rollup.llm.calls': 4,
      'rollup.llm.unpriced_calls': 1,
      'rollup.llm.token_count.prompt': 36_100,
      'rollup.llm.token_count.completion': 2_410,
      'rollup.llm.token_count.total': 38_510,
      'rollup.llm.token_count.cache_read': 12_000,
      'rollup.llm.token_count.reasoning': 300,
      'rollup.llm.cost.prompt': 0.037,
      'rollup.llm.cost.completion': 0.01648,
      'rollup.llm.cost.total': 0.05348,
    });
    for (const key of Object.keys(attrs)) {
      expect(key.startsWith('llm.') || key.startsWith('gen_ai.')).toBe(false);
      expect(key.startsWith('rollup.')).toBe(true);
    }
  });

  it('omits cost attributes when no call could be priced', () => {
    const rollup = new UsageRollup();
    rollup.add(unpriced);
    const attrs = rollup.toAttributes();
    expect(attrs['rollup.llm.unpriced_calls']).toBe(1);
    expect(Object.keys(attrs).some((k) => k.includes('cost'))).toBe(false);
  });

  it('does not let a corrupt snapshot poison the sums', () => {
    const rollup = UsageRollup.from(null as unknown as RollupSnapshot);
    rollup.merge({ calls: 1, cost: { total: Number.NaN } } as unknown as RollupSnapshot);
    rollup.add(calls[0]);
    expect(rollup.snapshot()).toMatchObject({ calls: 2, inputTokens: 12_000, cost: { total: 0.033 } });
  });
});

describe('rollup sandbox safety', () => {
  // rollup.ts runs inside Temporal's deterministic workflow sandbox.
  const files = ['rollup.ts', 'rollup-attributes.ts', 'round.ts'].map((f) => ({
    f,
    src: readFileSync(new URL(`../../src/common/${f}`, import.meta.url), 'utf8'),
  }));

  it('imports only its sandbox-safe siblings at runtime', () => {
    const runtimeImportsOf = (src: string): string[] =>
      [...src.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1]);
    // Guards the check itself: it must see rollup.ts's two real imports.
    expect(runtimeImportsOf(files[0].src).sort()).toEqual(['./rollup-attributes.js', './round.js']);
    for (const { f, src } of files) {
      const runtimeImports = runtimeImportsOf(src);
      for (const spec of runtimeImports) {
        expect([`${f}: ./round.js`, `${f}: ./rollup-attributes.js`]).toContain(`${f}: ${spec}`);
      }
    }
  });

  it('uses no clock, randomness or Node globals', () => {
    for (const { src } of files) {
      const code = src.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      expect(code).not.toMatch(/\bDate\b|Math\.random|\bprocess\b|\brequire\(|performance|setTimeout/);
    }
  });
});
