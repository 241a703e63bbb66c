import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { ConfigError, type TemporalConfig } from '../../src/index.js';

/**
 * Connects the worker and client sides with the options envconfig built
 * (address, TLS, API key, metadata). A server that cannot be reached is a
 * configuration problem at start: one line naming the variable, no stack.
 */
export async function connectTemporal(
  config: TemporalConfig & { address: string },
  addressVariable = 'TEMPORAL_ADDRESS',
) {
  const options = { ...config.connection, address: config.address };
  try {
    const nativeConnection = await NativeConnection.connect(options);
    const connection = await Connection.connect({ ...options, connectTimeout: '10s' });
    return { nativeConnection, connection };
  } catch (err) {
    const reason = ((err as Error).message || String(err)).split('\n')[0].slice(0, 200);
    throw new ConfigError(addressVariable, `cannot connect to Temporal at ${config.address}: ${reason}`);
  }
}
