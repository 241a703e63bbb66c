// A research run with a different provider per agent, against the offline
// model (which answers the OpenAI, Azure OpenAI and Anthropic APIs): one
// trace, each LLM span with its provider, tokens and a cost equal to the
// published prices by hand; Anthropic's faults retried or not as specified.
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { createResearchActivities } from '../../examples/research/activities.js';
import type { ResearchInput, ResearchReport } from '../../examples/research/shared.js';
import { assertResearchTrace, ancestor } from '../support/contract.js';
import { runTraceInMemory } from '../support/research.js';
import { useResearchSuite } from '../support/research-suite.js';
import { one, parentOf } from '../support/spans.js';

/** Published prices, USD per million tokens: input, cache write, cache read, output. */
const PRICES: Record<string, [number, number, number, number]> = {
  'anthropic claude-haiku-4-5': [1, 1.25, 0.1, 5],
  'openai gpt-4o-mini': [0.15, 0.15, 0.075, 0.6],
  'azure gpt-4o-mini': [0.15, 0.15, 0.075, 0.6],
  'google gemini-2.5-flash': [0.3, 0.3, 0.03, 2.5],
};

const providerEnv = (url: string) => {
  const root = url.replace(/\/v1$/, '');
  return {
    ANTHROPIC_API_KEY: 'offline-anthropic-key-0123',
    ANTHROPIC_BASE_URL: root,
    GEMINI_API_KEY: 'offline-gemini-key-0123',
    GEMINI_BASE_URL: url,
    AZURE_OPENAI_API_KEY: 'offline-azure-key-0123',
    AZURE_OPENAI_ENDPOINT: root,
    OPENAI_API_VERSION: '2024-10-21',
  };
};

const suite = useResearchSuite('providers', {
  activities: (url) =>
    createResearchActivities({
      openai: new OpenAI({ baseURL: url, apiKey: 'offline-test-key' }),
      env: providerEnv(url),
      models: ['anthropic/claude-haiku-4-5', 'google/gemini-2.5-flash', 'azure/gpt-4o-mini'],
    }),
});

let seq = 0;
async function research(input: Omit<ResearchInput, 'query'>) {
  const workflowId = `providers-${++seq}-${suite.taskQueue}`;
  const handle = await suite.h.client.workflow.start('ResearchWorkflow', {
    taskQueue: suite.taskQueue,
    workflowId,
    args: [{ query: 'Which vendors do durable agents mix?', ...input }],
  });
  const report = (await handle.result()) as ResearchReport;
  const { spans } = await runTraceInMemory(suite.h, workflowId);
  return { report, spans, handle };
}

/** The cost of an LLM span by hand, from its token counts and the published prices. */
function byHand(span: ReadableSpan): number {
  const a = span.attributes;
  const [input, write, read, output] = PRICES[`${a['llm.provider']} ${a['llm.model_name']}`]!;
  const cacheWrite = Number(a['llm.token_count.prompt_details.cache_write'] ?? 0);
  const cacheRead = Number(a['llm.token_count.prompt_details.cache_read'] ?? 0);
  const prompt = Number(a['llm.token_count.prompt']);
  const completion = Number(a['llm.token_count.completion']);
  return (
    ((prompt - cacheWrite - cacheRead) * input +
      cacheWrite * write +
      cacheRead * read +
      completion * output) /
    1e6
  );
}

function llmsOf(spans: ReadableSpan[], agent: string): ReadableSpan[] {
  return spans.filter(
    (s) =>
      s.attributes['openinference.span.kind'] === 'LLM' &&
      ancestor(spans, s, 'agent ')?.name === `agent ${agent}`,
  );
}

