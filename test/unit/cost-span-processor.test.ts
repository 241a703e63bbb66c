import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Attributes } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { CostSpanProcessor } from '../../src/cost/cost-span-processor.js';
import { PRICE_TABLE } from '../../src/cost/prices.js';

// 12,000 prompt tokens (4,000 cached), 800 completion tokens, as OpenInference records them.
const llmUsage: Attributes = {
  'openinference.span.kind': 'LLM',
  'llm.token_count.prompt': 12_000,
  'llm.token_count.completion': 800,
  'llm.token_count.total': 12_800,
  'llm.token_count.prompt_details.cache_read': 4_000,
};

let exporter: InMemorySpanExporter;
let provider: BasicTracerProvider;

function setup(...extra: SpanProcessor[]): void {
  exporter = new InMemorySpanExporter();
  provider = new BasicTracerProvider({
    spanProcessors: [new CostSpanProcessor(), ...extra, new SimpleSpanProcessor(exporter)],
  });
}

function endSpan(name: string, attributes: Attributes): ReadableSpan {
  const span = provider.getTracer('cost-test').startSpan(name, { attributes });
  span.end();
  const finished = exporter.getFinishedSpans().find((s) => s.name === name);
  if (!finished) throw new Error(`span ${name} was not exported`);
  return finished;
}

describe('CostSpanProcessor', () => {
  beforeEach(() => setup());
  afterEach(async () => {
    await provider.shutdown();
  });

  it('adds cost and GenAI usage to an LLM span, kept after the span ends', () => {
    const span = endSpan('llm', {
      ...llmUsage,
      'llm.model_name': 'gpt-4o-2024-08-06',
      'llm.provider': 'openai',
    });
    // gpt-4o: input 8,000 × 2.5/1e6 = 0.02; cache 4,000 × 1.25/1e6 = 0.005; prompt 0.025
    // output 800 × 10/1e6 = 0.008; total 0.033
    expect(span.attributes).toMatchObject({
      'llm.cost.prompt': 0.025,
      'llm.cost.completion': 0.008,
      'llm.cost.total': 0.033,
      'llm.cost.prompt_details.input': 0.02,
      'llm.cost.prompt_details.cache_read': 0.005,
      'llm.cost.completion_details.output': 0.008,
      'llm.cost.completion_details.reasoning': 0,
      'cost.status': 'priced',
      'cost.price_table': PRICE_TABLE,
      'cost.matched_model': 'gpt-4o',
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-2024-08-06',
      'gen_ai.response.model': 'gpt-4o-2024-08-06',
      'gen_ai.usage.input_tokens': 12_000,
      'gen_ai.usage.output_tokens': 800,
      'gen_ai.usage.cache_read.input_tokens': 4_000,
    });
  });

  it('prices reasoning tokens and treats an unset provider as openai', () => {
    const span = endSpan('gpt5', {
      ...llmUsage,
      'llm.model_name': 'gpt-5',
      'llm.token_count.completion_details.reasoning': 300,
    });
    // gpt-5: prompt 8,000 × 1.25/1e6 + 4,000 × 0.125/1e6 = 0.01 + 0.0005 = 0.0105
    // completion 800 × 10/1e6 = 0.008 (reasoning 300 × 10/1e6 = 0.003, rest 0.005); total 0.0185
    expect(span.attributes).toMatchObject({
      'llm.cost.total': 0.0185,
      'llm.cost.completion_details.reasoning': 0.003,
      'llm.cost.completion_details.output': 0.005,
      'gen_ai.provider.name': 'openai',
    });
  });

  it('leaves a CHAIN span untouched', () => {
    const attributes = { ...llmUsage, 'openinference.span.kind': 'CHAIN', 'llm.model_name': 'gpt-4o' };
    expect(endSpan('chain', attributes).attributes).toEqual(attributes);
  });

  it('marks an unknown model as unpriced without any llm.cost.* key', () => {
    const span = endSpan('unknown', { ...llmUsage, 'llm.model_name': 'acme-llm-9000' });
    expect(span.attributes['cost.status']).toBe('unpriced');
    expect(span.attributes['cost.unpriced_reason']).toContain('acme-llm-9000');
    expect(Object.keys(span.attributes).filter((k) => k.startsWith('llm.cost'))).toEqual([]);
  });

  it('does not overwrite an existing cost or GenAI attribute', () => {
    const span = endSpan('precosted', { ...llmUsage, 'llm.model_name': 'gpt-4o', 'llm.cost.total': 1.5 });
    expect(span.attributes['llm.cost.total']).toBe(1.5);
    expect(span.attributes['cost.status']).toBeUndefined();
    const named = endSpan('named', {
      ...llmUsage,
      'llm.model_name': 'gpt-4o',
      'gen_ai.request.model': 'gpt-4o-latest',
    });
    expect(named.attributes['gen_ai.request.model']).toBe('gpt-4o-latest');
    expect(named.attributes['gen_ai.response.model']).toBe('gpt-4o');
  });

  it('skips an LLM span without token counts', () => {
    const attributes = { 'openinference.span.kind': 'LLM', 'llm.model_name': 'gpt-4o' };
    expect(endSpan('no-usage', attributes).attributes).toEqual(attributes);
  });

  it('never throws out of onEnding', () => {
    const processor = new CostSpanProcessor();
    const hostile = {
      get attributes(): Attributes {
        throw new Error('boom');
      },
    } as unknown as Span;
    expect(() => processor.onEnding(hostile)).not.toThrow();
    const readOnly = {
      attributes: { ...llmUsage, 'llm.model_name': 'gpt-4o' },
      setAttributes() {
        throw new Error('span is read-only');
      },
    } as unknown as Span;
    expect(() => processor.onEnding(readOnly)).not.toThrow();
  });

  it('works when registered after the exporting processor', async () => {
    await provider.shutdown();
    exporter = new InMemorySpanExporter();
    // onEnding runs for every processor before any onEnd, so order does not matter.
    provider = new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(exporter), new CostSpanProcessor()],
    });
    const span = endSpan('after', { ...llmUsage, 'llm.model_name': 'gpt-4.1' });
    // gpt-4.1: prompt 8,000 × 2/1e6 + 4,000 × 0.5/1e6 = 0.016 + 0.002 = 0.018; completion 800 × 8/1e6 = 0.0064
    expect(span.attributes).toMatchObject({ 'llm.cost.prompt': 0.018, 'llm.cost.total': 0.0244 });
  });

  it('relies on onEnding running while the span is still writable', () => {
    // Proves the SDK contract rather than our code: a processor writing in
    // onEnd (after the span is ended) is ignored, one writing in onEnding is kept.
    const late: SpanProcessor = {
      onStart: () => {},
      onEnd: (span) => (span as unknown as Span).setAttribute('late.on_end', true),
      onEnding: (span) => span.setAttribute('early.on_ending', true),
      forceFlush: () => Promise.resolve(),
      shutdown: () => Promise.resolve(),
    };
    setup(late);
    const span = endSpan('contract', {});
    expect(span.attributes['early.on_ending']).toBe(true);
    expect(span.attributes['late.on_end']).toBeUndefined();
  });
});
