// The eval's score push: Phoenix span annotations and Langfuse-compatible
// scores (the InteractiveAI ingest), on the case run's root span. Retried by
// Temporal; ids derived from the eval, case and scorer, so a retry replaces.
import { ApplicationFailure } from '@temporalio/common';
import { redactServerText } from '../common/redact.js';
import { EvalAttr } from '../common/semconv.js';
import { type EvalBackends, loadEvalBackends } from '../config/eval-backends-config.js';
import type { Env } from '../config/parse.js';
import { type HideSwitches, loadHideSwitches } from '../config/privacy-config.js';
import type { PushScoresInput } from '../common/eval-wire.js';
import { PUSH_SCORES_ACTIVITY } from '../common/eval-wire.js';
import { REDACTED, maskFor } from '../telemetry/masking-rules.js';

/** Options of {@link createEvalActivities}. */
export interface EvalActivitiesOptions {
  /** Destinations (default: from the environment). */
  backends?: EvalBackends;
  /** The OPENINFERENCE_HIDE_* switches (default: from the environment), applied as on the spans. */
  hide?: HideSwitches;
  env?: Env;
}

/** The activities an eval workflow needs on its worker. */
export function createEvalActivities(options: EvalActivitiesOptions = {}) {
  const env = options.env ?? process.env;
  const backends = options.backends ?? loadEvalBackends(env);
  const hide = options.hide ?? loadHideSwitches(env);
  return {
    async [PUSH_SCORES_ACTIVITY](pushed: PushScoresInput): Promise<void> {
      const input = withHiddenExplanations(pushed, hide);
      if (backends.phoenix) await toPhoenix(backends.phoenix, input);
      for (const ingest of backends.ingests) await toIngest(ingest, input);
    },
  };
}

/**
 * The scores go to the same backends as the spans, so the switches that
 * redact `eval.explanation` on the EVALUATOR span redact it here too.
 */
function withHiddenExplanations(input: PushScoresInput, hide: HideSwitches): PushScoresInput {
  const hidden = (text: string) => maskFor(hide, EvalAttr.EXPLANATION, text) !== 'keep';
  if (!input.scores.some((s) => hidden(s.explanation))) return input;
  return {
    ...input,
    scores: input.scores.map((s) => (hidden(s.explanation) ? { ...s, explanation: REDACTED } : s)),
  };
}

async function toPhoenix(
  phoenix: NonNullable<EvalBackends['phoenix']>,
  input: PushScoresInput,
): Promise<void> {
  const data = input.scores.map((s) => ({
    span_id: input.spanId,
    name: s.name,
    annotator_kind: s.annotator,
    identifier: input.idPrefix,
    result: { label: s.passed ? 'pass' : 'fail', score: s.score, explanation: s.explanation },
  }));
  // Phoenix answers 404 until it has ingested the span: worth another try.
  await post(
    `${phoenix.baseUrl}/v1/span_annotations?sync=true`,
    { data },
    phoenix.apiKey ? `Bearer ${phoenix.apiKey}` : undefined,
    'Phoenix',
    [404, 429],
  );
}

async function toIngest(ingest: EvalBackends['ingests'][number], input: PushScoresInput): Promise<void> {
  const auth = `Basic ${Buffer.from(`${ingest.publicKey}:${ingest.secretKey}`).toString('base64')}`;
  for (const s of input.scores) {
    await post(
      `${ingest.host.replace(/\/+$/, '')}/api/public/scores`,
      {
        id: `${input.idPrefix}-${s.name}`,
        traceId: input.traceId,
        observationId: input.spanId,
        name: s.name,
        value: s.score,
        dataType: 'NUMERIC',
        comment: s.explanation,
      },
      auth,
      ingest.name,
      [429],
      [ingest.secretKey, ingest.publicKey],
    );
  }
}

async function post(
  url: string,
  body: unknown,
  authorization: string | undefined,
  what: string,
  retryable: readonly number[] = [429],
  secrets: readonly string[] = [],
): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (err) {
    throw ApplicationFailure.create({
      message: `${what} unreachable: ${(err as Error).message}`,
      type: 'ScorePushUnreachable',
    });
  }
  if (!res.ok) {
    // The answer goes into history and logs: no credential it might quote.
    const text = redactServerText((await res.text().catch(() => '')).split('\n')[0]!.slice(0, 200), secrets);
    // A 4xx other than 429 will not improve with retries.
    const nonRetryable = res.status >= 400 && res.status < 500 && !retryable.includes(res.status);
    throw ApplicationFailure.create({
      message: `${what} refused the scores: HTTP ${res.status} ${text}`,
      type: 'ScorePushFailed',
      nonRetryable,
    });
  }
}
