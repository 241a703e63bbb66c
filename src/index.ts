/**
 * Host entry point (workers, clients, scripts). Workflow code imports
 * `temporal-agents-otel/workflow` instead: this module pulls in Node APIs.
 */
export * from './config/index.js';
export * from './telemetry/index.js';
export * from './temporal/index.js';
export * from './cost/index.js';
export * from './agents/index.js';
export * from './ingest/index.js';
