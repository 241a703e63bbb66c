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
            'human.reason': 'too broad for this week',
            'human.decision': 'reject',
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
    // What a person wrote when deciding is an input; what they decided is not text.
    expect(spans[1].attributes['human.reason']).toBe('__REDACTED__');
    expect(spans[1].attributes['human.decision']).toBe('reject');
  });

  it.each([
    'OPENINFERENCE_HIDE_OUTPUTS',
    'OPENINFERENCE_HIDE_OUTPUT_MESSAGES',
    'OPENINFERENCE_HIDE_OUTPUT_TEXT',
  ])("hides an evaluator's explanation, which quotes the output it scored, under %s", (name) => {
    const memory = setup({ [name]: 'true' });
    const span = telemetry!.tracer.startSpan('eval contains', {
      attributes: {
        'openinference.span.kind': 'EVALUATOR',
        'eval.name': 'judge',
        'eval.score': 0.5,
        'eval.explanation': 'the report says "Q3 revenue fell" but the reference says it rose',
      },
    });
    span.end();
    const [s] = memory.getFinishedSpans();
    expect(s.attributes['eval.explanation']).toBe('__REDACTED__');
    expect(s.attributes['eval.score']).toBe(0.5);
    expect(s.attributes['eval.name']).toBe('judge');
  });

  // The attribute keys the OpenInference OpenAI instrumentation writes on a Responses call.
  const LLM_SPAN = {
    'openinference.span.kind': 'LLM',
    'input.value': '{"input":"user question"}',
    'input.mime_type': 'application/json',
    'output.value': '{"output":"model answer"}',
    'output.mime_type': 'application/json',
    'llm.input_messages.0.message.role': 'user',
    'llm.input_messages.0.message.content': 'user question',
    'llm.input_messages.1.message.contents.0.message_content.text': 'more user text',
    'llm.input_messages.1.message.contents.1.message_content.image.image.url': 'https://img',
    'llm.output_messages.0.message.content': 'model answer',
    'llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments': '{"query":"user question"}',
    'llm.tools.0.tool.json_schema': '{"name":"webSearch"}',
    'llm.invocation_parameters': '{"instructions":"system prompt"}',
    'llm.prompts': 'a prompt',
    'tool.parameters': '{"query":"user question"}',
    'llm.token_count.prompt': 10,
  };
  const R = '__REDACTED__';
  /** Every key of LLM_SPAN under `prefix`, removed. */
  const removedUnder = (prefix: string) =>
    Object.fromEntries(
      Object.keys(LLM_SPAN)
        .filter((k) => k.startsWith(prefix))
        .map((k) => [k, undefined]),
    );
  const SWITCHES: [string, Record<string, unknown>][] = [
    [
      'OPENINFERENCE_HIDE_INPUTS',
      {
        'input.value': R,
        'input.mime_type': undefined,
        ...removedUnder('llm.input_messages.'),
        'llm.tools.0.tool.json_schema': undefined,
        'llm.invocation_parameters': R,
        'tool.parameters': R,
      },
    ],
    [
      'OPENINFERENCE_HIDE_OUTPUTS',
      {
        'output.value': R,
        'output.mime_type': undefined,
        ...removedUnder('llm.output_messages.'),
      },
    ],
    ['OPENINFERENCE_HIDE_INPUT_MESSAGES', { 'input.value': R, ...removedUnder('llm.input_messages.') }],
    ['OPENINFERENCE_HIDE_OUTPUT_MESSAGES', { 'output.value': R, ...removedUnder('llm.output_messages.') }],
    [
      'OPENINFERENCE_HIDE_INPUT_TEXT',
      {
        'input.value': R,
        'llm.input_messages.0.message.content': R,
        'llm.input_messages.1.message.contents.0.message_content.text': R,
        'llm.input_messages.0.message.role': 'user',
      },
    ],
    ['OPENINFERENCE_HIDE_OUTPUT_TEXT', { 'output.value': R, 'llm.output_messages.0.message.content': R }],
    [
      'OPENINFERENCE_HIDE_INPUT_IMAGES',
      { 'llm.input_messages.1.message.contents.1.message_content.image.image.url': undefined },
    ],
    ['OPENINFERENCE_HIDE_PROMPTS', { 'llm.prompts': R }],
    ['OPENINFERENCE_HIDE_LLM_TOOLS', { 'llm.tools.0.tool.json_schema': undefined }],
  ];

  it.each(SWITCHES)(
    '%s=true hides what OpenInference hides, on any span, and nothing else',
    (name, expected) => {
      const memory = setup({ [name]: 'true' });
      telemetry!.tracer.startSpan('OpenAI Responses', { attributes: LLM_SPAN }).end();
      const [span] = memory.getFinishedSpans();
      for (const [key, original] of Object.entries(LLM_SPAN)) {
        const want = key in expected ? expected[key] : original;
        expect(span.attributes[key], key).toEqual(want);
      }
    },
  );

  it('rejects a malformed hiding switch at start', () => {
    expect(() => loadPrivacyRules({ OPENINFERENCE_HIDE_INPUTS: 'maybe' })).toThrow(
      /^OPENINFERENCE_HIDE_INPUTS: /,
    );
    // OpenInference reads only `true`; `1` would silently hide nothing there.
    expect(() => loadPrivacyRules({ OPENINFERENCE_HIDE_OUTPUTS: '1' })).toThrow(
      /^OPENINFERENCE_HIDE_OUTPUTS: /,
    );
  });
});
