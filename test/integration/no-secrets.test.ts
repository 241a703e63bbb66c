// Issue 4: no credential ever leaves the process except in the header meant
// for it. Every credential variable holds a planted, recognisable value; the
// pipeline runs (one run failing on a 401 from the model, one retrying a
// 500) exporting to an OTLP collector, the InteractiveAI ingest and Langfuse,
// each a local receiver. Every byte they received (bodies decompressed),
// every header but the one Authorization header each destination needs,
// every line the process wrote or logged, every exported span and the
// workflows' histories are scanned for the planted values in any case.
import type { IncomingHttpHeaders } from 'node:http';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResearchActivities } from '../../examples/research/activities.js';
import type { ResearchReport } from '../../examples/research/shared.js';
import { type OfflineModelServer, parseFaults, startOfflineModel } from '../../offline-model/index.js';
import { captureOutput, type OutputCapture } from '../support/capture-output.js';
import { createHarness, type Harness } from '../support/harness.js';
import { type IngestReceiver, startIngestReceiver } from '../support/ingest-receiver.js';
import { until } from '../support/poll.js';
import { researchWorkflowsPath, uniqueQueue } from '../support/research.js';
import { decodedBody, hasAll, ingestSpans } from '../support/span-sets.js';

const PLANTED = {
  OPENAI_API_KEY: 'sk-PLANTED-OPENAI-7f3a9c1e5b2d4a68',
  INTERACTIVEAI_PUBLIC_KEY: 'pk-PLANTED-IAI-PUBLIC-4b1e8d2f',
  INTERACTIVEAI_SECRET_KEY: 'sk-PLANTED-IAI-SECRET-9c3a7e51',
  LANGFUSE_PUBLIC_KEY: 'pk-lf-PLANTED-LANGFUSE-PUBLIC-2e6b',
  LANGFUSE_SECRET_KEY: 'sk-lf-PLANTED-LANGFUSE-SECRET-8d4f',
  TEMPORAL_API_KEY: 'tmprl-PLANTED-TEMPORAL-5a9e3c7b1d',
  OTLP_BEARER: 'otlp-PLANTED-BEARER-6f2d8a4c0e',
};
const b64 = (pk: string, sk: string) => Buffer.from(`${pk}:${sk}`).toString('base64');
const IAI_BASIC = b64(PLANTED.INTERACTIVEAI_PUBLIC_KEY, PLANTED.INTERACTIVEAI_SECRET_KEY);
const LF_BASIC = b64(PLANTED.LANGFUSE_PUBLIC_KEY, PLANTED.LANGFUSE_SECRET_KEY);
const NEEDLES = [...Object.values(PLANTED), IAI_BASIC, LF_BASIC].map((s) => s.toLowerCase());

/** Planted values (or Basic-auth base64) found in `text`, case-insensitively. */
const leaks = (text: string) => NEEDLES.filter((n) => text.toLowerCase().includes(n));

const taskQueue = uniqueQueue('no-secrets');
let capture: OutputCapture;
let h: Harness;
let model: OfflineModelServer;
let receivers: { collector: IngestReceiver; interactiveai: IngestReceiver; langfuse: IngestReceiver };
let client: Client;
let connection: Connection;
let native: NativeConnection;
let worker: Worker;
let running: Promise<void>;

beforeAll(async () => {
  capture = captureOutput();
  model = await startOfflineModel();
  const [collector, interactiveai, langfuse] = await Promise.all([
    startIngestReceiver(),
    startIngestReceiver(),
    startIngestReceiver(),
  ]);
  receivers = { collector, interactiveai, langfuse };
  h = await createHarness({
    OTEL_SERVICE_NAME: 'no-secrets',
    OTEL_TRACES_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
    OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
    OTEL_EXPORTER_OTLP_HEADERS: `authorization=Bearer%20${PLANTED.OTLP_BEARER}`,
    OPENAI_API_KEY: PLANTED.OPENAI_API_KEY,
    INTERACTIVEAI_PUBLIC_KEY: PLANTED.INTERACTIVEAI_PUBLIC_KEY,
    INTERACTIVEAI_SECRET_KEY: PLANTED.INTERACTIVEAI_SECRET_KEY,
    INTERACTIVEAI_HOST: interactiveai.url,
    LANGFUSE_PUBLIC_KEY: PLANTED.LANGFUSE_PUBLIC_KEY,
    LANGFUSE_SECRET_KEY: PLANTED.LANGFUSE_SECRET_KEY,
    LANGFUSE_BASE_URL: langfuse.url,
    TEMPORAL_API_KEY: PLANTED.TEMPORAL_API_KEY,
  });
  // The dev server ignores the key; sent as `authorization: Bearer …` metadata over plaintext gRPC.
  connection = await Connection.connect({ address: h.address, apiKey: PLANTED.TEMPORAL_API_KEY, tls: false });
  client = new Client({ connection, plugins: [h.plugin] });
  native = await NativeConnection.connect({
    address: h.address,
    apiKey: PLANTED.TEMPORAL_API_KEY,
    tls: false,
  });
  worker = await Worker.create({
    connection: native,
    taskQueue,
    workflowsPath: researchWorkflowsPath,
    activities: createResearchActivities({
      openai: new OpenAI({ baseURL: model.url, apiKey: PLANTED.OPENAI_API_KEY }),
    }),
    plugins: [h.plugin],
  });
  running = worker.run();
});
afterAll(async () => {
  capture?.stop();
  if (worker) {
    worker.shutdown();
    await running;
  }
  await connection?.close();
  await native?.close();
  await h?.close();
  await Promise.all([model?.close(), ...Object.values(receivers ?? {}).map((r) => r.close())]);
});

