import { afterEach, describe, expect, it } from 'vitest';
import { SpanKind, SpanStatusCode, trace, TraceFlags } from '@opentelemetry/api';
import { hrTimeToMilliseconds } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Env } from '../../src/config/index.js';
import { FinishedSpan, getTelemetry, setupTelemetry, type Telemetry } from '../../src/telemetry/index.js';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const SPAN_ID = 'b7ad6b7169203331';
const PARENT_ID = '00f067aa0ba902b7';

let active: Telemetry[] = [];

function setup(env: Env): { telemetry: Telemetry; memory: InMemorySpanExporter } {
  const memory = new InMemorySpanExporter();
  const telemetry = setupTelemetry({
    env: { OTEL_TRACES_EXPORTER: 'none', ...env },
    spanProcessors: [new SimpleSpanProcessor(memory)],
    handleSignals: false,
    instrumentOpenAI: false,
  });
  active.push(telemetry);
  return { telemetry, memory };
}

/** Lets SimpleSpanProcessor finish its (asynchronous) export. */
async function exported(telemetry: Telemetry, memory: InMemorySpanExporter) {
  await telemetry.forceFlush();
  return memory.getFinishedSpans();
}

afterEach(async () => {
  for (const t of active) await t.shutdown();
  active = [];
  expect(getTelemetry()).toBeUndefined();
});