describe('a model per agent, across providers', () => {
  it.each([
    [
      {
        planner: 'anthropic/claude-haiku-4-5',
        searcher: 'openai/gpt-4o-mini',
        writer: 'google/gemini-2.5-flash',
      },
    ],
    [{ planner: 'azure/gpt-4o-mini', searcher: 'gemini-2.5-flash', writer: 'claude-haiku-4-5' }],
  ])('one trace whose LLM spans carry each provider, tokens and the cost by hand: %o', async (models) => {
    const { report, spans } = await research({ models });
    assertResearchTrace(spans, report.searches.length);
    const expected = {
      PlannerAgent: models.planner,
      SearchAgent: models.searcher,
      WriterAgent: models.writer,
    };
    let total = 0;
    for (const [agent, model] of Object.entries(expected)) {
      const llms = llmsOf(spans, agent);
      expect(llms.length, agent).toBeGreaterThan(0);
      const provider =
        model.startsWith('anthropic/') || model.startsWith('claude-')
          ? 'anthropic'
          : model.startsWith('azure/')
            ? 'azure'
            : model.includes('gemini')
              ? 'google'
              : 'openai';
      for (const llm of llms) {
        expect(llm.attributes['llm.provider'], `${agent} ${llm.name}`).toBe(provider);
        expect(llm.name).toBe(
          provider === 'anthropic'
            ? 'Anthropic Messages'
            : provider === 'openai'
              ? 'OpenAI Responses'
              : 'OpenAI Chat Completions',
        );
        expect(llm.attributes['llm.token_count.prompt']).toBeGreaterThan(0);
        expect(llm.attributes['llm.cost.total'], `${agent} cost`).toBeCloseTo(byHand(llm), 9);
        total += Number(llm.attributes['llm.cost.total']);
      }
      const agentSpan = llms.map((l) => ancestor(spans, l, 'agent ')!)[0]!;
      expect(agentSpan.attributes['rollup.llm.cost.total']).toBeGreaterThan(0);
    }
    const run = one(spans, 'RunWorkflow:ResearchWorkflow');
    expect(run.attributes['rollup.llm.cost.total']).toBeCloseTo(total, 9);
    expect(report.usage.cost.total).toBeCloseTo(total, 9);
    const anthropic = spans.filter((s) => s.name === 'Anthropic Messages');
    expect(
      anthropic.some((s) => Number(s.attributes['llm.token_count.prompt_details.cache_write'] ?? 0) > 0),
    ).toBe(true);
  });

  it('retries Anthropic overload (529) and rate limits (429, after retry-after); a 400 fails at once', async () => {
    suite.model.setFaults([
      { kind: 'status', status: 529, times: 1, path: '/v1/messages' },
      { kind: 'status', status: 429, times: 1, retryAfterSeconds: 1, path: '/v1/messages' },
    ]);
    const { spans } = await research({ models: { planner: 'anthropic/claude-haiku-4-5' } });
    const planner = one(spans, 'agent PlannerAgent');
    const attempts = spans
      .filter((s) => s.name === 'RunActivity:invokeModel' && ancestor(spans, s, 'agent ') === planner)
      .sort(
        (a, b) =>
          Number(a.attributes['temporal.activity.attempt']) -
          Number(b.attributes['temporal.activity.attempt']),
      );
    expect(attempts.map((a) => a.attributes['temporal.activity.attempt'])).toEqual([1, 2, 3]);
    expect(attempts.map((a) => a.status.code)).toEqual([2, 2, 1]);
    const llms = llmsOf(spans, 'PlannerAgent');
    expect(llms.map((l) => l.status.code)).toEqual(expect.arrayContaining([2, 2, 1]));
    expect(llms).toHaveLength(3);
    for (const l of llms) expect(parentOf(spans, l)?.name).toBe('RunActivity:invokeModel');
    // The third attempt waited for the 429's retry-after (1 s), not the policy's shorter first backoff.
    const gap = toMs(attempts[2]!.startTime) - toMs(attempts[1]!.endTime);
    expect(gap).toBeGreaterThanOrEqual(900);

    suite.model.setFaults([{ kind: 'status', status: 400, times: 1, path: '/v1/messages' }]);
    const failed = await research({ models: { planner: 'anthropic/claude-haiku-4-5' } }).catch(
      (e: unknown) => e,
    );
    const causes: string[] = [];
    for (let e: unknown = failed; e instanceof Error; e = e.cause)
      causes.push(`${(e as { type?: string }).type ?? e.name}: ${e.message}`);
    expect(causes.join(' <- ')).toMatch(/AnthropicAPIError400: Anthropic API error 400/);
    const history = await suite.h.client.workflow
      .getHandle(`providers-${seq}-${suite.taskQueue}`)
      .fetchHistory();
    const failedAttempts = history.events!.filter((e) => e.activityTaskFailedEventAttributes);
    expect(failedAttempts).toHaveLength(1);
  });
});

const toMs = (t: [number, number]) => t[0] * 1000 + t[1] / 1e6;
