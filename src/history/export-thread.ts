// One worker thread of `export --threads`: its own client and span pipeline,
// exporting the batches of runs the main thread sends.
import { parentPort, workerData } from 'node:worker_threads';
import { setupTelemetry } from '../telemetry/setup.js';
import type { ExportArgs } from './export-args.js';
import { connect } from './export-connect.js';
import { emptySummary } from './export-summary.js';
import type { FromThread, ToThread } from './export-threads.js';
import { HistoryExporter } from './history-exporter.js';

const port = parentPort!;
const reply = (message: FromThread) => port.postMessage(message);

try {
  const { connection, options } = await connect(workerData as ExportArgs);
  const telemetry = setupTelemetry({ instrumentOpenAI: false, handleSignals: false });
  const exporter = new HistoryExporter(options);
  const limit = Math.max(1, options.concurrency ?? 8);
  // One message at a time: `done` must wait for the batches before it.
  let queue = Promise.resolve();
  port.on('message', (message: ToThread) => {
    queue = queue.then(() => handle(message));
  });
  const handle = async (message: ToThread) => {
    try {
      if ('runs' in message) {
        const summary = emptySummary();
        const runs = [...message.runs];
        const lane = async () => {
          for (let run = runs.shift(); run; run = runs.shift())
            await exporter.exportRun(run, { listed: true, summary });
        };
        await Promise.all(Array.from({ length: Math.min(limit, runs.length) }, lane));
        reply({ summary });
      } else {
        await telemetry.shutdown();
        await connection.close();
        reply({ closed: true });
      }
    } catch (err) {
      reply({ error: (err as Error).message.split('\n')[0] });
    }
  };
} catch (err) {
  reply({ error: (err as Error).message.split('\n')[0] });
}
