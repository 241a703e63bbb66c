import {
  Agent,
  OpenAIChatCompletionsModel,
  OpenAIResponsesModel,
  run,
  setTracingDisabled,
  tool,
} from '@openai/agents';
import OpenAI from 'openai';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOfflineModel } from '../../offline-model/index.js';
import type { OfflineModelServer } from '../../offline-model/index.js';

// The research pipeline the demo runs: planner → search (tool loop) → writer.
const PlanSchema = z.object({
  searches: z
    .array(z.object({ reason: z.string(), query: z.string() }))
    .min(5)
    .max(20),
});
const ReportSchema = z.object({
  short_summary: z.string(),
  markdown_report: z.string(),
  follow_up_questions: z.array(z.string()),
});
const SEARCH_RESULT =
  'Temporal replays workflow history after a crash. Activities are retried with backoff. Workers poll task queues.';

let server: OfflineModelServer;
let client: OpenAI;
const searchedFor: string[] = [];

const webSearch = tool({
  name: 'webSearch',
  description: 'Search the web for a query.',
  parameters: z.object({ query: z.string() }),
  execute: async ({ query }) => {
    searchedFor.push(query);
    return SEARCH_RESULT;
  },
});

function agents(model: OpenAIResponsesModel | OpenAIChatCompletionsModel) {
  return {
    planner: new Agent({
      name: 'Planner',
      instructions: 'Plan web searches.',
      model,
      outputType: PlanSchema,
    }),
    search: new Agent({ name: 'Search', instructions: 'Search, then summarise.', model, tools: [webSearch] }),
    writer: new Agent({ name: 'Writer', instructions: 'Write a report.', model, outputType: ReportSchema }),
  };
}

beforeAll(async () => {
  setTracingDisabled(true);
  server = await startOfflineModel();
  client = new OpenAI({ baseURL: server.url, apiKey: 'offline', maxRetries: 0 });
});
afterAll(() => server.close());

describe('offline model drives @openai/agents', () => {
  it('planner returns at least five distinct searches (Responses API)', async () => {
    const { planner } = agents(new OpenAIResponsesModel(client, 'gpt-4.1-mini'));
    const result = await run(planner, 'durable AI agents');
    const plan = PlanSchema.parse(result.finalOutput);
    expect(plan.searches).toHaveLength(5);
    expect(new Set(plan.searches.map((s) => s.query)).size).toBe(5);
    expect(plan.searches[0].query).toContain('durable AI agents');
    expect(result.rawResponses[0].usage.inputTokens).toBeGreaterThan(0);
  });

  it('search agent calls webSearch, then answers from the tool result (Responses API)', async () => {
    const { search } = agents(new OpenAIResponsesModel(client, 'gpt-4.1-mini'));
    searchedFor.length = 0;
    const result = await run(search, 'Search term: Temporal retries');
    expect(searchedFor).toEqual(['Search term: Temporal retries']);
    expect(result.newItems.map((item) => item.type)).toEqual([
      'tool_call_item',
      'tool_call_output_item',
      'message_output_item',
    ]);
    expect(result.finalOutput).toContain('Temporal replays workflow history after a crash.');
    expect(result.rawResponses).toHaveLength(2);
  });

  it('writer returns a valid report object (Responses API)', async () => {
    const { writer } = agents(new OpenAIResponsesModel(client, 'gpt-4.1-mini'));
    const result = await run(
      writer,
      `Original query: durable AI agents\nSummarized search results: ${SEARCH_RESULT}`,
    );
    const report = ReportSchema.parse(result.finalOutput);
    expect(report.markdown_report).toMatch(/^# Report: durable AI agents/);
    expect(report.markdown_report).toContain('- Activities are retried with backoff.');
    expect(report.short_summary).toContain('[offline model]');
    expect(report.follow_up_questions).toHaveLength(3);
  });

  it('runs the tool loop and structured output over Chat Completions', async () => {
    const { search, planner } = agents(new OpenAIChatCompletionsModel(client, 'gpt-4o-mini'));
    searchedFor.length = 0;
    const searched = await run(search, 'Search term: OTLP exporters');
    expect(searchedFor).toEqual(['Search term: OTLP exporters']);
    expect(searched.finalOutput).toContain('Activities are retried with backoff.');
    const planned = await run(planner, 'OTLP exporters');
    expect(PlanSchema.parse(planned.finalOutput).searches.length).toBeGreaterThanOrEqual(5);
    expect(server.stats().byPath['/v1/chat/completions']).toBe(3);
  });

  it('streams a run to completion with usage on the result', async () => {
    const { search } = agents(new OpenAIResponsesModel(client, 'gpt-4.1-mini'));
    const result = await run(search, 'Search term: streaming', { stream: true });
    let deltas = '';
    for await (const event of result) {
      if (event.type === 'raw_model_stream_event' && event.data.type === 'output_text_delta')
        deltas += event.data.delta;
    }
    await result.completed;
    expect(result.finalOutput).toContain('Temporal replays workflow history');
    expect(deltas).toBe(result.finalOutput);
    expect(result.state.usage.requests).toBe(2);
    expect(result.state.usage.inputTokens).toBeGreaterThan(0);
    expect(result.state.usage.outputTokens).toBeGreaterThan(0);
  });
});
