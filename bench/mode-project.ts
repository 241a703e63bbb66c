// Mode (c): this project's setup, one call and one plugin per process:
// setupTelemetry() (OTLP http/protobuf to the bench receiver) and
// AgentTracingPlugin on the worker and the client. A counting processor is
// added through the documented `spanProcessors` option.
import { AgentTracingPlugin, setupTelemetry } from '../src/index.js';
import { CountingSpanProcessor, SpanCounter } from './counting-processor.js';
import type { Mode, ModeContext } from './mode.js';

export function setupProject(ctx: ModeContext): Mode {
  const counter = new SpanCounter();
  const telemetry = setupTelemetry({
    serviceName: ctx.serviceName,
    env: {
      ...process.env,
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: ctx.tracesUrl,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    },
    spanProcessors: [new CountingSpanProcessor(counter)],
  });
  const plugin = new AgentTracingPlugin();
  return {
    worker: { plugins: [plugin] },
    client: { plugins: [plugin] },
    counter,
    exportStats() {
      const out: Record<string, number> = {};
      for (const s of telemetry.exportStats()) {
        for (const [k, v] of Object.entries(s)) if (typeof v === 'number') out[k] = v;
      }
      return out;
    },
    shutdown: () => telemetry.shutdown(),
  };
}
