// Where eval scores are pushed besides the traces: Phoenix (span annotations)
// and the Langfuse-compatible ingests (scores), from the environment.
import { type IngestCredentials, loadIngestCredentials } from './ingest-config.js';
import { type Env, readString, readUrl } from './parse.js';

/** The score destinations that are configured. */
export interface EvalBackends {
  /** `PHOENIX_COLLECTOR_ENDPOINT` (Phoenix's base URL, e.g. http://localhost:6006) and `PHOENIX_API_KEY`. */
  phoenix?: { baseUrl: string; apiKey?: string };
  /** The InteractiveAI / Langfuse ingests trace export uses, with the same credentials. */
  ingests: IngestCredentials[];
}

/** Reads the score destinations; a wrong value is a one-line ConfigError. */
export function loadEvalBackends(env: Env = process.env): EvalBackends {
  const phoenix = readUrl(env, 'PHOENIX_COLLECTOR_ENDPOINT');
  return {
    phoenix: phoenix
      ? {
          baseUrl: phoenix.href.replace(/\/v1\/traces\/?$/, '').replace(/\/+$/, ''),
          apiKey: readString(env, 'PHOENIX_API_KEY'),
        }
      : undefined,
    ingests: loadIngestCredentials(env),
  };
}
