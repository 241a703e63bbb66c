// `npm run eval [-- --concurrency 3]`: the bundled dataset through the research
// agent, durably, with the offline model unless OPENAI_API_KEY is set. Starts
// what is not configured (a dev server, the offline model) and prints a live
// progress bar, then the results table.
import { readFileSync } from 'node:fs';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { ConfigError, loadTemporalConfig, runOrExit, setupTelemetry } from '../../src/index.js';
import type { EvalCase, ScorerSpec } from '../../src/runs.js';
import { startLocalStack } from '../service/local-stack.js';
import { SERVICE_TASK_QUEUE } from '../service/worker.js';
import { progressLine, resultsTable } from './eval-output.js';

const DATASET = new URL('./research-dataset.json', import.meta.url);

/** The report's shape, as the research agent promises it. */
const REPORT_SCHEMA = {
  type: 'object',
  required: ['status', 'shortSummary', 'markdownReport', 'followUpQuestions', 'searches'],
  properties: {
    status: { enum: ['completed', 'rejected'] },
    shortSummary: { type: 'string', minLength: 1 },
    followUpQuestions: { type: 'array' },
    searches: { type: 'array', minItems: 1 },
  },
};

const SCORERS: ScorerSpec[] = [
  { type: 'json_schema', name: 'report_shape', schema: REPORT_SCHEMA },
  { type: 'contains', name: 'on_topic' },
  { type: 'latency', maxMs: 120_000 },
  { type: 'cost', maxUsd: 0.05 },
  {
    type: 'llm_judge',
    name: 'judge',
    criteria: 'The report answers the query with concrete, relevant points.',
  },
];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const concurrency = Number(args[args.indexOf('--concurrency') + 1] ?? 3);
  if (
    args.includes('--concurrency') &&
    !(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 20)
  )
    throw new ConfigError('--concurrency', 'expected a whole number from 1 to 20');
  const say = (line: string) => process.stdout.write(line + '\n');
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const temporalConfig = loadTemporalConfig(process.env, { taskQueue: SERVICE_TASK_QUEUE });
  const telemetry = setupTelemetry({ serviceName: 'research-eval', consoleTree: false });
  const dataset = JSON.parse(readFileSync(DATASET, 'utf8')) as { name: string; cases: EvalCase[] };

  const { worker, runs, close } = await startLocalStack(temporalConfig, say);
  try {
    const results = await worker.runUntil(async () => {
      const { workflowId, traceId } = await runs.startEvalRun({
        projectId: 'examples',
        agentId: 'research',
        dataset,
        scorers: SCORERS,
        concurrency,
      });
      say(
        `eval ${workflowId}: ${dataset.cases.length} cases of ${dataset.name}, ${concurrency} at a time (trace ${traceId ?? 'not sampled'})\n`,
      );
      const finished = runs.getEvalResults(workflowId, { timeoutSeconds: 1800 });
      let done = false;
      void finished.finally(() => (done = true)).catch(() => {});
      while (!done) {
        const progress = await runs.getEvalProgress(workflowId).catch(() => undefined);
        if (progress) progressLine(progress);
        await Promise.race([finished.catch(() => {}), new Promise((r) => setTimeout(r, 300))]);
      }
      progressLine(await runs.getEvalProgress(workflowId));
      say('');
      return finished;
    });
    say(resultsTable(results));
  } finally {
    await telemetry.shutdown();
    await close();
  }
}

void runOrExit(main);
