import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Attributes, SpanStatusCode, type SpanStatus } from '@opentelemetry/api';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import {
  ConsoleTreeExporter,
  CountingExporter,
  FinishedSpan,
  renderTraceTree,
} from '../../src/telemetry/index.js';
import { buildOtlpExporter } from '../../src/telemetry/exporters.js';

const T0 = 1_700_000_000_000;
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const OTHER_TRACE = '5bf92f3577b34da6a3ce929d0e0e4736';
const resource = resourceFromAttributes({ 'service.name': 'trace-tree-test' });

/** Span ids: 16 hex digits derived from a short label. */
const id = (n: number) => n.toString(16).padStart(16, '0');

interface SpanSpec {
  name: string;
  spanId: number;
  parentId?: number;
  start: number;
  duration: number;
  attributes?: Attributes;
  status?: SpanStatus;
  traceId?: string;
}

function span(s: SpanSpec): FinishedSpan {
  const traceId = s.traceId ?? TRACE;
  return new FinishedSpan(
    {
      name: s.name,
      spanContext: { traceId, spanId: id(s.spanId), traceFlags: 1 },
      parentSpanContext:
        s.parentId === undefined
          ? undefined
          : { traceId, spanId: id(s.parentId), traceFlags: 1, isRemote: false },
      startTimeMs: T0 + s.start,
      endTimeMs: T0 + s.start + s.duration,
      status: s.status ?? { code: SpanStatusCode.UNSET },
      attributes: s.attributes ?? {},
    },
    resource,
    { name: 'trace-tree-test' },
  );
}

describe('renderTraceTree', () => {
  // Given out of order on purpose: the renderer must sort by start time.
  const spans = [
    span({
      name: 'tool webSearch',
      spanId: 6,
      parentId: 3,
      start: 60,
      duration: 30,
      attributes: {
        'openinference.span.kind': 'TOOL',
        'temporal.activity.attempt': 2,
        'temporal.activity.next_retry_delay_ms': 4000,
      },
      status: { code: SpanStatusCode.ERROR, message: 'search backend unavailable' },
    }),
    span({
      name: 'agent PlannerAgent',
      spanId: 3,
      parentId: 1,
      start: 50,
      duration: 100,
      attributes: { 'openinference.span.kind': 'AGENT' },
    }),
    span({
      name: 'RunActivity:invokeModel',
      spanId: 9,
      parentId: 99, // lives in another process
      start: 5,
      duration: 40,
    }),
    span({
      name: 'OpenAI Responses',
      spanId: 4,
      parentId: 2,
      start: 12,
      duration: 120,
      attributes: {
        'openinference.span.kind': 'LLM',
        'llm.token_count.total': 1234,
        'llm.cost.total': 0.0021,
      },
    }),
    span({
      name: 'OpenAI Responses (unknown model)',
      spanId: 5,
      parentId: 2,
      start: 14,
      duration: 7,
      attributes: {
        'openinference.span.kind': 'LLM',
        'llm.token_count.total': 10,
        'cost.status': 'unpriced',
      },
    }),
    span({
      name: 'agent SearchAgent',
      spanId: 2,
      parentId: 1,
      start: 10,
      duration: 200,
      attributes: { 'openinference.span.kind': 'AGENT', 'rollup.llm.token_count.total': 1244 },
    }),
    span({
      name: 'RunWorkflow:ResearchWorkflow',
      spanId: 1,
      start: 0,
      duration: 2500,
      attributes: {
        'openinference.span.kind': 'CHAIN',
        'rollup.llm.token_count.total': 1244,
        'rollup.llm.cost.total': 0.0021,
      },
    }),
  ];

  it('renders three levels, siblings by start time, remote parents as top level, tokens, cost and errors', () => {
    expect(renderTraceTree(spans)).toBe(
      [
        `trace ${TRACE}`,
        'RunWorkflow:ResearchWorkflow  [CHAIN]  2.50s  1,244 tok  $0.002100',
        '├─ agent SearchAgent  [AGENT]  200ms  1,244 tok',
        '│  ├─ OpenAI Responses  [LLM]  120ms  1,234 tok  $0.002100',
        '│  └─ OpenAI Responses (unknown model)  [LLM]  7ms  10 tok  (cost unknown)',
        '└─ agent PlannerAgent  [AGENT]  100ms',
        '   └─ tool webSearch  [TOOL]  30ms  attempt 2  ERROR: search backend unavailable  retry in 4.00s',
        'RunActivity:invokeModel  40ms (parent in another process)',
      ].join('\n'),
    );
  });

  it('does not depend on the order the spans arrive in', () => {
    expect(renderTraceTree([...spans].reverse())).toBe(renderTraceTree(spans));
  });

  it('marks only top-level spans whose parent is absent, not true roots', () => {
    const text = renderTraceTree(spans);
    const marked = text.split('\n').filter((line) => line.includes('(parent in another process)'));
    expect(marked).toEqual(['RunActivity:invokeModel  40ms (parent in another process)']);
  });

  it('renders an empty list without throwing', () => {
    expect(renderTraceTree([])).toBe('trace (empty)');
  });
});

