// The sandbox's sampling of runs started without a trace context must decide
// as the host's sampler does.
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  SamplingDecision,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import { ROOT_CONTEXT } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { traceIdRatioSampled } from '../../src/common/trace-id-ratio.js';
import { rootSampleRatioOf } from '../../src/worker/root-sample-ratio.js';
import { AgentTracingPlugin } from '../../src/plugin.js';
import { deterministicTraceId } from '../../src/workflow/ids.js';

describe('traceIdRatioSampled', () => {
  it('agrees with OpenTelemetry’s TraceIdRatioBasedSampler on 20,000 trace ids', () => {
    for (const ratio of [0, 0.01, 0.25, 0.5, 0.9999, 1]) {
      const sampler = new TraceIdRatioBasedSampler(ratio);
      let sampled = 0;
      for (let i = 0; i < 20_000 / 6; i++) {
        const traceId = deterministicTraceId(`run-${ratio}-${i}`);
        const theirs = sampler.shouldSample(ROOT_CONTEXT, traceId).decision;
        const ours = traceIdRatioSampled(traceId, ratio);
        expect(ours, `${traceId} at ${ratio}`).toBe(theirs === SamplingDecision.RECORD_AND_SAMPLED);
        if (ours) sampled++;
      }
      if (ratio === 0.5) expect(sampled / (20_000 / 6)).toBeCloseTo(0.5, 1);
    }
  });
});

describe('rootSampleRatioOf', () => {
  it('reads the root ratio of the SDK’s samplers from their descriptions', () => {
    expect(rootSampleRatioOf(new AlwaysOnSampler())).toBe(1);
    expect(rootSampleRatioOf(new AlwaysOffSampler())).toBe(0);
    expect(rootSampleRatioOf(new TraceIdRatioBasedSampler(0.125))).toBe(0.125);
    expect(rootSampleRatioOf(new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(0.3) }))).toBe(0.3);
    expect(rootSampleRatioOf(new ParentBasedSampler({ root: new AlwaysOffSampler() }))).toBe(0);
  });

  it('falls back to OTEL_TRACES_SAMPLER(_ARG) without a sampler', () => {
    expect(rootSampleRatioOf(undefined, {})).toBe(1);
    expect(
      rootSampleRatioOf(undefined, {
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.2',
      }),
    ).toBe(0.2);
    expect(rootSampleRatioOf(undefined, { OTEL_TRACES_SAMPLER: 'always_off' })).toBe(0);
  });

  it('samples everything for a sampler it cannot mirror', () => {
    const custom = {
      shouldSample: () => ({ decision: SamplingDecision.NOT_RECORD }),
      toString: () => 'RateLimited{5/s}',
    };
    expect(rootSampleRatioOf(custom)).toBe(1);
  });
});

describe('AgentTracingPlugin rootSampleRatio', () => {
  it('is refused outside 0..1 with one line naming the option', () => {
    for (const bad of [-0.1, 1.5, Number.NaN])
      expect(() => new AgentTracingPlugin({ rootSampleRatio: bad })).toThrow(
        /^AgentTracingPlugin: rootSampleRatio must be a number from 0 to 1/,
      );
    expect(() => new AgentTracingPlugin({ rootSampleRatio: 0.25 })).not.toThrow();
  });
});
