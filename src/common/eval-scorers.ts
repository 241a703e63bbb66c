// The built-in scorers that need no model: contains, exact, JSON schema,
// latency and cost. Pure and deterministic, so they run in the workflow
// sandbox and give the same scores on replay. Sandbox-safe.
import type { CaseScore, ScorerSpec } from './eval-wire.js';
import { schemaProblem } from './json-schema-check.js';

/** What a scorer judges: one case and its run. */
export interface ScoringInput {
  input: unknown;
  expected?: unknown;
  /** The agent's final output. */
  output: unknown;
  durationMs: number;
  costUsd: number;
  totalTokens: number;
}

/** A scorer's raw verdict, before its threshold decides pass or fail. */
export interface Verdict {
  score: number;
  explanation: string;
}

/** The name a scorer's scores go under. */
export function scorerName(spec: ScorerSpec): string {
  return spec.name ?? (spec.type === 'custom' ? spec.scorer : spec.type);
}

/** The score at which a case passes `spec`. */
export function thresholdOf(spec: ScorerSpec): number {
  return spec.threshold ?? (spec.type === 'llm_judge' ? 0.5 : 1);
}

/** Turns a verdict into a score: clamped to [0, 1], passed at the threshold. */
export function toScore(spec: ScorerSpec, verdict: Verdict): CaseScore {
  const score = Number.isFinite(verdict.score) ? Math.min(1, Math.max(0, verdict.score)) : 0;
  return {
    name: scorerName(spec),
    score,
    passed: score >= thresholdOf(spec),
    explanation: verdict.explanation,
    annotator: spec.type === 'llm_judge' ? 'LLM' : 'CODE',
  };
}

/** The verdict of a built-in deterministic scorer, or undefined for `llm_judge` and `custom`. */
export function deterministicVerdict(spec: ScorerSpec, c: ScoringInput): Verdict | undefined {
  const text = typeof c.output === 'string' ? c.output : JSON.stringify(c.output ?? null);
  switch (spec.type) {
    case 'contains': {
      const wanted =
        spec.value ?? (typeof c.expected === 'string' ? c.expected : JSON.stringify(c.expected ?? ''));
      const found = spec.caseSensitive
        ? text.includes(wanted)
        : text.toLowerCase().includes(wanted.toLowerCase());
      return { score: found ? 1 : 0, explanation: `${found ? 'contains' : 'does not contain'} "${wanted}"` };
    }
    case 'exact': {
      const equal =
        typeof c.expected === 'string' && typeof c.output === 'string'
          ? c.expected.trim() === c.output.trim()
          : JSON.stringify(c.expected) === JSON.stringify(c.output);
      return {
        score: equal ? 1 : 0,
        explanation: equal ? 'equals the expected output' : 'differs from the expected output',
      };
    }
    case 'json_schema': {
      let value = c.output;
      if (typeof value === 'string') {
        try {
          value = JSON.parse(value);
        } catch {
          return { score: 0, explanation: 'the output is not JSON' };
        }
      }
      const problem = schemaProblem(value, spec.schema);
      return { score: problem ? 0 : 1, explanation: problem ?? 'matches the schema' };
    }
    case 'latency':
      return {
        score: c.durationMs <= spec.maxMs ? 1 : 0,
        explanation: `took ${Math.round(c.durationMs)} ms (bound ${spec.maxMs} ms)`,
      };
    case 'cost':
      return {
        score: c.costUsd <= spec.maxUsd ? 1 : 0,
        explanation: `cost $${c.costUsd.toFixed(6)} (bound $${spec.maxUsd})`,
      };
    default:
      return undefined;
  }
}