describe('ConsoleTreeExporter', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const traceA = [
    span({ name: 'a-root', spanId: 1, start: 0, duration: 10 }),
    span({ name: 'a-child', spanId: 2, parentId: 1, start: 1, duration: 5 }),
  ];
  const traceB = [span({ name: 'b-root', spanId: 3, start: 0, duration: 10, traceId: OTHER_TRACE })];

  function exportNow(exporter: SpanExporter, spans: ReadableSpan[]): ExportResult {
    let result: ExportResult | undefined;
    exporter.export(spans, (r) => (result = r));
    if (!result) throw new Error('export did not call back synchronously');
    return result;
  }

  it('prints one tree per trace once the trace has been quiet for quietMillis', () => {
    vi.useFakeTimers();
    const printed: string[] = [];
    const exporter = new ConsoleTreeExporter((text) => printed.push(text), 50);

    expect(exportNow(exporter, [traceA[0], traceB[0]]).code).toBe(ExportResultCode.SUCCESS);
    vi.advanceTimersByTime(30);
    exportNow(exporter, [traceA[1]]); // trace A is still active: its quiet period restarts
    expect(printed).toEqual([]);

    vi.advanceTimersByTime(20); // t=50: B has been quiet for 50ms, A for 20ms
    expect(printed).toEqual([renderTraceTree(traceB)]);

    vi.advanceTimersByTime(29); // t=79
    expect(printed).toHaveLength(1);
    vi.advanceTimersByTime(1); // t=80
    expect(printed).toEqual([renderTraceTree(traceB), renderTraceTree(traceA)]);
    expect(printed[1]).toContain('└─ a-child');

    vi.advanceTimersByTime(1_000);
    expect(printed).toHaveLength(2);
  });

  it('prints with real timers too', async () => {
    const printed: string[] = [];
    const exporter = new ConsoleTreeExporter((text) => printed.push(text), 10);
    exportNow(exporter, traceA);
    expect(printed).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(printed).toEqual([renderTraceTree(traceA)]);
  });

  it('forceFlush prints every pending trace at once, and the timers then print nothing more', async () => {
    vi.useFakeTimers();
    const printed: string[] = [];
    const exporter = new ConsoleTreeExporter((text) => printed.push(text), 10_000);
    exportNow(exporter, [...traceA, ...traceB]);
    await exporter.forceFlush();
    expect(printed.sort()).toEqual([renderTraceTree(traceA), renderTraceTree(traceB)].sort());
    vi.advanceTimersByTime(20_000);
    expect(printed).toHaveLength(2);
    await exporter.forceFlush();
    expect(printed).toHaveLength(2);
  });

  it('shutdown flushes pending traces', async () => {
    const printed: string[] = [];
    const exporter = new ConsoleTreeExporter((text) => printed.push(text), 10_000);
    exportNow(exporter, traceB);
    await exporter.shutdown();
    expect(printed).toEqual([renderTraceTree(traceB)]);
  });
});

/** An exporter that answers from a script: true = success, false = failure. */
class ScriptedExporter implements SpanExporter {
  shutdowns = 0;
  flushes = 0;
  constructor(
    private readonly script: boolean[],
    private readonly error: Error = new Error('collector said no'),
  ) {}
  export(_spans: ReadableSpan[], done: (r: ExportResult) => void): void {
    const ok = this.script.shift();
    if (ok === undefined) throw new Error('script exhausted');
    done(ok ? { code: ExportResultCode.SUCCESS } : { code: ExportResultCode.FAILED, error: this.error });
  }
  async shutdown(): Promise<void> {
    this.shutdowns++;
  }
  async forceFlush(): Promise<void> {
    this.flushes++;
  }
}

