// The ratio with which the workflow sandbox samples runs that arrive with no
// trace context, taken from the host's own sampler so both decide alike.
// Host only.
import { diag, type Sampler } from '@opentelemetry/api';
import type { Env } from '../config/parse.js';
import { loadTelemetryConfig } from '../config/telemetry-config.js';

/**
 * The root ratio of `sampler`, read from its `toString()` (the SDK's samplers
 * describe themselves: `AlwaysOnSampler`, `TraceIdRatioBased{0.1}`,
 * `ParentBased{root=…, …}`), else from OTEL_TRACES_SAMPLER(_ARG). A sampler
 * it cannot mirror (a custom one) samples every such run, with a warning.
 */
export function rootSampleRatioOf(sampler: Sampler | undefined, env: Env = process.env): number {
  if (!sampler) return ratioFromEnv(env);
  const description = sampler.toString();
  const ratio = ratioFromDescription(description);
  if (ratio !== undefined) return ratio;
  diag.warn(
    `temporal-agents-otel: sampler ${description.slice(0, 80)} cannot be mirrored inside workflows; ` +
      'runs started without a trace context are all sampled. Pass { rootSampleRatio } to AgentTracingPlugin to choose.',
  );
  return 1;
}

function ratioFromDescription(description: string): number | undefined {
  const root = /^ParentBased\{root=(.*?), remoteParentSampled=/.exec(description)?.[1] ?? description;
  if (root === 'AlwaysOnSampler') return 1;
  if (root === 'AlwaysOffSampler') return 0;
  const ratio = /^TraceIdRatioBased\{([0-9.eE+-]+)\}$/.exec(root)?.[1];
  return ratio === undefined ? undefined : Math.min(1, Math.max(0, Number(ratio)));
}

function ratioFromEnv(env: Env): number {
  const { name, ratio } = loadTelemetryConfig(env).sampler;
  if (name === 'always_off' || name === 'parentbased_always_off') return 0;
  if (name === 'traceidratio' || name === 'parentbased_traceidratio') return ratio;
  return 1;
}
