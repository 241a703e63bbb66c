// A Temporal client from the TEMPORAL_* settings, for the CLI's commands. An
// unreachable server is a configuration error: one line naming the variable.
import { Client, Connection } from '@temporalio/client';
import { ConfigError } from '../config/errors.js';
import { loadTemporalConfig, type TemporalConfig } from '../config/temporal-config.js';

/** A connected client, its connection (close it when done) and the settings it came from. */
export async function connectClientFromEnv(): Promise<{
  client: Client;
  connection: Connection;
  temporal: TemporalConfig & { address: string };
}> {
  const temporal = loadTemporalConfig();
  const address = temporal.address ?? 'localhost:7233';
  let connection: Connection;
  try {
    connection = await Connection.connect({ ...temporal.connection, address, connectTimeout: '10s' });
  } catch (err) {
    throw new ConfigError(
      'TEMPORAL_ADDRESS',
      `cannot connect to Temporal at ${address}: ${(err as Error).message.split('\n')[0]}`,
    );
  }
  return {
    client: new Client({ connection, namespace: temporal.namespace }),
    connection,
    temporal: { ...temporal, address },
  };
}
