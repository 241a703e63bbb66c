import { ConfigError } from './errors.js';
import { type Env, readBoolean, readString } from './parse.js';

/** How to reach Temporal, from the environment. */
export interface TemporalConfig {
  /** host:port, or undefined when a local dev server should be started. */
  address?: string;
  namespace: string;
  taskQueue: string;
  apiKey?: string;
  tls: boolean;
}

/**
 * Reads TEMPORAL_ADDRESS (alias TEMPORAL_HOST), TEMPORAL_NAMESPACE,
 * TEMPORAL_TASK_QUEUE, TEMPORAL_API_KEY and TEMPORAL_TLS. An API key implies TLS.
 */
export function loadTemporalConfig(
  env: Env = process.env,
  defaults: { taskQueue?: string } = {},
): TemporalConfig {
  const addressVar = readString(env, 'TEMPORAL_ADDRESS') ? 'TEMPORAL_ADDRESS' : 'TEMPORAL_HOST';
  const address = readString(env, addressVar);
  if (address !== undefined) {
    const port = Number(/^[A-Za-z0-9.\-_[\]:]+:(\d{1,5})$/.exec(address)?.[1]);
    if (!(port >= 1 && port <= 65535))
      throw new ConfigError(addressVar, 'expected host:port, e.g. localhost:7233');
  }
  const apiKey = readString(env, 'TEMPORAL_API_KEY');
  return {
    address,
    namespace: readString(env, 'TEMPORAL_NAMESPACE') ?? 'default',
    taskQueue: readString(env, 'TEMPORAL_TASK_QUEUE') ?? defaults.taskQueue ?? 'agents',
    apiKey,
    tls: readBoolean(env, 'TEMPORAL_TLS', apiKey !== undefined),
  };
}
