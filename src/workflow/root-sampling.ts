// The sampling decision for a run that starts with no trace context (a
// schedule, the Temporal CLI, an uninstrumented client). It is made here, in
// the sandbox, before the first outbound call carries the decision on, and
// from the run's deterministic trace id, so every replay decides the same.
// Sandbox-safe.
import { traceIdRatioSampled } from '../common/trace-id-ratio.js';

// Replaced at bundle time by the plugin's webpack hook (see bundler-config.ts)
// with the ratio of the worker's own root sampler.
declare const __TAO_ROOT_SAMPLE_RATIO__: number | undefined;

/** The root sampling ratio the worker's bundle was built with; 1 when built without the plugin's hook. */
export function rootSampleRatio(): number {
  return typeof __TAO_ROOT_SAMPLE_RATIO__ === 'number' ? __TAO_ROOT_SAMPLE_RATIO__ : 1;
}

/** W3C trace flags for a root span of `traceId`: sampled (1) or not (0). */
export function rootTraceFlags(traceId: string): number {
  return traceIdRatioSampled(traceId, rootSampleRatio()) ? 1 : 0;
}
