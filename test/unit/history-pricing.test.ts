// Model calls rebuilt from history are priced once, on the LLM span itself,
// with the provider and prompt-cache writes the call recorded: a recorded
// research run whose first model call is rewritten into a Claude call that
// wrote to Anthropic's prompt cache, as invokeModel records one.
import { readFileSync } from 'node:fs';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { describe, expect, it } from 'vitest';
import { buildRunTrace } from '../../src/history/build-trace.js';
import { KNOWN_MODEL_ACTIVITIES } from '../../src/history/known-model-activities.js';
import { readPayloadValues } from '../../src/history/payload-values.js';
import { readRunHistory } from '../../src/history/read-events.js';
import { historyTraceId } from '../../src/history/span-ids.js';

type Json = Record<string, any>;
const decode = (p: Json) => JSON.parse(Buffer.from(p.data, 'base64').toString('utf8'));
const encode = (p: Json, value: unknown) => ({
  ...p,
  data: Buffer.from(JSON.stringify(value)).toString('base64'),
});

/** Usage of the rewritten call: 2,000 input tokens of which 1,200 written to the cache and 300 read from it. */
const USAGE = { inputTokens: 2000, outputTokens: 400, cacheWrite: 1200, cacheRead: 300 };
// Claude Haiku 4.5, $ per million tokens: input 1, cache write 1.25, cache read 0.10, output 5.
const EXPECTED_COST =
  ((USAGE.inputTokens - USAGE.cacheWrite - USAGE.cacheRead) * 1 +
    USAGE.cacheWrite * 1.25 +
    USAGE.cacheRead * 0.1 +
    USAGE.outputTokens * 5) /
  1e6;

/** The recorded run with its first invokeModel turned into a Claude call; `summary` says how it recorded usage. */
function claudeHistory(summary: 'current' | 'older'): Json {
  const json = JSON.parse(
    readFileSync(new URL('../history_files/research-0.1.0.json', import.meta.url), 'utf8'),
  ) as { events: Json[] };
  const scheduled = json.events.find(
    (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'invokeModel',
  )!.activityTaskScheduledEventAttributes;
  const [input] = scheduled.input.payloads;
  scheduled.input.payloads = [encode(input, { ...decode(input), model: 'anthropic/claude-haiku-4-5' })];
  const completed = json.events.find(
    (e) =>
      e.activityTaskCompletedEventAttributes?.scheduledEventId ===
      String(json.events.find((x) => x.activityTaskScheduledEventAttributes === scheduled)!.eventId),
  )!.activityTaskCompletedEventAttributes;
  const [result] = completed.result.payloads;
  const value = decode(result);
  const { inputTokens, outputTokens, cacheWrite, cacheRead } = USAGE;
  value.response.usage = {
    ...value.response.usage,
    inputTokens,
    outputTokens,
    totalTokens: inputTokens + outputTokens,
    inputTokensDetails: [{ cached_tokens: cacheRead, cache_write_tokens: cacheWrite }],
  };
  const llm = {
    model: 'claude-haiku-4-5',
    inputTokens,
    outputTokens,
    totalTokens: inputTokens + outputTokens,
  };
  // Summaries written before provider and cache writes were recorded carry neither.
  value.llm =
    summary === 'current'
      ? {
          ...llm,
          provider: 'anthropic',
          cachedInputTokens: cacheRead,
          cacheWriteTokens: cacheWrite,
          reasoningTokens: 0,
        }
      : { ...llm, cachedInputTokens: cacheRead, reasoningTokens: 0 };
  completed.result.payloads = [encode(result, value)];
  return json;
}

async function rebuild(json: Json) {
  const run = readRunHistory(historyFromJSON(json), 'default');
  const built = buildRunTrace(run, {
    traceId: historyTraceId('default', run),
    values: await readPayloadValues(run, { read: true }),
    modelReaderFor: (type) => KNOWN_MODEL_ACTIVITIES[type],
    isToolActivity: () => false,
  });
  // No cost processor here: the rebuilt spans must carry their cost themselves.
  return built.spans;
}

describe('model calls rebuilt from history', () => {
  it.each(['current', 'older'] as const)(
    'are priced on the LLM span with the provider and cache writes the call recorded (%s summary)',
    async (summary) => {
      const spans = await rebuild(claudeHistory(summary));
      const llms = spans.filter((s) => s.attributes['openinference.span.kind'] === 'LLM');
      const claude = llms.find((s) => s.attributes['llm.provider'] === 'anthropic')!;
      expect(claude.name).toBe('Anthropic Messages');
      expect(claude.attributes['llm.model_name']).toBe('claude-haiku-4-5');
      expect(claude.attributes['llm.token_count.prompt_details.cache_write']).toBe(USAGE.cacheWrite);
      expect(claude.attributes['llm.token_count.prompt_details.cache_read']).toBe(USAGE.cacheRead);
      expect(claude.attributes['llm.cost.total']).toBeCloseTo(EXPECTED_COST, 12);
      expect(claude.attributes['cost.status']).toBe('priced');
      expect(claude.attributes['gen_ai.usage.input_tokens']).toBe(USAGE.inputTokens);

      // Every LLM span is priced, and the run's rollup is their sum: one estimate per call.
      for (const llm of llms) expect(llm.attributes['llm.cost.total']).toBeGreaterThan(0);
      const root = spans.find((s) => s.name === 'RunWorkflow:ResearchWorkflow')!;
      const total = llms.reduce((sum, s) => sum + Number(s.attributes['llm.cost.total']), 0);
      expect(root.attributes['rollup.llm.cost.total']).toBeCloseTo(total, 12);
    },
  );
});
