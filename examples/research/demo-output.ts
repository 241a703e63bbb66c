import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { hrTimeToMilliseconds } from '@opentelemetry/core';
import type { Telemetry } from '../../src/index.js';
import { TemporalAttr, TimeTotalAttr } from '../../src/semconv.js';
import type { ResearchReport } from './shared.js';

const say = (line: string) => process.stdout.write(line + '\n');

/** The report's summary, follow-ups and totals. */
export function printReport(report: ResearchReport): void {
  if (report.status === 'rejected') {
    say(`\nplan rejected: ${report.rejectionReason}`);
    return;
  }
  say(`\n== Summary ==\n${report.shortSummary}`);
  say(`\n== Follow-up questions ==\n${report.followUpQuestions.map((q) => `- ${q}`).join('\n')}`);
  const u = report.usage;
  const unpriced = u.unpricedCalls ? ` (${u.unpricedCalls} call(s) of unknown price left out)` : '';
  say(
    `\n${report.searches.length} searches, ${u.calls} LLM calls, ${u.totalTokens.toLocaleString('en-US')} tokens, ` +
      `estimated cost $${u.cost.total.toFixed(5)}${unpriced}`,
  );
}

/**
 * Where the run's time went, from its trace: the run's length, time in model
 * calls, tools and human review (summed over calls, so parallel calls add up),
 * and how long its activities and workflow tasks waited in Temporal's task queues.
 */
export function printTimeBreakdown(spans: readonly ReadableSpan[]): void {
  const run = spans.find((s) => s.name.startsWith('RunWorkflow:'));
  if (!run) return;
  const ms = (v: unknown) => (typeof v === 'number' ? v : 0);
  const queued = spans.reduce((sum, s) => sum + ms(s.attributes[TemporalAttr.ACTIVITY_QUEUE_WAIT_MS]), 0);
  const seconds = (v: number) => `${(v / 1000).toFixed(2)} s`;
  // Present when the worker read the run's history (the plugin's historyTimings).
  const taskQueuedAttr = run.attributes[TemporalAttr.WORKFLOW_TASK_QUEUE_WAIT_MS];
  const taskQueued = typeof taskQueuedAttr === 'number' ? taskQueuedAttr : undefined;
  say(
    `
time: run ${seconds(hrTimeToMilliseconds(run.duration))}; model calls ${seconds(ms(run.attributes[TimeTotalAttr.MODEL_MS]))}, ` +
      `tools ${seconds(ms(run.attributes[TimeTotalAttr.TOOL_MS]))}, human review ${seconds(ms(run.attributes[TimeTotalAttr.HUMAN_MS]))}, ` +
      `activities queued ${seconds(queued)} (summed over calls)` +
      (taskQueued === undefined ? '' : `, workflow tasks queued ${seconds(taskQueued)}`),
  );
}

/** Where to look next: the trace id and links to the Temporal UI and Jaeger. */
export function printLinks(o: {
  traceId?: string;
  workflowId: string;
  runId: string;
  namespace: string;
  uiUrl?: string;
  telemetry: Telemetry;
}): void {
  say(`\ntrace id: ${o.traceId ?? '(not recorded: sampling is off)'}`);
  if (o.uiUrl)
    say(`temporal ui: ${o.uiUrl}/namespaces/${o.namespace}/workflows/${o.workflowId}/${o.runId}/history`);
  const jaeger =
    process.env.JAEGER_UI_URL ??
    (o.telemetry.config.destinations.some((d) => d.name === 'otlp') ? 'http://localhost:16686' : undefined);
  if (jaeger && o.traceId) say(`jaeger: ${jaeger.replace(/\/+$/, '')}/trace/${o.traceId}`);
  const stats = o.telemetry.exportStats();
  for (const s of stats) {
    say(
      `export to ${s.destination}: ${s.exportedSpans} spans delivered${s.failedSpans ? `, ${s.failedSpans} failed (${s.lastError})` : ''}`,
    );
  }
}
