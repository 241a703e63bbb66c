// Mixed fleets: baggage and trace context between this bridge and Temporal's
// Python SDK with its TracingInterceptor (from PyPI, in a cached virtualenv),
// both ways, on the real dev server.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { context, propagation } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as activities from '../fixtures/interop-activities.js';
import type { BaggageReport } from '../fixtures/interop-workflows.js';
import { type CapturedProcess, spawnCaptured, waitForOutput } from '../support/child.js';
import { useFixtureSuite } from '../support/fixture-suite.js';
import { uniqueQueue } from '../support/harness.js';
import { until } from '../support/poll.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const INTEROP_PY = fileURLToPath(new URL('../python/interop.py', import.meta.url));
const workflowsPath = fileURLToPath(new URL('../fixtures/interop-workflows.ts', import.meta.url));

const suite = useFixtureSuite('interop-ts', { workflowsPath, activities });
let python: string;
let pythonWorker: CapturedProcess | undefined;
const pyQueue = uniqueQueue('interop-py');

beforeAll(async () => {
  python = execFileSync('bash', [`${ROOT}/scripts/setup-python-workers.sh`], { encoding: 'utf8' }).trim();
  pythonWorker = spawnCaptured(python, [INTEROP_PY, 'worker', suite.h.address, pyQueue]);
  await waitForOutput(pythonWorker, 'python worker ready', 60_000);
});

afterAll(() => {
  pythonWorker?.child.kill('SIGKILL');
});

describe('baggage and trace context with Python workers (temporalio + TracingInterceptor)', () => {
  it('a TypeScript client’s baggage reaches a TypeScript activity, a Python activity and a child workflow', async () => {
    const { h, taskQueue: tsQueue } = suite;
    const bag = propagation.createBaggage({ tenant: { value: 'acme' } });
    const workflowId = `baggage-ts-${tsQueue}`;
    const report = await context.with(propagation.setBaggage(context.active(), bag), () =>
      h.client.workflow.execute('baggageWorkflow', { taskQueue: tsQueue, workflowId, args: [pyQueue] }),
    );
    expect(report as BaggageReport).toEqual({
      tsActivity: { tenant: 'acme' },
      pythonActivity: { tenant: 'acme' },
      child: { tenant: 'acme' },
    });
  });

  it('a Python client’s trace and baggage carry into our workflow, its activities and back to Python', async () => {
    const { h, taskQueue: tsQueue } = suite;
    const workflowId = `baggage-py-${tsQueue}`;
    // Not execFileSync: this process's event loop runs the TypeScript worker.
    const { stdout: out } = await promisify(execFile)(
      python,
      [INTEROP_PY, 'start', h.address, tsQueue, pyQueue, workflowId, 'tenant=globex'],
      { encoding: 'utf8', timeout: 60_000 },
    );
    const { result, traceId } = JSON.parse(out.trim().split('\n').pop()!) as {
      result: BaggageReport;
      traceId: string;
    };
    expect(result).toEqual({
      tsActivity: { tenant: 'globex' },
      pythonActivity: { tenant: 'globex' },
      child: { tenant: 'globex' },
    });
    // Our RunWorkflow joined the Python client's trace.
    const run = await until('RunWorkflow of the Python-started run', async () =>
      (await h.spans()).find(
        (s) =>
          s.name === 'RunWorkflow:baggageWorkflow' && s.attributes['temporal.workflow.id'] === workflowId,
      ),
    );
    expect(run.spanContext().traceId).toBe(traceId);
    expect(run.parentSpanContext?.isRemote).toBe(true);
  });
});