const headersWithout = (headers: IncomingHttpHeaders, name: string) =>
  JSON.stringify(Object.entries(headers).filter(([k]) => k !== name));

describe('planted credentials never leave the process outside their own header', () => {
  it('no receiver body, header, output line, span or history holds a credential', async () => {
    model.setFaults(parseFaults('401x1'));
    const failed = await client.workflow
      .execute('ResearchWorkflow', {
        taskQueue,
        workflowId: `denied-${taskQueue}`,
        args: [{ query: 'What happens when the model says 401?' }],
      })
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    expect(failed).toBeInstanceOf(WorkflowFailedError);

    model.setFaults(parseFaults('500x1'));
    const report: ResearchReport = await client.workflow.execute('ResearchWorkflow', {
      taskQueue,
      workflowId: `ok-${taskQueue}`,
      args: [{ query: 'How are credentials kept out of traces?' }],
    });
    expect(report.status).toBe('completed');

    const spans = await h.spans();
    for (const [name, receiver] of Object.entries(receivers))
      await until(`every span at ${name}`, () => hasAll(ingestSpans(receiver.requests), spans), 15_000);

    // The error paths were exported: the 401 failed the first run, the 500 was retried in the second.
    const received = ingestSpans(receivers.interactiveai.requests);
    expect(received.some((s) => s.status.code === 2 && /401/.test(s.status.message))).toBe(true);
    expect(received.some((s) => s.attributes['temporal.activity.attempt'] === 2)).toBe(true);

    const expectedAuth = {
      collector: `Bearer ${PLANTED.OTLP_BEARER}`,
      interactiveai: `Basic ${IAI_BASIC}`,
      langfuse: `Basic ${LF_BASIC}`,
    };
    for (const [name, receiver] of Object.entries(receivers)) {
      expect(receiver.requests.length, name).toBeGreaterThan(0);
      for (const [i, req] of receiver.requests.entries()) {
        const what = `${name} request ${i}`;
        // The one place a credential belongs, and only this destination's own.
        expect(req.headers.authorization, what).toBe(expectedAuth[name as keyof typeof expectedAuth]);
        expect(
          leaks(req.headers.authorization!),
          `${what}: the scan sees the header's credential`,
        ).not.toEqual([]);
        expect(leaks(headersWithout(req.headers, 'authorization')), `${what} other headers`).toEqual([]);
        expect(leaks(decodedBody(req).toString('latin1')), `${what} body`).toEqual([]);
        expect(leaks(req.body.toString('latin1')), `${what} raw body`).toEqual([]);
      }
    }

    for (const span of spans) {
      const text = JSON.stringify([
        span.name,
        span.attributes,
        span.status,
        span.events,
        span.resource.attributes,
      ]);
      expect(leaks(text), span.name).toEqual([]);
    }
    for (const id of [`denied-${taskQueue}`, `ok-${taskQueue}`]) {
      const history = await client.workflow.getHandle(id).fetchHistory();
      const text = JSON.stringify(history, (_k, v: unknown) =>
        v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v,
      );
      expect(leaks(text), `history of ${id}`).toEqual([]);
    }

    const output = capture.text();
    // The capture works and saw the error paths: Temporal logs each failed attempt with its error.
    expect(output).toMatch(/OpenAI API error 401/);
    expect(output).toMatch(/OpenAI API error 500/);
    expect(leaks(output), 'stdout, stderr and console of the process').toEqual([]);
  });
});
