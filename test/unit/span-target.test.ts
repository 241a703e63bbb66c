// Where workflow spans go when the app brings its own SDK, and what happens
// when there is none.
import { context, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import {
  BasicTracerProvider as BasicTracerProviderV1,
  InMemorySpanExporter as InMemorySpanExporterV1,
  SimpleSpanProcessor as SimpleSpanProcessorV1,
} from 'otel1-sdk-trace-base';
import { Resource as ResourceV1 } from 'otel1-resources';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { spanTargetResolver } from '../../src/worker/span-target.js';
import { findRegisteredSdk } from '../../src/worker/registered-sdk.js';
import { workflowSpanSinks } from '../../src/worker/workflow-span-receiver.js';
import type { SerializedSpan } from '../../src/common/sink.js';

afterEach(() => {
  trace.disable();
  context.disable();
  vi.restoreAllMocks();
});

const sandboxSpan: SerializedSpan = {
  name: 'RunWorkflow:w',
  kind: 1,
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: '00f067aa0ba902b7',
  parentIsRemote: false,
  traceFlags: 1,
  startTimeMs: 1_700_000_000_000,
  endTimeMs: 1_700_000_000_010,
  attributes: { 'temporal.workflow.id': 'w', 'input.value': 'x'.repeat(100) },
  status: { code: 1 },
  events: [],
  links: [],
};

function registerApp() {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'users-app' }),
    sampler: new TraceIdRatioBasedSampler(0.25),
    spanProcessors: [new SimpleSpanProcessor(memory)],
    spanLimits: { attributeValueLengthLimit: 64 },
  });
  trace.setGlobalTracerProvider(provider);
  return memory;
}

describe('the registered SDK', () => {
  it('is found behind the API’s proxy provider, with its processor, resource, limit and sampler', () => {
    registerApp();
    const sdk = findRegisteredSdk();
    expect(sdk?.processor.onEnd).toBeTypeOf('function');
    expect(sdk?.resource?.attributes['service.name']).toBe('users-app');
    expect(sdk?.attributeValueLengthLimit).toBe(64);
    expect(sdk?.sampler?.toString()).toBe('TraceIdRatioBased{0.25}');
  });

  it('receives sandbox spans with their ids, kind, the app’s resource and its attribute limit', () => {
    const memory = registerApp();
    workflowSpanSinks(spanTargetResolver()).agentTracing.exportSpans.fn({} as never, [sandboxSpan]);
    const [span] = memory.getFinishedSpans();
    expect(span.spanContext().spanId).toBe(sandboxSpan.spanId);
    expect(span.kind).toBe(1);
    expect(span.resource.attributes['service.name']).toBe('users-app');
    expect(span.attributes['input.value']).toHaveLength(64);
  });

  it('is found in an OpenTelemetry JS SDK 1.x provider too', () => {
    const memory = new InMemorySpanExporterV1();
    const provider = new BasicTracerProviderV1({
      resource: new ResourceV1({ 'service.name': 'sdk-one-app' }),
    });
    provider.addSpanProcessor(new SimpleSpanProcessorV1(memory));
    trace.setGlobalTracerProvider(provider);
    const sdk = findRegisteredSdk();
    expect(sdk?.resource?.attributes['service.name']).toBe('sdk-one-app');
    workflowSpanSinks(spanTargetResolver()).agentTracing.exportSpans.fn({} as never, [sandboxSpan]);
    expect(memory.getFinishedSpans().map((s) => s.spanContext().spanId)).toEqual([sandboxSpan.spanId]);
  });

  it('is absent when nothing is registered: one warning, however many spans are dropped', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    expect(findRegisteredSdk()).toBeUndefined();
    const sink = workflowSpanSinks(spanTargetResolver()).agentTracing.exportSpans;
    sink.fn({} as never, [sandboxSpan]);
    sink.fn({} as never, [{ ...sandboxSpan, spanId: '00f067aa0ba902b8' }]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(
      /workflow spans .* are being dropped: no OpenTelemetry SDK is registered/,
    );
  });
});
