// The continuous exporter moves its checkpoint only past runs whose spans
// arrived: its export activity flushes, reads the pipeline's delivery
// counters, and fails (retryably) when a backend did not take them. A stand-in
// client serves one recorded history; the span pipeline's counters are set by
// the test, as a backend that is down would set them.
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { defaultResource } from '@opentelemetry/resources';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { HistoryExportActivity } from '../../src/common/history-export-wire.js';
import { type DestinationStats, undelivered } from '../../src/history/delivery.js';
import { createHistoryExportActivities } from '../../src/history/export-activities.js';
import { standInClient } from '../support/stand-in-client.js';

const client = standInClient();

const destination = (pending: number, dropped: number, lastError?: string): DestinationStats => ({
  destination: 'otlp',
  exportedSpans: 0,
  failedSpans: pending + dropped,
  pendingSpans: pending,
  droppedSpans: dropped,
  lastError,
});

/** The export activity over a pipeline whose counters read `stats` (changed by the test). */
function exportActivity() {
  const received: ReadableSpan[] = [];
  // `refuse`: the backend answers this error, so a flush leaves every span so far buffered.
  const pipeline = { stats: destination(0, 0), flushes: 0, refuse: undefined as string | undefined };
  const activities = createHistoryExportActivities({
    client,
    target: {
      sink: {
        onEnd: (span: ReadableSpan) => void received.push(span),
        forceFlush: async () => {
          pipeline.flushes++;
          if (pipeline.refuse) pipeline.stats = destination(received.length, 0, pipeline.refuse);
        },
      },
      resource: defaultResource(),
      attributeValueLengthLimit: Infinity,
      delivery: () => [pipeline.stats],
    },
  });
  const run = () =>
    new MockActivityEnvironment().run(activities[HistoryExportActivity.EXPORT], [
      { workflowId: 'wf', runId: 'run-1' },
    ]);
  return { run, received, pipeline };
}

describe('the continuous exporter’s delivery check', () => {
  it('a batch whose spans arrived returns its counts', async () => {
    const { run, received, pipeline } = exportActivity();
    expect(await run()).toMatchObject({ exported: 1, failed: 0, spans: received.length });
    expect(received.length).toBeGreaterThan(50);
    expect(pipeline.flushes).toBeGreaterThan(0);
  });

  it('a batch whose spans a backend refused fails retryably, naming the destination and its error', async () => {
    const { run, pipeline, received } = exportActivity();
    pipeline.refuse = 'HTTP 503';
    const failure = await run().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({
      type: 'SpansNotDelivered',
      nonRetryable: false,
      message: `not delivered: ${received.length} span(s) to otlp (HTTP 503); the batch will be exported again`,
    });

    // While the backend still holds them, the next batch adds nothing to its buffer.
    const before = received.length;
    await expect(run()).rejects.toThrow(
      `not delivered: ${before} span(s) to otlp (HTTP 503); the backend is not taking spans yet`,
    );
    expect(received.length).toBe(before);

    // Once they are through, batches go again.
    pipeline.refuse = undefined;
    pipeline.stats = destination(0, 0);
    expect(await run()).toMatchObject({ exported: 1 });
    expect(received.length).toBeGreaterThan(before);
  });

  it('spans dropped since the last check count once', () => {
    const dropped = new Map([['otlp', 10]]);
    expect(undelivered([destination(0, 10, 'x')], dropped)).toEqual([]);
    expect(undelivered([destination(2, 15, 'x')], dropped)).toEqual(['7 span(s) to otlp (x)']);
    expect(undelivered([destination(0, 3)])).toEqual(['3 span(s) to otlp']);
  });
});
