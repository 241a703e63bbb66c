import { ConfigError } from './errors.js';
import { type Env, readString, readUrl } from './parse.js';
import type { OtlpDestination } from './destination.js';

/** The hosted InteractiveAI service, used when INTERACTIVEAI_HOST is unset. */
export const DEFAULT_INTERACTIVEAI_HOST = 'https://app.interactive.ai';
/** Langfuse Cloud (EU), used when LANGFUSE_BASE_URL is unset. */
export const DEFAULT_LANGFUSE_HOST = 'https://cloud.langfuse.com';

/** The Langfuse-compatible OTLP traces path on an ingest host. */
export const INGEST_TRACES_PATH = '/api/public/otel/v1/traces';

interface IngestSpec {
  name: string;
  publicVar: string;
  secretVar: string;
  hostVars: string[];
  defaultHost: string;
  extraHeaders: Record<string, string>;
}

const INGESTS: IngestSpec[] = [
  {
    name: 'interactiveai',
    publicVar: 'INTERACTIVEAI_PUBLIC_KEY',
    secretVar: 'INTERACTIVEAI_SECRET_KEY',
    hostVars: ['INTERACTIVEAI_HOST'],
    defaultHost: DEFAULT_INTERACTIVEAI_HOST,
    extraHeaders: {},
  },
  {
    name: 'langfuse',
    publicVar: 'LANGFUSE_PUBLIC_KEY',
    secretVar: 'LANGFUSE_SECRET_KEY',
    hostVars: ['LANGFUSE_BASE_URL', 'LANGFUSE_HOST'],
    defaultHost: DEFAULT_LANGFUSE_HOST,
    // Without it Langfuse batches OTLP ingestion for minutes.
    extraHeaders: { 'x-langfuse-ingestion-version': '4' },
  },
];

/** Credentials of one Langfuse-compatible ingest, for export and the auth check. */
export interface IngestCredentials {
  name: string;
  host: string;
  publicKey: string;
  secretKey: string;
  extraHeaders: Record<string, string>;
}

/** Reads every ingest whose key pair is set. Half a pair is an error naming the missing variable. */
export function loadIngestCredentials(env: Env): IngestCredentials[] {
  const found: IngestCredentials[] = [];
  for (const spec of INGESTS) {
    const publicKey = readString(env, spec.publicVar);
    const secretKey = readString(env, spec.secretVar);
    let host: URL | undefined;
    for (const hostVar of spec.hostVars) host ??= readUrl(env, hostVar);
    if (!publicKey && !secretKey) continue;
    if (!publicKey)
      throw new ConfigError(spec.publicVar, `is missing but ${spec.secretVar} is set; set both or neither`);
    if (!secretKey)
      throw new ConfigError(spec.secretVar, `is missing but ${spec.publicVar} is set; set both or neither`);
    found.push({
      name: spec.name,
      host: (host?.href ?? spec.defaultHost).replace(/\/+$/, ''),
      publicKey,
      secretKey,
      extraHeaders: spec.extraHeaders,
    });
  }
  return found;
}

/** `Authorization` header value for an ingest: Basic base64(public:secret). */
export function basicAuth(creds: Pick<IngestCredentials, 'publicKey' | 'secretKey'>): string {
  return 'Basic ' + Buffer.from(`${creds.publicKey}:${creds.secretKey}`).toString('base64');
}

/** OTLP destinations for the configured ingests: http/protobuf, gzip, Basic auth. */
export function ingestDestinations(env: Env): OtlpDestination[] {
  return loadIngestCredentials(env).map((creds) => ({
    name: creds.name,
    url: creds.host + INGEST_TRACES_PATH,
    protocol: 'http/protobuf' as const,
    compression: 'gzip' as const,
    headers: { Authorization: basicAuth(creds), ...creds.extraHeaders },
    timeoutMillis: 10_000,
  }));
}