describe('CountingExporter', () => {
  const batch = (n: number) =>
    Array.from({ length: n }, (_, i) => span({ name: `s${i}`, spanId: 100 + i, start: i, duration: 1 }));

  function run(exporter: SpanExporter, n: number): ExportResult {
    let result: ExportResult | undefined;
    exporter.export(batch(n), (r) => (result = r));
    if (!result) throw new Error('no result');
    return result;
  }

  it('counts delivered and failed spans and warns once per failure burst and once on recovery', () => {
    const warnings: string[] = [];
    const exporter = new CountingExporter(
      'collector',
      new ScriptedExporter([true, false, false, false, true, true, false, true]),
      (l) => warnings.push(l),
    );

    expect(run(exporter, 2).code).toBe(ExportResultCode.SUCCESS);
    expect(exporter.stats).toEqual({ destination: 'collector', exportedSpans: 2, failedSpans: 0 });
    expect(warnings).toEqual([]);

    expect(run(exporter, 3).code).toBe(ExportResultCode.FAILED);
    run(exporter, 1);
    run(exporter, 4);
    expect(exporter.stats).toMatchObject({
      exportedSpans: 2,
      failedSpans: 8,
      lastError: 'collector said no',
    });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('collector');
    expect(warnings[0]).toContain('failed');
    expect(warnings[0]).toContain('collector said no');
    expect(warnings[0]).toContain('3 span(s)');

    run(exporter, 5);
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toMatch(/collector.*recovered/);
    run(exporter, 1);
    expect(warnings).toHaveLength(2);
    expect(exporter.stats).toMatchObject({ exportedSpans: 8, failedSpans: 8 });

    run(exporter, 2); // a new burst
    expect(warnings).toHaveLength(3);
    expect(warnings[2]).toContain('10 span(s)');
    run(exporter, 1);
    expect(warnings).toHaveLength(4);
    expect(warnings[3]).toContain('recovered');
    for (const w of warnings) expect(w).not.toContain('\n');
  });

  it('keeps only the first line of an error, so response bodies are not printed', () => {
    const warnings: string[] = [];
    const error = new Error('Bad Request\nbody: {"echo":{"authorization":"Basic sk-PLANTED-SECRET-123"}}');
    const exporter = new CountingExporter('ingest', new ScriptedExporter([false], error), (l) =>
      warnings.push(l),
    );
    run(exporter, 1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('Bad Request');
    expect(warnings[0]).not.toContain('sk-PLANTED-SECRET-123');
    expect(exporter.stats.lastError).toBe('Bad Request');
  });

  it('delegates shutdown and forceFlush to the wrapped exporter', async () => {
    const inner = new ScriptedExporter([]);
    const exporter = new CountingExporter('x', inner, () => {});
    await exporter.forceFlush();
    await exporter.shutdown();
    expect(inner.flushes).toBe(1);
    expect(inner.shutdowns).toBe(1);
  });

  describe('around a real OTLP exporter whose backend rejects the credentials', () => {
    const SECRET = 'sk-PLANTED-SECRET-123';
    let server: Server | undefined;

    afterEach(async () => {
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server = undefined;
    });

    it('warns once, naming the destination, with no header value in the message', async () => {
      const seen: IncomingHttpHeaders[] = [];
      server = createServer((req, res) => {
        seen.push(req.headers);
        req.resume();
        req.on('end', () => {
          // A hostile or chatty backend that echoes the credentials back.
          res.writeHead(401, { 'content-type': 'text/plain' });
          res.end(
            `invalid credentials: ${String(req.headers.authorization)} / ${String(req.headers['x-api-key'])}`,
          );
        });
      });
      await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;

      const warnings: string[] = [];
      const inner = buildOtlpExporter({
        name: 'ingest',
        url: `http://127.0.0.1:${port}/api/public/otel/v1/traces`,
        protocol: 'http/protobuf',
        compression: 'none',
        headers: { Authorization: `Basic ${SECRET}`, 'x-api-key': `key-${SECRET}` },
        timeoutMillis: 5_000,
      });
      const exporter = new CountingExporter('ingest', inner, (l) => warnings.push(l));

      for (let i = 0; i < 2; i++) {
        const result = await new Promise<ExportResult>((resolve) => exporter.export(batch(2), resolve));
        expect(result.code).toBe(ExportResultCode.FAILED);
      }
      await exporter.shutdown();

      expect(seen.length).toBeGreaterThanOrEqual(2);
      expect(seen[0].authorization).toBe(`Basic ${SECRET}`); // the secret really was sent
      expect(exporter.stats).toMatchObject({ destination: 'ingest', exportedSpans: 0, failedSpans: 4 });
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('ingest');
      expect(warnings[0]).not.toContain(SECRET);
      expect(exporter.stats.lastError ?? '').not.toContain(SECRET);
    });
  });
});
