// Runs that go under another run's span when exported from history, in shapes
// no recorded history has: a child that outlives its parent, a child that
// continues as new, a child that was still running when its parent was
// exported. Each must be exported once, into its parent's trace.
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { HistoryExporter } from '../../src/history/history-exporter.js';
import { emptySummary } from '../../src/history/export-summary.js';
import { HistoryJson, keepingTarget, servingClient, traceHeader } from '../support/history-json.js';
import { orphans, parentOf } from '../support/spans.js';

/** Parent P (run p1) starts child C at 1 s; the child's first run is `childRunId`. */
function parentOfChild(childRunId = 'c1'): { parent: HistoryJson; initiated: number } {
  const parent = new HistoryJson('P', 'p1', 'Parent');
  parent.task(1);
  const initiated = parent.startChild(1, { workflowId: 'C', type: 'Child', runId: childRunId });
  return { parent, initiated };
}

function childRun(
  runId: string,
  initiated: number,
  started: Record<string, unknown> = {},
  workflowId = 'C',
): HistoryJson {
  const child = new HistoryJson(workflowId, runId, 'Child', {
    parentWorkflowExecution: { workflowId: 'P', runId: 'p1' },
    parentInitiatedEventId: String(initiated),
    ...started,
  });
  child.task(3);
  return child;
}

/** Parent P terminated at 20 s, its child C (run c1) terminated by the parent close policy at 21 s. */
function outlivingChild(): { parent: HistoryJson; initiated: number; child: HistoryJson } {
  const { parent, initiated } = parentOfChild();
  parent.add(20, 'workflowExecutionTerminated', { reason: 'stuck' });
  const child = childRun('c1', initiated);
  child.add(21, 'workflowExecutionTerminated', { reason: 'by parent close policy' });
  return { parent, initiated, child };
}

function exporterOver(runs: HistoryJson[], listed?: HistoryJson[]) {
  const { spans, target } = keepingTarget();
  const exporter = new HistoryExporter({ client: servingClient(runs, listed), target, temporalUiUrl: '' });
  return { exporter, spans };
}

const runSpans = (spans: ReadableSpan[], type: string) =>
  spans.filter((s) => s.name === `RunWorkflow:${type}`);

/** The child's RunWorkflow spans hang under the parent's StartChildWorkflow span, in its trace. */
function expectNested(spans: ReadableSpan[], childRuns: number) {
  const startChild = spans.find((s) => s.name === 'StartChildWorkflow:Child')!;
  const children = runSpans(spans, 'Child');
  expect(children.map((s) => s.attributes['temporal.run.id']).sort()).toHaveLength(childRuns);
  for (const child of children) {
    expect(parentOf(spans, child)).toBe(startChild);
    expect(child.spanContext().traceId).toBe(startChild.spanContext().traceId);
  }
  expect(orphans(spans)).toEqual([]);
}

describe('a child that closed after its parent (terminated by the parent close policy)', () => {
  const { parent, child } = outlivingChild();

  it('is exported once, under its parent, whichever of the two a listing reaches first', async () => {
    for (const listed of [
      [child, parent],
      [parent, child],
    ]) {
      const { exporter, spans } = exporterOver([parent, child], listed);
      const summary = await exporter.exportQuery('any');
      expect(summary.failed).toEqual([]);
      expect(summary.exported).toBe(2);
      expect(summary.skipped).toEqual({ 'exported already': 1 });
      expectNested(spans, 1);
      expect(runSpans(spans, 'Child')[0].attributes['temporal.outcome']).toBe('terminated');
    }
  });

  it('is exported with its parent when a listing holds the parent only (a query on its type)', async () => {
    const { exporter, spans } = exporterOver([parent, child], [parent]);
    const summary = await exporter.exportQuery('WorkflowType = "Parent"');
    expect(summary.exported).toBe(2);
    expectNested(spans, 1);
  });
});

describe('a child that continued as new', () => {
  const { parent, initiated } = parentOfChild('c1');
  parent.add(10, 'childWorkflowExecutionCompleted', {
    initiatedEventId: String(initiated),
    workflowExecution: { workflowId: 'C', runId: 'c2' },
  });
  parent.task(11);
  parent.add(11, 'workflowExecutionCompleted');
  const first = childRun('c1', initiated);
  first.add(5, 'workflowExecutionContinuedAsNew', { newExecutionRunId: 'c2' });
  const second = childRun('c2', initiated, { continuedExecutionRunId: 'c1', firstExecutionRunId: 'c1' });
  second.add(10, 'workflowExecutionCompleted');

  it('has every run exported under its parent, the later run linked to the earlier', async () => {
    const { exporter, spans } = exporterOver([parent, first, second], [second, first, parent]);
    const summary = await exporter.exportQuery('any');
    expect(summary.failed).toEqual([]);
    expect(summary.exported).toBe(3);
    expect(summary.skipped).toEqual({ 'exported with its parent': 2 });
    expectNested(spans, 2);
    const [c1, c2] = ['c1', 'c2'].map(
      (id) => runSpans(spans, 'Child').find((s) => s.attributes['temporal.run.id'] === id)!,
    );
    expect(c1.attributes['temporal.outcome']).toBe('continued_as_new');
    expect(c2.links.map((l) => l.context)).toEqual([
      expect.objectContaining({ traceId: c1.spanContext().traceId, spanId: c1.spanContext().spanId }),
    ]);
  });
});

