// Mode (b): what a user wires by hand today. Temporal's stock OpenTelemetry
// interceptors (@temporalio/interceptors-opentelemetry 1.24.0, built on
// OpenTelemetry JS SDK 1.x) through their OpenTelemetryPlugin, an OTLP
// http/protobuf exporter behind a BatchSpanProcessor with default settings,
// and the OpenInference OpenAI instrumentation patched in with
// `manuallyInstrument`. The SDK 1.x packages are npm aliases (otel1-*), so
// the project's own 2.x packages stay as they are. The bundle includes the
// stock workflow interceptors module (bundles.ts).
import { OpenAIInstrumentation } from '@arizeai/openinference-instrumentation-openai';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OpenTelemetryPlugin } from '@temporalio/interceptors-opentelemetry';
import * as openaiModule from 'openai';
import { OTLPTraceExporter } from 'otel1-exporter-trace-otlp-proto';
import { Resource } from 'otel1-resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from 'otel1-sdk-trace-base';
import { noopAgentSink } from './agent-sink.js';
import { CountingSpanProcessor, SpanCounter } from './counting-processor.js';
import type { Mode, ModeContext } from './mode.js';

type ExportResult = Parameters<Parameters<SpanExporter['export']>[1]>[0];

/** Counts what the exporter delivered or failed to deliver (the SDK 1.x exporter keeps no counters). */
class ExportCounter implements SpanExporter {
  exported = 0;
  failed = 0;
  constructor(private readonly inner: SpanExporter) {}
  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.inner.export(spans, (result) => {
      if (result.code === 0) this.exported += spans.length;
      else this.failed += spans.length;
      done(result);
    });
  }
  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

export function setupStock(ctx: ModeContext): Mode {
  const resource = new Resource({ 'service.name': ctx.serviceName });
  const exporter = new ExportCounter(new OTLPTraceExporter({ url: ctx.tracesUrl }));
  const counter = new SpanCounter();
  // Default BatchSpanProcessor settings, as a user would start with.
  const spanProcessor = new CountingSpanProcessor<ReadableSpan>(counter, new BatchSpanProcessor(exporter));
  const provider = new BasicTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register({ contextManager: new AsyncLocalStorageContextManager() });

  const instrumentation = new OpenAIInstrumentation();
  instrumentation.manuallyInstrument(
    openaiModule as unknown as Parameters<OpenAIInstrumentation['manuallyInstrument']>[0],
  );

  // Workflow spans leave the sandbox through the plugin's sink into the same processor.
  const plugin = new OpenTelemetryPlugin({
    resource: resource as unknown as ConstructorParameters<typeof OpenTelemetryPlugin>[0]['resource'],
    spanProcessor: spanProcessor as unknown as ConstructorParameters<
      typeof OpenTelemetryPlugin
    >[0]['spanProcessor'],
  });
  return {
    worker: {
      plugins: [plugin],
      sinks: noopAgentSink(ctx.noopAgentSink),
    },
    client: { plugins: [plugin] },
    counter,
    exportStats: () => ({ exported: exporter.exported, failed: exporter.failed }),
    shutdown: () => provider.shutdown(),
  };
}
