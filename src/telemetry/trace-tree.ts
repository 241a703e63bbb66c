import { hrTimeToMilliseconds } from '@opentelemetry/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { ROLLUP_LLM_COST_TOTAL, ROLLUP_LLM_TOKEN_COUNT_TOTAL } from '../common/rollup-attributes.js';
import { CostAttr, OpenInferenceAttr, TemporalAttr, TimeTotalAttr } from '../common/semconv.js';

/** Renders one trace's spans as an indented tree with duration, tokens and cost. */
export function renderTraceTree(spans: readonly ReadableSpan[]): string {
  const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
  const children = new Map<string, ReadableSpan[]>();
  const roots: ReadableSpan[] = [];
  for (const span of spans) {
    const parentId = span.parentSpanContext?.spanId;
    if (parentId && byId.has(parentId)) {
      const list = children.get(parentId) ?? [];
      list.push(span);
      children.set(parentId, list);
    } else roots.push(span);
  }
  const byStart = (a: ReadableSpan, b: ReadableSpan) =>
    hrTimeToMilliseconds(a.startTime) - hrTimeToMilliseconds(b.startTime);

  const lines = [`trace ${spans[0]?.spanContext().traceId ?? '(empty)'}`];
  const walk = (span: ReadableSpan, prefix: string, last: boolean, top: boolean) => {
    const branch = top ? '' : last ? '└─ ' : '├─ ';
    const remote = top && span.parentSpanContext ? ' (parent in another process)' : '';
    lines.push(prefix + branch + describeSpan(span) + remote);
    const kids = (children.get(span.spanContext().spanId) ?? []).sort(byStart);
    const nextPrefix = top ? prefix : prefix + (last ? '   ' : '│  ');
    kids.forEach((kid, i) => walk(kid, nextPrefix, i === kids.length - 1, false));
  };
  roots.sort(byStart).forEach((root) => walk(root, '', true, true));
  return lines.join('\n');
}

/** One line for a span: name, kind, duration, tokens, cost, error. */
export function describeSpan(span: ReadableSpan): string {
  const a = span.attributes;
  const parts = [span.name];
  const kind = a[OpenInferenceAttr.SPAN_KIND];
  if (kind) parts.push(`[${String(kind)}]`);
  parts.push(formatDuration(hrTimeToMilliseconds(span.duration)));
  const tokens = a[OpenInferenceAttr.LLM_TOKEN_COUNT_TOTAL] ?? a[ROLLUP_LLM_TOKEN_COUNT_TOTAL];
  if (typeof tokens === 'number' && tokens > 0) parts.push(`${tokens.toLocaleString('en-US')} tok`);
  const cost = a[OpenInferenceAttr.LLM_COST_TOTAL] ?? a[ROLLUP_LLM_COST_TOTAL];
  if (typeof cost === 'number' && cost > 0) parts.push(`$${cost.toFixed(6)}`);
  if (a[CostAttr.STATUS] === 'unpriced') parts.push('(cost unknown)');
  const queued = a[TemporalAttr.ACTIVITY_QUEUE_WAIT_MS];
  if (typeof queued === 'number' && queued >= 1) parts.push(`queued ${formatDuration(queued)}`);
  const totals = (
    [
      ['model', a[TimeTotalAttr.MODEL_MS]],
      ['tools', a[TimeTotalAttr.TOOL_MS]],
      ['queue', a[TimeTotalAttr.QUEUE_MS]],
      ['human', a[TimeTotalAttr.HUMAN_MS]],
    ] as const
  ).filter(([, ms]) => typeof ms === 'number' && ms > 0);
  if (totals.length)
    parts.push(`(${totals.map(([k, ms]) => `${k} ${formatDuration(ms as number)}`).join(', ')})`);
  const attempt = a[TemporalAttr.ACTIVITY_ATTEMPT];
  if (typeof attempt === 'number' && attempt > 1) parts.push(`attempt ${attempt}`);
  if (span.status.code === 2)
    parts.push(`ERROR${span.status.message ? `: ${span.status.message.slice(0, 80)}` : ''}`);
  const retryIn = a[TemporalAttr.ACTIVITY_NEXT_RETRY_DELAY_MS];
  if (typeof retryIn === 'number') parts.push(`retry in ${formatDuration(retryIn)}`);
  return parts.join('  ');
}

function formatDuration(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)}s` : `${Math.round(ms)}ms`;
}
