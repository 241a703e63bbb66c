/**
 * Starts the offline model from the command line:
 * `npm run offline-model -- [--port N] [--host H] [--verbose]`.
 * Reads OFFLINE_MODEL_FAULTS and OFFLINE_MODEL_LATENCY_MS from the environment.
 */
import { parseArgs } from 'node:util';
import { parseFaults } from './faults.js';
import { startOfflineModel } from './server.js';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return 0;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port: expected 0-65535, got "${value}"`);
  return port;
}

function parseLatency(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 0;
  const ms = Number(value);
  if (!Number.isFinite(ms) || ms < 0)
    fail(`OFFLINE_MODEL_LATENCY_MS: expected a non-negative number of milliseconds, got "${value}"`);
  return ms;
}

async function main(): Promise<void> {
  let values: { port?: string; host?: string; verbose?: boolean };
  try {
    ({ values } = parseArgs({
      options: { port: { type: 'string' }, host: { type: 'string' }, verbose: { type: 'boolean' } },
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  let faults;
  try {
    faults = parseFaults(process.env.OFFLINE_MODEL_FAULTS ?? '');
  } catch (error) {
    fail((error as Error).message);
  }
  const server = await startOfflineModel({
    host: values.host,
    port: parsePort(values.port),
    latencyMs: parseLatency(process.env.OFFLINE_MODEL_LATENCY_MS),
    faults,
    log: values.verbose ? (line) => process.stderr.write(`${line}\n`) : undefined,
  });
  process.stdout.write(`offline model listening on ${server.url} (answers are synthetic, not from OpenAI)\n`);
  const stop = (): void => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => fail(`offline model failed to start: ${(error as Error).message}`));