describe('a child still running when its parent was exported', () => {
  it('is exported under its parent once it has closed and a listing reaches it', async () => {
    const { parent, initiated } = parentOfChild();
    parent.task(5);
    parent.add(5, 'workflowExecutionCompleted');
    const open = childRun('c1', initiated);
    const first = exporterOver([parent, open], [parent]);
    const earlier = await first.exporter.exportQuery('any');
    expect(earlier.exported).toBe(1);
    expect(earlier.skipped).toEqual({ 'still running': 1 });

    const closed = childRun('c1', initiated);
    closed.add(30, 'workflowExecutionCompleted');
    const later = exporterOver([parent, closed], [closed]);
    const summary = await later.exporter.exportQuery('any');
    expect(summary.exported).toBe(1);
    const childSpan = runSpans(later.spans, 'Child')[0];
    const parentTrace = runSpans(first.spans, 'Parent')[0].spanContext().traceId;
    const startChild = first.spans.find((s) => s.name === 'StartChildWorkflow:Child')!;
    expect(childSpan.spanContext().traceId).toBe(parentTrace);
    expect(childSpan.parentSpanContext?.spanId).toBe(startChild.spanContext().spanId);
  });

  it('is exported on its own when its parent is gone (past retention)', async () => {
    const { initiated } = parentOfChild();
    const closed = childRun('c1', initiated);
    closed.add(30, 'workflowExecutionCompleted');
    const { exporter, spans } = exporterOver([closed]);
    const summary = await exporter.exportQuery('any');
    expect(summary.exported).toBe(1);
    expect(runSpans(spans, 'Child')[0].parentSpanContext).toBeUndefined();
  });
});

describe('malformed histories', () => {
  it('stop a chain of continued runs that comes back to a run already exported', async () => {
    const { parent, initiated } = parentOfChild('c1');
    parent.task(11);
    parent.add(11, 'workflowExecutionCompleted');
    const looping = childRun('c1', initiated);
    looping.add(5, 'workflowExecutionContinuedAsNew', { newExecutionRunId: 'c1' });
    const { exporter, spans } = exporterOver([parent, looping], [parent]);
    const summary = await exporter.exportQuery('any');
    expect(summary.exported).toBe(2);
    expectNested(spans, 1);
  });

  it('fail a run whose parents form a cycle, in one line, instead of reading forever', async () => {
    const a = new HistoryJson('A', 'a1', 'Loop', {
      parentWorkflowExecution: { workflowId: 'B', runId: 'b1' },
      parentInitiatedEventId: '5',
    });
    const b = new HistoryJson('B', 'b1', 'Loop', {
      parentWorkflowExecution: { workflowId: 'A', runId: 'a1' },
      parentInitiatedEventId: '5',
    });
    for (const run of [a, b]) {
      run.task(1);
      run.add(2, 'workflowExecutionCompleted');
    }
    const { exporter } = exporterOver([a, b], [a]);
    const summary = await exporter.exportQuery('any');
    expect(summary.failed).toEqual([
      { run: 'A/a1', reason: expect.stringMatching(/^more than 64 runs above .* \(parents in a cycle\?\)$/) },
    ]);
  });
});

