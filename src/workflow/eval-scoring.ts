// Scores one case: the built-in deterministic scorers, scorers registered
// with `registerScorer`, and the LLM judge, which runs as a model activity in
// the eval's own trace (its cost is the eval's, not the case's). Sandbox-safe.
import { Agent } from '@openai/agents-core';
import { ApplicationFailure } from '@temporalio/workflow';
import { z } from 'zod';
import {
  deterministicVerdict,
  type ScoringInput,
  scorerName,
  toScore,
  type Verdict,
} from '../common/eval-scorers.js';
import type { CaseScore, ScorerSpec } from '../common/eval-wire.js';
import { OpenInferenceAttr } from '../common/semconv.js';
import { DEFAULT_MODEL } from './activity-model.js';
import { runAgent } from './run-agent.js';
import { withSpan } from './scope.js';

/** A scorer users write: deterministic workflow code (call activities for I/O). */
export type CustomScorer = (input: ScoringInput, options: unknown) => Verdict | Promise<Verdict>;

const custom = new Map<string, CustomScorer>();

/** Registers a scorer for `{ type: 'custom', scorer: name }`, at the top level of the workflows module. */
export function registerScorer(name: string, scorer: CustomScorer): void {
  custom.set(name, scorer);
}

const judgement = z.object({
  score: z.number().min(0).max(1).describe('1 when the answer fully meets the criteria, 0 when not at all.'),
  explanation: z.string().describe('One or two sentences on why.'),
});

/** Every scorer's score for one case, in the order given. */
export async function scoreCase(specs: readonly ScorerSpec[], input: ScoringInput): Promise<CaseScore[]> {
  const scores: CaseScore[] = [];
  for (const spec of specs) scores.push(toScore(spec, await verdictOf(spec, input)));
  return scores;
}

async function verdictOf(spec: ScorerSpec, input: ScoringInput): Promise<Verdict> {
  const builtIn = deterministicVerdict(spec, input);
  if (builtIn) return builtIn;
  if (spec.type === 'custom') {
    const scorer = custom.get(spec.scorer);
    if (!scorer)
      throw ApplicationFailure.nonRetryable(
        `no scorer is registered as "${spec.scorer}" (registered: ${[...custom.keys()].join(', ') || 'none'})`,
        'UnknownScorer',
      );
    return scorer(input, spec.options);
  }
  if (spec.type === 'llm_judge') return judge(spec, input);
  throw ApplicationFailure.nonRetryable(
    `unknown scorer type ${(spec as { type: string }).type}`,
    'UnknownScorer',
  );
}

async function judge(spec: Extract<ScorerSpec, { type: 'llm_judge' }>, c: ScoringInput): Promise<Verdict> {
  return withSpan(`score ${scorerName(spec)}`, { [OpenInferenceAttr.SPAN_KIND]: 'EVALUATOR' }, async () => {
    const agent = new Agent({
      name: 'EvalJudge',
      model: spec.model ?? DEFAULT_MODEL,
      instructions:
        'You grade the answer an AI agent gave to a task. Judge only by these criteria: ' +
        `${spec.criteria}\nReply with a score from 0 to 1 and a short explanation.`,
      outputType: judgement,
    });
    const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
    const prompt =
      `Task input:\n${show(c.input)}\n\n` +
      (c.expected !== undefined ? `Expected answer:\n${show(c.expected)}\n\n` : '') +
      `Agent's answer:\n${show(c.output)}`;
    const result = await runAgent(agent, prompt);
    const verdict = result.finalOutput;
    if (!verdict) return { score: 0, explanation: 'the judge gave no verdict' };
    return { score: verdict.score, explanation: verdict.explanation };
  });
}
