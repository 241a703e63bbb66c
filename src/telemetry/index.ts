export { setupTelemetry, getTelemetry, type Telemetry, type TelemetryOptions } from './setup.js';
export { renderTraceTree, describeSpan } from './trace-tree.js';
export { ConsoleTreeExporter } from './console-tree-exporter.js';
export { CountingExporter, type ExportStats } from './counting-exporter.js';
export { FinishedSpan, type FinishedSpanData } from './finished-span.js';
export { PrivacySpanProcessor, REDACTED } from './privacy-processor.js';
export { RetryingExporter, type DeliveryStats, type RetryOptions } from './retrying-exporter.js';
export { agentTracingSpanProcessors } from './agent-processors.js';
export { instrumentOpenAI } from './instrument-openai.js';