describe('a child that closed after its parent, in passes and placements other than the plain one', () => {
  const { parent, initiated, child } = outlivingChild();

  it('is exported again by a new pass (a retried batch of the continuous exporter), once within each', async () => {
    const { exporter, spans } = exporterOver([parent, child]);
    for (let pass = 1; pass <= 2; pass++) {
      const summary = emptySummary();
      await exporter.exportRun({ workflowId: 'C', runId: 'c1' }, { listed: true, summary });
      await exporter.exportRun({ workflowId: 'P', runId: 'p1' }, { listed: true, summary });
      expect(summary.exported, `pass ${pass}`).toBe(2);
      expect(summary.skipped, `pass ${pass}`).toEqual({ 'exported already': 1 });
    }
    expect(runSpans(spans, 'Child')).toHaveLength(2); // one per pass, with the same ids
    expect(new Set(runSpans(spans, 'Child').map((s) => s.spanContext().spanId)).size).toBe(1);
  });

  it('under a parent traced live by Temporal’s interceptors (enrich), is exported once', async () => {
    const live = `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`;
    const traced = new HistoryJson('P', 'p1', 'Parent');
    traced.task(1);
    const at = traced.startChild(1, {
      workflowId: 'C',
      type: 'Child',
      runId: 'c1',
      header: traceHeader(live),
    });
    traced.add(20, 'workflowExecutionTerminated', { reason: 'stuck' });
    const joined = childRun('c1', at, { header: traceHeader(live) });
    joined.add(21, 'workflowExecutionTerminated', { reason: 'by parent close policy' });
    const { spans, target } = keepingTarget();
    const exporter = new HistoryExporter({
      client: servingClient([traced, joined], [joined, traced]),
      target,
      temporalUiUrl: '',
      workerTracedRuns: 'enrich',
    });
    const summary = await exporter.exportQuery('any');
    expect(summary.failed).toEqual([]);
    expect(summary.skipped).toEqual({ 'exported already': 1 });
    const childSpans = runSpans(spans, 'Child');
    expect(childSpans).toHaveLength(1);
    expect(childSpans[0].spanContext().traceId).toBe('a'.repeat(32));
  });

  it('is left out with a parent the operator left out, and says so, whenever it closed', async () => {
    const clientTrace = `00-${'c'.repeat(32)}-${'d'.repeat(16)}-01`;
    const started = new HistoryJson('P', 'p1', 'Parent', { header: traceHeader(clientTrace) });
    started.events.push(...parent.events.slice(1));
    const early = childRun('c1', initiated);
    early.add(10, 'workflowExecutionCompleted');
    for (const listed of [child, early]) {
      const skipping = new HistoryExporter({
        client: servingClient([started, listed], [listed]),
        target: keepingTarget().target,
        temporalUiUrl: '',
        tracedRuns: 'skip',
      });
      const summary = await skipping.exportQuery('any');
      expect(summary.skipped).toEqual({ 'left out with its parent: started by a traced client': 1 });
    }
  });

  it('fails in one line naming its parent when the parent cannot be read, so it can be exported again', async () => {
    const unavailable = Object.assign(new Error('14 UNAVAILABLE: connection reset\nmore'), { code: 14 });
    const { spans, target } = keepingTarget();
    const exporter = new HistoryExporter({
      client: servingClient([parent, child], [child], { 'P/p1': unavailable }),
      target,
      temporalUiUrl: '',
    });
    const summary = await exporter.exportQuery('any');
    expect(summary.failed).toEqual([
      { run: 'C/c1', reason: 'cannot read its parent P/p1: 14 UNAVAILABLE: connection reset' },
    ]);
    expect(spans).toEqual([]);
  });
});

describe('a run that names itself as its own child (a malformed history)', () => {
  it('fails after 64 levels instead of exporting forever', async () => {
    const selfish = new HistoryJson('P', 'p1', 'Parent');
    selfish.task(1);
    selfish.startChild(1, { workflowId: 'P', type: 'Parent', runId: 'p1' });
    selfish.task(3);
    selfish.add(3, 'workflowExecutionCompleted');
    const { exporter } = exporterOver([selfish]);
    const summary = await exporter.exportRun({ workflowId: 'P', runId: 'p1' });
    expect(summary.failed).toEqual([
      { run: 'P/p1', reason: 'more than 64 levels of child runs (a run named as a child of itself?)' },
    ]);
  });
});

describe('children listed with their parent (a fan-out)', () => {
  it('read the parent once for all of them in a pass, and again in the next pass', async () => {
    const parent = new HistoryJson('P', 'p1', 'Parent');
    parent.task(1);
    const children = [0, 1, 2, 3].map((i) => {
      const initiated = parent.startChild(1, { workflowId: `C${i}`, type: 'Child', runId: `c${i}` });
      const child = childRun(`c${i}`, initiated, {}, `C${i}`);
      child.add(5, 'workflowExecutionCompleted');
      return child;
    });
    parent.task(6);
    parent.add(10, 'workflowExecutionCompleted');
    const reads = new Map<string, number>();
    const [c0, c1, c2, c3] = children;
    const client = servingClient([parent, ...children], [c0, c1, parent, c2, c3], {}, reads);
    const { spans, target } = keepingTarget();
    // One run at a time: runs placed at once each read the parent before either has placed it.
    const exporter = new HistoryExporter({ client, target, temporalUiUrl: '', concurrency: 1 });

    const summary = await exporter.exportQuery('any');
    expect(summary.failed).toEqual([]);
    expect(summary.exported).toBe(5);
    expect(summary.skipped).toEqual({ 'exported with its parent': 4 });
    expect(runSpans(spans, 'Child')).toHaveLength(4);
    // Its own export reads it once; the first child's placement once, for all four.
    expect(reads.get('P/p1')).toBe(2);

    await exporter.exportQuery('any');
    expect(reads.get('P/p1')).toBe(4);
  });
});
