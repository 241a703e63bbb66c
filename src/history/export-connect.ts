// A Temporal client and the exporter's options, from the export arguments and
// the environment: shared by the export command, its worker and its threads.
import { Client, Connection } from '@temporalio/client';
import { ConfigError } from '../config/errors.js';
import { loadTemporalConfig } from '../config/temporal-config.js';
import { loadActivityMap } from './activity-map.js';
import type { ExportArgs } from './export-args.js';
import type { HistoryExporterOptions } from './history-exporter.js';

/** The exporter options the arguments describe, with a client connected to Temporal. */
export async function connect(args: ExportArgs) {
  const activityMap = args.activityMap ? loadActivityMap(args.activityMap) : undefined;
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
  const options: HistoryExporterOptions = {
    client: new Client({ connection, namespace: temporal.namespace }),
    tracedRuns: args.tracedRuns,
    payloads: {
      read: args.payloads,
      codec: args.codecEndpoint ? { endpoint: args.codecEndpoint, authorization: args.codecAuth } : undefined,
    },
    activityMap,
    concurrency: args.concurrency,
  };
  return { connection, options, temporal: { ...temporal, address } };
}
