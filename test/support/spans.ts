import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

/** Helpers for asserting on exported spans. */
export function byName(spans: readonly ReadableSpan[], prefix: string): ReadableSpan[] {
  return spans.filter(
    (s) => s.name === prefix || s.name.startsWith(prefix + ':') || s.name.startsWith(prefix),
  );
}

export function one(spans: readonly ReadableSpan[], name: string): ReadableSpan {
  const found = spans.filter((s) => s.name === name);
  if (found.length !== 1)
    throw new Error(
      `expected exactly one span "${name}", found ${found.length}: ${spans.map((s) => s.name).join(', ')}`,
    );
  return found[0];
}

export function parentOf(spans: readonly ReadableSpan[], span: ReadableSpan): ReadableSpan | undefined {
  const parentId = span.parentSpanContext?.spanId;
  return spans.find((s) => s.spanContext().spanId === parentId);
}

/** Span ids whose parent id does not resolve inside the set. */
export function orphans(spans: readonly ReadableSpan[]): ReadableSpan[] {
  const ids = new Set(spans.map((s) => s.spanContext().spanId));
  return spans.filter((s) => s.parentSpanContext && !ids.has(s.parentSpanContext.spanId));
}

export function duplicateIds(spans: readonly ReadableSpan[]): string[] {
  const seen = new Set<string>();
  const dups: string[] = [];
  for (const s of spans) {
    const id = s.spanContext().spanId;
    if (seen.has(id)) dups.push(id);
    seen.add(id);
  }
  return dups;
}

export function spansOfTrace(spans: readonly ReadableSpan[], traceId: string): ReadableSpan[] {
  return spans.filter((s) => s.spanContext().traceId === traceId);
}

/** The RunActivity spans under a StartActivity span, in attempt order. */
export function attemptsUnder(spans: readonly ReadableSpan[], start: ReadableSpan): ReadableSpan[] {
  const attempt = (s: ReadableSpan) => Number(s.attributes['temporal.activity.attempt']);
  return spans.filter((s) => parentOf(spans, s) === start).sort((a, b) => attempt(a) - attempt(b));
}
