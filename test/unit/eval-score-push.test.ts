// The eval's score push, against a local HTTP receiver standing in for Phoenix
// and a Langfuse-compatible ingest: what each backend is sent, and that the
// privacy switches hold on the scores as they do on the spans.
import { afterEach, describe, expect, it } from 'vitest';
import type { PushScoresInput } from '../../src/common/eval-wire.js';
import { PUSH_SCORES_ACTIVITY } from '../../src/common/eval-wire.js';
import { createEvalActivities } from '../../src/worker/eval-activities.js';
import { type IngestReceiver, startIngestReceiver } from '../support/ingest-receiver.js';

const INPUT: PushScoresInput = {
  traceId: 'a'.repeat(32),
  spanId: 'b'.repeat(16),
  idPrefix: 'eval-1-case-3',
  scores: [
    { name: 'judge', score: 0.5, passed: false, explanation: 'says revenue fell; it rose', annotator: 'LLM' },
    { name: 'contains', score: 1, passed: true, explanation: 'found "revenue"', annotator: 'CODE' },
  ],
};

let receiver: IngestReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

async function push(env: Record<string, string>) {
  receiver = await startIngestReceiver();
  const activities = createEvalActivities({
    env: {
      PHOENIX_COLLECTOR_ENDPOINT: receiver.url,
      INTERACTIVEAI_HOST: receiver.url,
      INTERACTIVEAI_PUBLIC_KEY: 'pk-test',
      INTERACTIVEAI_SECRET_KEY: 'sk-test',
      ...env,
    },
  });
  await activities[PUSH_SCORES_ACTIVITY](INPUT);
  const bodies = receiver.requests.map((r) => ({ path: r.path, body: JSON.parse(r.body.toString()) }));
  const phoenix = bodies.find((b) => b.path.startsWith('/v1/span_annotations'))!.body.data as {
    name: string;
    result: { explanation: string; score: number };
  }[];
  const scores = bodies.filter((b) => b.path === '/api/public/scores').map((b) => b.body);
  return { phoenix, scores };
}

describe('eval score push', () => {
  it('sends every score, with its explanation, to Phoenix and to the ingest', async () => {
    const { phoenix, scores } = await push({});
    expect(phoenix.map((a) => [a.name, a.result.score, a.result.explanation])).toEqual([
      ['judge', 0.5, 'says revenue fell; it rose'],
      ['contains', 1, 'found "revenue"'],
    ]);
    expect(scores.map((s) => [s.id, s.value, s.comment])).toEqual([
      ['eval-1-case-3-judge', 0.5, 'says revenue fell; it rose'],
      ['eval-1-case-3-contains', 1, 'found "revenue"'],
    ]);
  });

  it.each(['OPENINFERENCE_HIDE_OUTPUTS', 'OPENINFERENCE_HIDE_OUTPUT_TEXT'])(
    'redacts the explanations under %s, keeping names and scores',
    async (name) => {
      const { phoenix, scores } = await push({ [name]: 'true' });
      expect(phoenix.map((a) => [a.name, a.result.score, a.result.explanation])).toEqual([
        ['judge', 0.5, '__REDACTED__'],
        ['contains', 1, '__REDACTED__'],
      ]);
      expect(scores.map((s) => [s.value, s.comment])).toEqual([
        [0.5, '__REDACTED__'],
        [1, '__REDACTED__'],
      ]);
    },
  );
});
