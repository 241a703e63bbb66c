import { ConfigError } from './errors.js';
import {
  type Env,
  readBoolean,
  readChoice,
  readKeyValueList,
  readNumber,
  readString,
  readUrl,
} from './parse.js';
import { ingestDestinations } from './ingest-config.js';
import type { OtlpDestination } from './destination.js';

export type { OtlpDestination, OtlpProtocol } from './destination.js';

/** The standard OTEL_TRACES_SAMPLER values. */
export const SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;
/** A valid OTEL_TRACES_SAMPLER value. */
export type SamplerName = (typeof SAMPLERS)[number];

/** Everything {@link setupTelemetry} needs, validated. */
export interface TelemetryConfig {
  disabled: boolean;
  serviceName: string;
  resourceAttributes: Record<string, string>;
  sampler: { name: SamplerName; ratio: number };
  destinations: OtlpDestination[];
  /** Print a readable trace tree on the console at the end of each trace. */
  console: boolean;
  /** Longest string attribute value kept; longer ones are truncated. */
  attributeValueLengthLimit: number;
  /** Each destination's batch queue (OTEL_BSP_*). */
  batch: BatchQueueConfig;
}

/** The batch span processor's settings, as OTEL_BSP_* name them. */
export interface BatchQueueConfig {
  maxQueueSize: number;
  maxExportBatchSize: number;
  scheduledDelayMillis: number;
  exportTimeoutMillis: number;
}

/**
 * Defaults where OTEL_BSP_* is unset. A short delay bounds what a SIGKILLed
 * worker takes with it (docs/reliability.md); a large queue rides out a slow
 * backend; each destination has its own.
 */
export const DEFAULT_BATCH_QUEUE: BatchQueueConfig = {
  maxQueueSize: 16_384,
  maxExportBatchSize: 512,
  scheduledDelayMillis: 250,
  exportTimeoutMillis: 30_000,
};

const LOG_LEVELS = ['none', 'error', 'warn', 'info', 'debug', 'verbose', 'all'] as const;

const PROTOCOLS = ['http/protobuf', 'http/json', 'grpc'] as const;
const EXPORTERS = ['otlp', 'console', 'none'] as const;

/**
 * Reads and validates the tracing configuration from the standard `OTEL_*`
 * variables plus the ingest credentials. Throws {@link ConfigError}.
 */
export function loadTelemetryConfig(
  env: Env = process.env,
  defaults: { serviceName?: string } = {},
): TelemetryConfig {
  const disabled = readBoolean(env, 'OTEL_SDK_DISABLED', false);
  readChoice(env, 'OTEL_LOG_LEVEL', LOG_LEVELS); // applied by NodeSDK; a typo must not pass silently
  const resourceAttributes = readKeyValueList(env, 'OTEL_RESOURCE_ATTRIBUTES');
  const serviceName =
    readString(env, 'OTEL_SERVICE_NAME') ??
    resourceAttributes['service.name'] ??
    defaults.serviceName ??
    'agents-on-temporal';

  const samplerName = readChoice(env, 'OTEL_TRACES_SAMPLER', SAMPLERS) ?? 'parentbased_always_on';
  const ratio = readNumber(env, 'OTEL_TRACES_SAMPLER_ARG', 1, 0, 1);

  const exporters = readExporterList(env);
  const destinations: OtlpDestination[] = [];
  // `none` turns off the automatically configured exporters (OTLP, console);
  // ingest destinations are opted into by their own credentials.
  const otlp = otlpDestination(env, exporters.has('otlp'));
  if (otlp && !exporters.has('none')) destinations.push(otlp);
  destinations.push(...ingestDestinations(env));

  const wantsConsole = exporters.has('console') || (!exporters.has('none') && destinations.length === 0);
  return {
    disabled,
    serviceName,
    resourceAttributes,
    sampler: { name: samplerName, ratio },
    destinations,
    console: wantsConsole,
    // The span-specific limit wins over the general one, as in the OpenTelemetry spec.
    attributeValueLengthLimit: readNumber(
      env,
      'OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT',
      readNumber(env, 'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', 32_768, 64, 10_000_000),
      64,
      10_000_000,
    ),
    batch: readBatchQueue(env),
  };
}

