// The deterministic scorers, the JSON Schema check they use, and the eval
// statistics, on hand-made cases.
import { describe, expect, it } from 'vitest';
import { deterministicVerdict, toScore, type ScoringInput } from '../../src/common/eval-scorers.js';
import { averageScore, caseScore, scorerStats } from '../../src/common/eval-stats.js';
import type { CaseResult } from '../../src/common/eval-wire.js';
import { schemaProblem } from '../../src/common/json-schema-check.js';

const run: ScoringInput = {
  input: 'q',
  expected: 'Paris',
  output: 'The capital is paris.',
  durationMs: 1200,
  costUsd: 0.002,
  totalTokens: 900,
};

describe('deterministic scorers', () => {
  it('contains (the expected text by default, case-insensitive unless asked), exact, latency and cost bounds', () => {
    expect(deterministicVerdict({ type: 'contains' }, run)?.score).toBe(1);
    expect(deterministicVerdict({ type: 'contains', caseSensitive: true }, run)?.score).toBe(0);
    expect(deterministicVerdict({ type: 'contains', value: 'London' }, run)).toEqual({
      score: 0,
      explanation: 'does not contain "London"',
    });
    expect(deterministicVerdict({ type: 'exact' }, { ...run, output: ' Paris ' })?.score).toBe(1);
    expect(
      deterministicVerdict({ type: 'exact' }, { ...run, expected: { a: 1 }, output: { a: 1 } })?.score,
    ).toBe(1);
    expect(deterministicVerdict({ type: 'latency', maxMs: 1000 }, run)).toEqual({
      score: 0,
      explanation: 'took 1200 ms (bound 1000 ms)',
    });
    expect(deterministicVerdict({ type: 'cost', maxUsd: 0.01 }, run)?.score).toBe(1);
    expect(deterministicVerdict({ type: 'llm_judge', criteria: 'x' }, run)).toBeUndefined();
  });

  it('json_schema parses text output and names the first mismatch', () => {
    const schema = {
      type: 'object',
      required: ['items'],
      properties: { items: { type: 'array', minItems: 2, items: { type: 'string' } } },
    };
    expect(
      deterministicVerdict({ type: 'json_schema', schema }, { ...run, output: '{"items":["a","b"]}' })?.score,
    ).toBe(1);
    expect(deterministicVerdict({ type: 'json_schema', schema }, { ...run, output: 'not json' })).toEqual({
      score: 0,
      explanation: 'the output is not JSON',
    });
    expect(schemaProblem({ items: ['a', 2] }, schema)).toBe('$.items[1]: expected string');
    expect(schemaProblem({ items: ['a'] }, schema)).toBe('$.items: fewer than 2 items');
    expect(schemaProblem({}, schema)).toBe('$.items: missing');
    expect(schemaProblem({ items: ['a', 'b'], x: 1 }, { ...schema, additionalProperties: false })).toBe(
      '$.x: not allowed',
    );
    expect(schemaProblem(3, { type: 'integer', minimum: 5 })).toBe('$: below 5');
    expect(schemaProblem('b', { enum: ['a'] })).toBe('$: not one of ["a"]');
  });

  it('clamps scores to [0, 1] and passes at the threshold (1 by default, 0.5 for the judge)', () => {
    expect(toScore({ type: 'contains' }, { score: 1.7, explanation: '' })).toMatchObject({
      score: 1,
      passed: true,
    });
    expect(toScore({ type: 'llm_judge', criteria: 'c' }, { score: 0.5, explanation: '' })).toMatchObject({
      name: 'llm_judge',
      passed: true,
    });
    expect(
      toScore({ type: 'llm_judge', criteria: 'c', threshold: 0.8 }, { score: 0.7, explanation: '' }).passed,
    ).toBe(false);
    expect(toScore({ type: 'custom', scorer: 'tone' }, { score: NaN, explanation: '' })).toMatchObject({
      name: 'tone',
      score: 0,
    });
  });
});

describe('eval statistics', () => {
  const c = (id: string, scores: number[], status: CaseResult['status'] = 'passed'): CaseResult => ({
    id,
    status,
    workflowId: id,
    scores: scores.map((s, i) => ({
      name: ['a', 'b'][i]!,
      score: s,
      passed: s >= 1,
      explanation: '',
      annotator: 'CODE' as const,
    })),
    score: scores.length ? scores.reduce((x, y) => x + y, 0) / scores.length : 0,
  });
  it('averages, minima, maxima and passes per scorer; a failed run counts 0 in the overall score', () => {
    const cases = [c('1', [1, 0.5]), c('2', [0, 1]), c('3', [], 'failed'), c('4', [1, 1], 'running')];
    expect(scorerStats(cases, ['a', 'b'])).toEqual([
      { name: 'a', average: 2 / 3, min: 0, max: 1, passed: 2, count: 3 },
      { name: 'b', average: 2.5 / 3, min: 0.5, max: 1, passed: 2, count: 3 },
    ]);
    expect(caseScore(cases[0]!)).toBe(0.75);
    expect(averageScore(cases)).toBeCloseTo((0.75 + 0.5 + 0) / 3, 12);
    expect(averageScore([c('x', [], 'pending')])).toBeUndefined();
  });
});
