/**
 * Host entry point (workers, clients, scripts). Workflow code imports
 * `temporal-agents-otel/workflow` instead: this module pulls in Node APIs.
 */
export * from './config/index.js';
export * from './telemetry/index.js';
export * from './cost/index.js';
export * from './ingest/index.js';
export * from './common/index.js';
export * from './worker/index.js';
export * from './client/index.js';
export {
  AgentTracingPlugin,
  type AgentTracingPluginOptions,
  WORKFLOW_INTERCEPTORS_MODULE,
} from './host/plugin.js';
