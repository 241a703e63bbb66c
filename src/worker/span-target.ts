// Where the spans finished in the workflow sandbox go, chosen in this order:
// the plugin's own `spanProcessor` option, the pipeline of setupTelemetry(),
// the SDK the application registered. Host only.
import { diag, type Sampler } from '@opentelemetry/api';
import { defaultResource, type Resource } from '@opentelemetry/resources';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { getTelemetry, type Telemetry } from '../telemetry/current.js';
import { type FinishedSpanSink, findRegisteredSdk } from './registered-sdk.js';

/** A finished span's destination: the processors, and what the SDK would have given the span. */
export interface SpanTarget {
  sink: FinishedSpanSink;
  resource: Resource;
  attributeValueLengthLimit: number;
  /** The host's sampler, mirrored for runs started without a trace context. */
  sampler?: Sampler;
  /** Delivery counters per destination, when the pipeline keeps them (setupTelemetry()'s does). */
  delivery?: Telemetry['exportStats'];
}

/** The plugin options that choose the target. */
export interface SpanTargetOptions {
  /** Processor (chain) for workflow spans; defaults to the SDK registered in this process. */
  spanProcessor?: SpanProcessor;
  /** Resource of workflow spans sent to `spanProcessor`. */
  resource?: Resource;
  /** A pipeline from setupTelemetry() other than the process's current one. */
  telemetry?: Telemetry;
}

const NOWHERE =
  'temporal-agents-otel: workflow spans (RunWorkflow, StartActivity, agent and tool spans) are being dropped: ' +
  'no OpenTelemetry SDK is registered in this worker process. Start your NodeSDK or call setupTelemetry() ' +
  'before the worker runs, or pass { spanProcessor } to AgentTracingPlugin.';

/**
 * A function that resolves the target each time spans arrive (the app may
 * start its SDK after creating the worker). When there is none it warns once,
 * on stderr and through `diag`, and returns undefined.
 */
export function spanTargetResolver(options: SpanTargetOptions = {}): () => SpanTarget | undefined {
  let warned = false;
  return () => {
    const target = resolveSpanTarget(options);
    if (!target && !warned) {
      warned = true;
      diag.error(NOWHERE);
      process.emitWarning(NOWHERE, { code: 'TEMPORAL_AGENTS_OTEL_NO_SDK' });
    }
    return target;
  };
}

/** The target as things stand, without the warning. */
export function resolveSpanTarget(options: SpanTargetOptions): SpanTarget | undefined {
  const sdk = options.telemetry || getTelemetry() ? undefined : findRegisteredSdk();
  if (options.spanProcessor) {
    return {
      sink: options.spanProcessor,
      resource: options.resource ?? sdk?.resource ?? defaultResource(),
      attributeValueLengthLimit: sdk?.attributeValueLengthLimit ?? Infinity,
      sampler: sdk?.sampler,
    };
  }
  const telemetry = options.telemetry ?? getTelemetry();
  if (telemetry) {
    return {
      sink: telemetry.spanProcessor,
      resource: telemetry.resource,
      attributeValueLengthLimit: telemetry.config.attributeValueLengthLimit,
      sampler: telemetry.sampler,
      delivery: () => telemetry.exportStats(),
    };
  }
  if (!sdk) return undefined;
  return {
    sink: sdk.processor,
    resource: sdk.resource ?? defaultResource(),
    attributeValueLengthLimit: sdk.attributeValueLengthLimit ?? Infinity,
    sampler: sdk.sampler,
  };
}
