import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPrivacyRules } from '../../src/config/index.js';
import { FinishedSpan, setupTelemetry, type Telemetry } from '../../src/telemetry/index.js';

const PLANTED = {
  OPENAI_API_KEY: 'sk-PLANTED-openai-0001',
  INTERACTIVEAI_PUBLIC_KEY: 'pk-PLANTED-iai-0002',
  INTERACTIVEAI_SECRET_KEY: 'sk-PLANTED-iai-0003',
  TEMPORAL_API_KEY: 'tmprl-PLANTED-0004',
  OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20hdr-PLANTED-0005',
};

let telemetry: Telemetry | undefined;
afterEach(async () => {
  await telemetry?.shutdown();
  telemetry = undefined;
});

function setup(env: Record<string, string>) {
  const memory = new InMemorySpanExporter();
  telemetry = setupTelemetry({
    env: { OTEL_TRACES_EXPORTER: 'none', ...env },
    spanProcessors: [new SimpleSpanProcessor(memory)],
    handleSignals: false,
    instrumentOpenAI: false,
  });
  return memory;
}

describe('privacy', () => {
  it('collects every credential value, including Basic auth and header tokens', () => {
    const rules = loadPrivacyRules({ ...PLANTED, INTERACTIVEAI_HOST: 'http://127.0.0.1:9' });
    for (const value of Object.values(PLANTED).slice(0, 4)) expect(rules.secrets).toContain(value);
    expect(rules.secrets).toContain('hdr-PLANTED-0005');
    expect(rules.secrets).toContain(
      Buffer.from('pk-PLANTED-iai-0002:sk-PLANTED-iai-0003').toString('base64'),
    );
  });

  it('scrubs credentials from attributes, status and events of live spans', () => {
    // No ingest keys here: an unreachable ingest would make shutdown wait for its retry buffer.
    const { INTERACTIVEAI_PUBLIC_KEY: _p, INTERACTIVEAI_SECRET_KEY: _s, ...planted } = PLANTED;
    const memory = setup(planted);
    const span = telemetry!.tracer.startSpan('leaky', {
      attributes: {
        'input.value': `key is ${PLANTED.OPENAI_API_KEY}!`,
        list: ['ok', PLANTED.TEMPORAL_API_KEY],
      },
    });
    span.recordException(new Error(`401 for ${PLANTED.OPENAI_API_KEY}`));
    span.setStatus({ code: 2, message: `failed with hdr-PLANTED-0005` });
    span.end();
    const text = JSON.stringify(memory.getFinishedSpans().map((s) => [s.attributes, s.events, s.status]));
    expect(text).not.toMatch(/PLANTED/);
    expect(text).toContain('key is [REDACTED]!');
  });

  it('hides inputs and outputs of our spans, including workflow spans from the sandbox', () => {
    const memory = setup({ OPENINFERENCE_HIDE_INPUTS: 'true', OPENINFERENCE_HIDE_OUTPUTS: 'true' });
    const span = telemetry!.tracer.startSpan('run', {
      attributes: { 'input.value': 'secret prompt', 'output.value': 'answer' },
    });
    span.end();
    telemetry!.exportFinishedSpan(
      new FinishedSpan(
        {
          name: 'agent X',
          spanContext: { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 },
          startTimeMs: 1,
          endTimeMs: 2,
          status: { code: 1 },
          attributes: {
            'input.value': 'workflow input',
            'output.value': 'workflow output',
            'agent.name': 'X',
          },
        },
        telemetry!.resource,
        { name: 'test' },
      ),
    );
    const spans = memory.getFinishedSpans();
    expect(spans).toHaveLength(2);
    for (const s of spans) {
      expect(s.attributes['input.value']).toBe('__REDACTED__');
      expect(s.attributes['output.value']).toBe('__REDACTED__');
    }
    expect(spans[1].attributes['agent.name']).toBe('X');
  });

  it('rejects a malformed hiding switch at start', () => {
    expect(() => loadPrivacyRules({ OPENINFERENCE_HIDE_INPUTS: 'maybe' })).toThrow(
      /^OPENINFERENCE_HIDE_INPUTS: /,
    );
  });
});
