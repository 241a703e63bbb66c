import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OfflineModelServer, startOfflineModel } from '../../offline-model/index.js';
import { setupTelemetry, type Telemetry } from '../../src/telemetry/index.js';

let model: OfflineModelServer;
let telemetry: Telemetry;
const memory = new InMemorySpanExporter();

beforeAll(async () => {
  model = await startOfflineModel();
  telemetry = setupTelemetry({
    env: { OTEL_TRACES_EXPORTER: 'none' },
    spanProcessors: [new SimpleSpanProcessor(memory)],
    handleSignals: false,
  });
});
afterAll(async () => {
  await telemetry.shutdown();
  await model.close();
});

describe('LLM spans from the OpenInference instrumentation get tokens and cost', () => {
  it('for a streamed Responses call', async () => {
    const client = new OpenAI({ baseURL: model.url, apiKey: 'offline', maxRetries: 0 });
    const stream = await client.responses.create({
      model: 'gpt-4o',
      input: 'Stream me a sentence.',
      stream: true,
    });
    let text = '';
    for await (const event of stream) if (event.type === 'response.output_text.delta') text += event.delta;
    expect(text.length).toBeGreaterThan(0);
    await telemetry.forceFlush();
    const llm = memory.getFinishedSpans().find((s) => s.attributes['openinference.span.kind'] === 'LLM');
    expect(llm, 'an LLM span').toBeDefined();
    const prompt = llm!.attributes['llm.token_count.prompt'] as number;
    const completion = llm!.attributes['llm.token_count.completion'] as number;
    expect(prompt).toBeGreaterThan(0);
    expect(completion).toBeGreaterThan(0);
    // gpt-4o: $2.50 per 1M input tokens, $10 per 1M output tokens (no cached tokens here).
    expect(llm!.attributes['llm.cost.total'] as number).toBeCloseTo(
      (prompt * 2.5 + completion * 10) / 1e6,
      12,
    );
    expect(llm!.attributes['gen_ai.usage.input_tokens']).toBe(prompt);
    expect(llm!.attributes['cost.status']).toBe('priced');
  });

  it('marks a model the price table does not know, without a made-up zero', async () => {
    memory.reset();
    const client = new OpenAI({ baseURL: model.url, apiKey: 'offline', maxRetries: 0 });
    await client.responses.create({ model: 'house-model-7', input: 'Hello' });
    await telemetry.forceFlush();
    const llm = memory.getFinishedSpans().find((s) => s.attributes['openinference.span.kind'] === 'LLM');
    expect(llm!.attributes['cost.status']).toBe('unpriced');
    expect(String(llm!.attributes['cost.unpriced_reason'])).toContain('house-model-7');
    expect(Object.keys(llm!.attributes).filter((k) => k.startsWith('llm.cost.'))).toEqual([]);
  });
});
