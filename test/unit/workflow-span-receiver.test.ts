import type { Context } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type Span,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { setupTelemetry, type Telemetry } from '../../src/telemetry/index.js';
import { spanTargetResolver, workflowSpanSinks } from '../../src/worker/index.js';
import { PendingRunSpans } from '../../src/worker/workflow-span-receiver.js';
import type { SerializedSpan } from '../../src/common/sink.js';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';

/** A span processor that throws for spans of one name, as a faulty user processor might. */
class ThrowingProcessor implements SpanProcessor {
  constructor(private readonly badName: string) {}
  onStart(_span: Span, _ctx: Context): void {}
  onEnd(span: ReadableSpan): void {
    if (span.name === this.badName) throw new Error(`processor refused ${span.name}`);
  }
  forceFlush = () => Promise.resolve();
  shutdown = () => Promise.resolve();
}

function span(name: string, spanId: string, traceFlags = 1): SerializedSpan {
  return {
    name,
    traceId: TRACE_ID,
    spanId,
    parentIsRemote: false,
    traceFlags,
    startTimeMs: 1_700_000_000_000,
    endTimeMs: 1_700_000_000_050,
    attributes: { 'temporal.workflow.id': 'wf-1' },
    status: { code: 1 },
    events: [],
    links: [],
  };
}

let telemetry: Telemetry | undefined;
afterEach(async () => {
  await telemetry?.shutdown();
  telemetry = undefined;
});

function receiver(badName = 'none') {
  const memory = new InMemorySpanExporter();
  const t = setupTelemetry({
    env: { OTEL_TRACES_EXPORTER: 'none', OTEL_SERVICE_NAME: 'receiver-test' },
    spanProcessors: [new ThrowingProcessor(badName), new SimpleSpanProcessor(memory)],
    handleSignals: false,
    instrumentOpenAI: false,
  });
  telemetry = t;
  const sink = workflowSpanSinks(spanTargetResolver({ telemetry: t })).agentTracing.exportSpans;
  const send = (spans: SerializedSpan[]) => sink.fn({} as never, spans);
  const names = async () => {
    await t.forceFlush();
    return memory.getFinishedSpans().map((s) => s.name);
  };
  return { sink, send, names };
}

describe('workflowSpanSinks (the host end of the sandbox sink)', () => {
  it('exports every sampled span of an activation once, and is never called during replay', async () => {
    const { sink, send, names } = receiver();
    expect(sink.callDuringReplay).toBe(false);
    await send([span('StartActivity:a', '00000000000000a1'), span('agent planner', '00000000000000a2')]);
    // A task run twice sends the same ids again; an unsampled span is not exported.
    await send([span('StartActivity:a', '00000000000000a1'), span('unsampled', '00000000000000a3', 0)]);
    expect(await names()).toEqual(['StartActivity:a', 'agent planner']);
  });

  it('still exports the rest of an activation when one span fails, and rethrows for Temporal to log', async () => {
    const { send, names } = receiver('tool broken');
    const batch = [
      span('StartActivity:a', '00000000000000b1'),
      span('tool broken', '00000000000000b2'),
      span('agent writer', '00000000000000b3'),
    ];
    await expect(async () => send(batch)).rejects.toThrow('processor refused tool broken');
    expect(await names()).toEqual(['StartActivity:a', 'agent writer']);
  });

  it('forgets the oldest span ids past its 20,000-id window, and only those', async () => {
    const { send, names } = receiver();
    const id = (i: number) => i.toString(16).padStart(16, '0');
    await send([span('first', id(1))]);
    // 20,000 more ids push the first one out of the window; the newest stay in it.
    await send(Array.from({ length: 20_000 }, (_, i) => span('filler', id(i + 2))));
    await send([span('first', id(1)), span('newest', id(20_001))]);
    const exported = await names();
    expect(exported.filter((n) => n === 'first')).toHaveLength(2);
    expect(exported.filter((n) => n === 'newest')).toHaveLength(0); // id 20,001 was a filler, still remembered
  });

  it('holds RunWorkflow for its history timings, and exports it without them when the read fails', async () => {
    const memory = new InMemorySpanExporter();
    telemetry = setupTelemetry({
      env: { OTEL_TRACES_EXPORTER: 'none', OTEL_SERVICE_NAME: 'receiver-test' },
      spanProcessors: [new SimpleSpanProcessor(memory)],
      handleSignals: false,
      instrumentOpenAI: false,
    });
    const pending = new PendingRunSpans();
    let release!: () => void;
    const read = async (workflowId: string, runId: string) => {
      if (runId === 'broken') throw new Error('history unavailable');
      await new Promise<void>((r) => (release = r));
      return { 'temporal.workflow_task.queue_wait_ms': workflowId === 'wf-1' ? 7 : -1 };
    };
    const sink = workflowSpanSinks(spanTargetResolver({ telemetry }), undefined, { read, pending })
      .agentTracing.exportSpans;
    const run = (spanId: string, runId: string) => ({
      ...span('RunWorkflow:W', spanId),
      attributes: { 'temporal.workflow.id': 'wf-1', 'temporal.run.id': runId },
    });
    sink.fn({} as never, [span('StartActivity:a', '00000000000000c1'), run('00000000000000c2', 'r1')]);
    sink.fn({} as never, [run('00000000000000c3', 'broken')]);
    await telemetry.forceFlush();
    // The activity span goes at once; the failed read's span goes without the figure; one is held.
    expect(
      memory.getFinishedSpans().map((s) => [s.name, s.attributes['temporal.workflow_task.queue_wait_ms']]),
    ).toEqual([
      ['StartActivity:a', undefined],
      ['RunWorkflow:W', undefined],
    ]);
    release();
    await pending.settled();
    const held = memory.getFinishedSpans().find((s) => s.spanContext().spanId === '00000000000000c2');
    expect(held?.attributes['temporal.workflow_task.queue_wait_ms']).toBe(7);
  });
});