describe('setupTelemetry', () => {
  it('exports a span made with telemetry.tracer, with the service name on the resource', async () => {
    const { telemetry, memory } = setup({ OTEL_SERVICE_NAME: 'unit-service' });
    expect(telemetry.config.destinations).toEqual([]);
    expect(telemetry.config.console).toBe(false);

    telemetry.tracer.startSpan('hello', { attributes: { answer: 42 } }).end();

    const spans = await exported(telemetry, memory);
    expect(spans.map((s) => s.name)).toEqual(['hello']);
    expect(spans[0].attributes.answer).toBe(42);
    expect(spans[0].resource.attributes['service.name']).toBe('unit-service');
    expect(spans[0].resource.attributes['openinference.project.name']).toBe('unit-service');
    expect(telemetry.resource.attributes['service.name']).toBe('unit-service');
  });

  it('uses the default service name and OTEL_RESOURCE_ATTRIBUTES', async () => {
    const { telemetry, memory } = setup({ OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=unit%20test' });
    telemetry.tracer.startSpan('x').end();
    const [span] = await exported(telemetry, memory);
    expect(span.resource.attributes['service.name']).toBe('agents-on-temporal');
    expect(span.resource.attributes['deployment.environment']).toBe('unit test');
  });

  it('detects host, process and service instance as NodeSDK does, without the command line', async () => {
    const { telemetry, memory } = setup({});
    telemetry.tracer.startSpan('x').end();
    const [span] = await exported(telemetry, memory);
    const attrs = span.resource.attributes;
    expect(attrs['service.instance.id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(attrs['host.name']).toBeTypeOf('string');
    expect(attrs['process.pid']).toBe(process.pid);
    for (const key of ['process.command_args', 'process.command_line', 'process.command'])
      expect(attrs).not.toHaveProperty(key);
    // Workflow spans are given the same resource.
    expect(telemetry.resource.attributes['service.instance.id']).toBe(attrs['service.instance.id']);
  });

  it('registers the provider and context manager globally (parent/child through the global API)', async () => {
    const { telemetry, memory } = setup({});
    const tracer = trace.getTracer('global-user');
    tracer.startActiveSpan('parent', (parent) => {
      tracer.startSpan('child').end();
      parent.end();
    });
    const spans = await exported(telemetry, memory);
    const parent = spans.find((s) => s.name === 'parent');
    const child = spans.find((s) => s.name === 'child');
    expect(parent).toBeDefined();
    expect(child?.parentSpanContext?.spanId).toBe(parent?.spanContext().spanId);
    expect(child?.spanContext().traceId).toBe(parent?.spanContext().traceId);
  });

  it('returns the same instance on a second call', () => {
    const { telemetry } = setup({ OTEL_SERVICE_NAME: 'first' });
    const again = setupTelemetry({
      env: { OTEL_SERVICE_NAME: 'second' },
      handleSignals: false,
      instrumentOpenAI: false,
    });
    expect(again).toBe(telemetry);
    expect(getTelemetry()).toBe(telemetry);
    expect(again.config.serviceName).toBe('first');
  });

  it('after shutdown a new setup builds a new, working pipeline', async () => {
    const first = setup({ OTEL_SERVICE_NAME: 'first' });
    await first.telemetry.shutdown();
    await first.telemetry.shutdown(); // idempotent
    expect(getTelemetry()).toBeUndefined();

    const second = setup({ OTEL_SERVICE_NAME: 'second' });
    expect(second.telemetry).not.toBe(first.telemetry);
    expect(getTelemetry()).toBe(second.telemetry);
    second.telemetry.tracer.startSpan('after-restart').end();
    const spans = await exported(second.telemetry, second.memory);
    expect(spans.map((s) => [s.name, s.resource.attributes['service.name']])).toEqual([
      ['after-restart', 'second'],
    ]);
  });

  it('OTEL_SDK_DISABLED=true exports nothing, from the tracer or exportFinishedSpan', async () => {
    const { telemetry, memory } = setup({ OTEL_SDK_DISABLED: 'true' });
    const span = telemetry.tracer.startSpan('ignored');
    expect(span.isRecording()).toBe(false);
    span.end();
    telemetry.exportFinishedSpan(finished(telemetry, { name: 'ignored-finished' }));
    expect(await exported(telemetry, memory)).toEqual([]);
  });

  it('OTEL_TRACES_SAMPLER=always_off exports nothing', async () => {
    const { telemetry, memory } = setup({ OTEL_TRACES_SAMPLER: 'always_off' });
    const span = telemetry.tracer.startSpan('dropped');
    expect(span.isRecording()).toBe(false);
    span.end();
    expect(await exported(telemetry, memory)).toEqual([]);
  });

  it('OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT truncates long string attributes of live spans', async () => {
    const { telemetry, memory } = setup({ OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '100' });
    expect(telemetry.config.attributeValueLengthLimit).toBe(100);
    const span = telemetry.tracer.startSpan('long', { attributes: { early: 'e'.repeat(500) } });
    span.setAttribute('late', 'l'.repeat(101));
    span.setAttribute('short', 'fits');
    span.end();
    const [out] = await exported(telemetry, memory);
    expect(out.attributes.early).toBe('e'.repeat(100));
    expect(out.attributes.late).toBe('l'.repeat(100));
    expect(out.attributes.short).toBe('fits');
  });

  it('exportFinishedSpan delivers a FinishedSpan with ids, parent, timing and attributes intact, truncated to the limit', async () => {
    const { telemetry, memory } = setup({ OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '100' });
    const span = finished(telemetry, {
      name: 'agent PlannerAgent',
      attributes: {
        'openinference.span.kind': 'AGENT',
        'temporal.workflow.id': 'wf-1',
        count: 3,
        flags: [true, false],
        long: 'w'.repeat(300),
      },
    });
    telemetry.exportFinishedSpan(span);

    const spans = await exported(telemetry, memory);
    expect(spans).toHaveLength(1);
    const out = spans[0];
    expect(out.name).toBe('agent PlannerAgent');
    expect(out.kind).toBe(SpanKind.INTERNAL);
    expect(out.spanContext()).toMatchObject({
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      traceFlags: TraceFlags.SAMPLED,
    });
    expect(out.parentSpanContext).toMatchObject({ traceId: TRACE_ID, spanId: PARENT_ID, isRemote: true });
    expect(hrTimeToMilliseconds(out.startTime)).toBe(1_700_000_000_000);
    expect(hrTimeToMilliseconds(out.endTime)).toBe(1_700_000_000_250);
    expect(out.status).toEqual({ code: SpanStatusCode.OK });
    expect(out.attributes).toEqual({
      'openinference.span.kind': 'AGENT',
      'temporal.workflow.id': 'wf-1',
      count: 3,
      flags: [true, false],
      long: 'w'.repeat(100),
    });
    expect(out.resource.attributes['service.name']).toBe('agents-on-temporal');
  });

  it('an LLM span from the tracer gets llm.cost.total (CostSpanProcessor is wired in)', async () => {
    const { telemetry, memory } = setup({});
    telemetry.tracer.startSpan('OpenAI Responses', { attributes: llmAttributes() }).end();
    const [out] = await exported(telemetry, memory);
    // gpt-4o-mini: 10,000 × 0.15/1e6 = 0.0015 input; 1,000 × 0.6/1e6 = 0.0006 output.
    expect(out.attributes['llm.cost.total']).toBeCloseTo(0.0021, 10);
    expect(out.attributes['cost.status']).toBe('priced');
  });

  it('an LLM-kind FinishedSpan sent through exportFinishedSpan gets llm.cost.total', async () => {
    const { telemetry, memory } = setup({});
    telemetry.exportFinishedSpan(
      finished(telemetry, { name: 'OpenAI Responses', attributes: llmAttributes() }),
    );
    const [out] = await exported(telemetry, memory);
    expect(out, 'the span must be exported').toBeDefined();
    expect(out.attributes['llm.cost.total']).toBeCloseTo(0.0021, 10);
    expect(out.attributes['cost.status']).toBe('priced');
    expect(out.attributes['gen_ai.usage.input_tokens']).toBe(10_000);
  });
});

function llmAttributes() {
  return {
    'openinference.span.kind': 'LLM',
    'llm.model_name': 'gpt-4o-mini',
    'llm.provider': 'openai',
    'llm.token_count.prompt': 10_000,
    'llm.token_count.completion': 1_000,
    'llm.token_count.total': 11_000,
  };
}

/** A FinishedSpan as the workflow span receiver builds it: the process resource and limit. */
function finished(
  telemetry: Telemetry,
  data: { name: string; attributes?: Record<string, string | number | boolean | boolean[]> },
): FinishedSpan {
  return new FinishedSpan(
    {
      name: data.name,
      spanContext: { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED },
      parentSpanContext: {
        traceId: TRACE_ID,
        spanId: PARENT_ID,
        traceFlags: TraceFlags.SAMPLED,
        isRemote: true,
      },
      startTimeMs: 1_700_000_000_000,
      endTimeMs: 1_700_000_000_250,
      status: { code: SpanStatusCode.OK },
      attributes: data.attributes ?? {},
    },
    telemetry.resource,
    { name: 'unit-test/workflow' },
    telemetry.config.attributeValueLengthLimit,
  );
}
