export { ConfigError, runOrExit } from './errors.js';
export type { Env } from './parse.js';
export {
  loadTelemetryConfig,
  SAMPLERS,
  type TelemetryConfig,
  type BatchQueueConfig,
  DEFAULT_BATCH_QUEUE,
  type OtlpDestination,
  type OtlpProtocol,
  type SamplerName,
} from './telemetry-config.js';
export {
  loadIngestCredentials,
  basicAuth,
  DEFAULT_INTERACTIVEAI_HOST,
  DEFAULT_LANGFUSE_HOST,
  INGEST_TRACES_PATH,
  type IngestCredentials,
} from './ingest-config.js';
export { loadTemporalConfig, type TemporalConfig } from './temporal-config.js';
export {
  loadPrivacyRules,
  loadHideSwitches,
  HIDE_VARIABLES,
  SECRET_VARIABLES,
  type HideSwitches,
  type PrivacyRules,
} from './privacy-config.js';
export { loadLinksConfig, temporalRunUrl, type LinksConfig } from './links-config.js';
export { loadMetricsConfig, type MetricsConfig } from './metrics-config.js';
