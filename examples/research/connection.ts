import type { TemporalConfig } from '../../src/index.js';

/** Connection options (address, TLS, API key) for both Connection and NativeConnection. */
export function connectionOptions(config: TemporalConfig & { address: string }) {
  return {
    address: config.address,
    tls: config.tls ? {} : undefined,
    apiKey: config.apiKey,
  };
}
