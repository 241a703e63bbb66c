/**
 * Host entry point (workers, clients, scripts): what an application wires up.
 * Workflow code imports `temporal-agents-otel/workflow` instead (this module
 * pulls in Node APIs); attribute and span names are in
 * `temporal-agents-otel/semconv`, prices and cost in `temporal-agents-otel/cost`.
 */
export { setupTelemetry, getTelemetry, type Telemetry, type TelemetryOptions } from './telemetry/setup.js';
export type { ExportStats } from './telemetry/counting-exporter.js';
export { agentTracingSpanProcessors } from './telemetry/agent-processors.js';
export { instrumentOpenAI } from './telemetry/instrument-openai.js';
export { renderTraceTree } from './telemetry/trace-tree.js';
export {
  AgentTracingPlugin,
  type AgentTracingPluginOptions,
  WORKFLOW_INTERCEPTORS_MODULE,
} from './host/plugin.js';
export { createModelActivities, type ModelActivitiesOptions } from './worker/invoke-model.js';
export { checkModelProviders } from './worker/providers/model-clients.js';
export { createEvalActivities, type EvalActivitiesOptions } from './worker/eval-activities.js';
export { temporalRuntimeTelemetry } from './worker/temporal-metrics.js';
export { loadTemporalConfig, type TemporalConfig } from './config/temporal-config.js';
export { ConfigError, runOrExit } from './config/errors.js';
