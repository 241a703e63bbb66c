// Statistics of an eval from its case scores. Pure. Sandbox-safe.
import type { CaseResult, ScorerStats } from './eval-wire.js';

/** Per-scorer average, min, max and passes, over the cases that were scored. */
export function scorerStats(cases: readonly CaseResult[], names: readonly string[]): ScorerStats[] {
  return names.map((name) => {
    const scores = cases.flatMap((c) => c.scores.filter((s) => s.name === name));
    const values = scores.map((s) => s.score);
    return {
      name,
      average: values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0,
      min: values.length ? Math.min(...values) : 0,
      max: values.length ? Math.max(...values) : 0,
      passed: scores.filter((s) => s.passed).length,
      count: values.length,
    };
  });
}

/** A case's score: the mean of its scorers' (0 for a case whose run failed). */
export function caseScore(c: Pick<CaseResult, 'scores'>): number {
  return c.scores.length ? c.scores.reduce((a, s) => a + s.score, 0) / c.scores.length : 0;
}

/** The mean of the finished cases' scores. */
export function averageScore(cases: readonly CaseResult[]): number | undefined {
  const done = cases.filter((c) => c.status === 'passed' || c.status === 'failed');
  return done.length ? done.reduce((a, c) => a + (c.score ?? 0), 0) / done.length : undefined;
}