function readBatchQueue(env: Env): BatchQueueConfig {
  const d = DEFAULT_BATCH_QUEUE;
  const batch = {
    maxQueueSize: readNumber(env, 'OTEL_BSP_MAX_QUEUE_SIZE', d.maxQueueSize, 1, 10_000_000),
    maxExportBatchSize: readNumber(
      env,
      'OTEL_BSP_MAX_EXPORT_BATCH_SIZE',
      d.maxExportBatchSize,
      1,
      10_000_000,
    ),
    scheduledDelayMillis: readNumber(env, 'OTEL_BSP_SCHEDULE_DELAY', d.scheduledDelayMillis, 0, 3_600_000),
    exportTimeoutMillis: readNumber(env, 'OTEL_BSP_EXPORT_TIMEOUT', d.exportTimeoutMillis, 1, 3_600_000),
  };
  if (batch.maxExportBatchSize > batch.maxQueueSize) {
    throw new ConfigError('OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 'must not exceed OTEL_BSP_MAX_QUEUE_SIZE');
  }
  return batch;
}

function readExporterList(env: Env): Set<string> {
  const raw = readString(env, 'OTEL_TRACES_EXPORTER');
  if (raw === undefined) return new Set();
  const names = raw
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  names.forEach((name, index) => {
    if (!(EXPORTERS as readonly string[]).includes(name)) {
      // The entry is not echoed: a mistyped list may hold anything.
      throw new ConfigError(
        'OTEL_TRACES_EXPORTER',
        `entry ${index + 1} is not a known exporter; expected otlp, console or none`,
      );
    }
  });
  return new Set(names);
}

/** The collector destination from OTEL_EXPORTER_OTLP_*, if any is configured. */
function otlpDestination(env: Env, forced: boolean): OtlpDestination | undefined {
  // Every variable is validated even when unused, so a typo never passes silently.
  const tracesUrl = readUrl(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  const baseUrl = readUrl(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');

  const protocolVar = readString(env, 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL')
    ? 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'
    : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const protocol = readChoice(env, protocolVar, PROTOCOLS) ?? 'http/protobuf';
  if (protocol === 'grpc') {
    throw new ConfigError(protocolVar, 'grpc is not supported here; use http/protobuf (collector port 4318)');
  }
  const headers = {
    ...readKeyValueList(env, 'OTEL_EXPORTER_OTLP_HEADERS'),
    ...readKeyValueList(env, 'OTEL_EXPORTER_OTLP_TRACES_HEADERS'),
  };
  const compressionVar = readString(env, 'OTEL_EXPORTER_OTLP_TRACES_COMPRESSION')
    ? 'OTEL_EXPORTER_OTLP_TRACES_COMPRESSION'
    : 'OTEL_EXPORTER_OTLP_COMPRESSION';
  const compression = readChoice(env, compressionVar, ['gzip', 'none'] as const) ?? 'none';
  const timeoutMillis = readNumber(
    env,
    'OTEL_EXPORTER_OTLP_TRACES_TIMEOUT',
    readNumber(env, 'OTEL_EXPORTER_OTLP_TIMEOUT', 10_000, 1, 600_000),
    1,
    600_000,
  );
  if (!tracesUrl && !baseUrl && !forced) return undefined;
  let url: string;
  if (tracesUrl) url = tracesUrl.href;
  else {
    const base = baseUrl ?? new URL('http://localhost:4318');
    url = base.href.replace(/\/+$/, '') + '/v1/traces';
  }
  return { name: 'otlp', url, protocol, headers, compression, timeoutMillis };
}
