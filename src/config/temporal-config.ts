import { existsSync } from 'node:fs';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import type { NativeConnectionOptions } from '@temporalio/worker';
import { ConfigError } from './errors.js';
import { type Env, readBoolean, readString } from './parse.js';

/** How to reach Temporal, from the environment and Temporal's client config file. */
export interface TemporalConfig {
  /** host:port, or undefined when a local dev server should be started. */
  address?: string;
  namespace: string;
  taskQueue: string;
  apiKey?: string;
  /** TLS is on (explicitly, through certificates, or implied by an API key). */
  tls: boolean;
  /**
   * Options for `NativeConnection.connect` / `Connection.connect`, as
   * `@temporalio/envconfig` builds them: TLS certificates, API key, gRPC
   * metadata, from the TEMPORAL_* variables and the profile in
   * TEMPORAL_CONFIG_FILE (default `~/.config/temporalio/temporal.toml`).
   */
  connection: NativeConnectionOptions;
}

/**
 * Reads the Temporal connection the way Temporal's own CLI and SDKs do
 * (`@temporalio/envconfig`: TEMPORAL_PROFILE, TEMPORAL_CONFIG_FILE,
 * TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS*,
 * TEMPORAL_GRPC_META_*), plus TEMPORAL_HOST as an alias of TEMPORAL_ADDRESS
 * and TEMPORAL_TASK_QUEUE. Values are checked first, so a typo stops the
 * process with one line naming the variable.
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
  // Validated and normalized here: envconfig reads a typo, or `TRUE`, as false.
  const tls =
    readString(env, 'TEMPORAL_TLS') === undefined ? undefined : readBoolean(env, 'TEMPORAL_TLS', false);

  const configFile = readString(env, 'TEMPORAL_CONFIG_FILE');
  if (configFile !== undefined && !existsSync(configFile)) {
    // envconfig would carry on without it; a mistyped path must not pass silently.
    throw new ConfigError('TEMPORAL_CONFIG_FILE', 'no file at that path');
  }
  const strings = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
  if (address !== undefined) strings.TEMPORAL_ADDRESS = address;
  if (tls !== undefined) strings.TEMPORAL_TLS = String(tls);
  let loaded: ReturnType<typeof loadClientConnectConfig>;
  try {
    loaded = loadClientConnectConfig({
      overrideEnvVars: strings,
      profile: readString(env, 'TEMPORAL_PROFILE'),
    });
  } catch (err) {
    // First line only: a TOML parse error quotes the offending lines (an api_key among them) below it.
    const reason = (err instanceof Error ? err.message : String(err)).split('\n')[0].slice(0, 200);
    throw new ConfigError(
      readString(env, 'TEMPORAL_CONFIG_FILE') ? 'TEMPORAL_CONFIG_FILE' : 'TEMPORAL_PROFILE',
      reason,
    );
  }
  const connection = loaded.connectionOptions;
  return {
    address: connection.address,
    namespace: loaded.namespace ?? 'default',
    taskQueue: readString(env, 'TEMPORAL_TASK_QUEUE') ?? defaults.taskQueue ?? 'agents',
    apiKey: connection.apiKey as string | undefined,
    tls: connection.tls !== undefined && connection.tls !== false,
    connection,
  };
}
