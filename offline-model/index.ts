/**
 * Offline model: an OpenAI-compatible HTTP server that answers with synthetic,
 * deterministic content, for demos and tests without an API key.
 */
export { startOfflineModel } from './server.js';
export type { OfflineModelOptions, OfflineModelServer, OfflineModelStats } from './server.js';
export { parseFaults } from './faults.js';
export type { FaultRule, StatusFault, MalformedFault, LatencyFault, HangFault } from './faults.js';
export { fillSchema } from './schema-fill.js';
export type { JsonSchema } from './schema-fill.js';
