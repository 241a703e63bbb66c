import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { expect } from 'vitest';
import { duplicateIds, orphans, parentOf } from './spans.js';

const kind = (s: ReadableSpan) => s.attributes['openinference.span.kind'];

/** Nearest ancestor (or self) whose name starts with `prefix`. */
export function ancestor(
  spans: readonly ReadableSpan[],
  span: ReadableSpan,
  prefix: string,
): ReadableSpan | undefined {
  for (let s: ReadableSpan | undefined = span; s; s = parentOf(spans, s))
    if (s.name.startsWith(prefix)) return s;
  return undefined;
}

/**
 * The trace contract of shared/DESIGN.md for one research run, as far as a
 * single trace's spans can show it. Returns handy groups for further checks.
 */
export function assertResearchTrace(
  spans: readonly ReadableSpan[],
  searches: number,
  /** The workflow type, and the root span's name when something other than StartWorkflow starts the trace. */
  options: { workflowType?: string; root?: string } = {},
) {
  const type = options.workflowType ?? 'ResearchWorkflow';
  expect(new Set(spans.map((s) => s.spanContext().traceId)).size).toBe(1);
  expect(orphans(spans).map((s) => s.name)).toEqual([]);
  expect(duplicateIds(spans)).toEqual([]);
  const roots = spans.filter((s) => !s.parentSpanContext);
  expect(roots.map((s) => s.name)).toEqual([options.root ?? `StartWorkflow:${type}`]);
  const runs = spans.filter((s) => s.name === `RunWorkflow:${type}`);
  expect(runs).toHaveLength(1);
  const run = runs[0];
  const start = spans.filter((s) => s.name === `StartWorkflow:${type}`);
  expect(start).toHaveLength(1);
  expect(parentOf(spans, run)).toBe(start[0]);

  const agents = spans.filter((s) => kind(s) === 'AGENT');
  const named = (n: string) => agents.filter((a) => a.attributes['agent.name'] === n);
  expect(named('PlannerAgent')).toHaveLength(1);
  expect(named('WriterAgent')).toHaveLength(1);
  expect(named('SearchAgent')).toHaveLength(searches);
  for (const agent of agents) expect(parentOf(spans, agent)).toBe(run);

  const llms = spans.filter((s) => kind(s) === 'LLM');
  for (const llm of llms) {
    expect(parentOf(spans, llm)?.name).toBe('RunActivity:invokeModel');
    expect(llm.attributes['llm.token_count.prompt']).toBeGreaterThan(0);
    expect(llm.attributes['llm.token_count.completion']).toBeGreaterThan(0);
    expect(ancestor(spans, llm, 'agent ')).toBeDefined();
  }
  for (const search of named('SearchAgent')) {
    const under = llms.filter((l) => ancestor(spans, l, 'agent ') === search);
    expect(under.length).toBeGreaterThanOrEqual(2);
    const tools = spans.filter((s) => kind(s) === 'TOOL' && parentOf(spans, s) === search);
    expect(tools.length).toBeGreaterThanOrEqual(1);
    for (const tool of tools) {
      const startActivity = spans.find(
        (s) => parentOf(spans, s) === tool && s.name === 'StartActivity:webSearch',
      );
      expect(startActivity, 'tool span has its activity beneath').toBeDefined();
      expect(
        spans.some((s) => parentOf(spans, s) === startActivity && s.name === 'RunActivity:webSearch'),
      ).toBe(true);
    }
  }
  // Backends sum these over every span of a trace: only LLM spans may carry them.
  for (const span of spans.filter((s) => kind(s) !== 'LLM')) {
    const summed = Object.keys(span.attributes).filter((k) =>
      /^(llm\.cost\.|llm\.token_count\.|gen_ai\.usage\.)/.test(k),
    );
    expect(summed, `${span.name} carries summed attributes`).toEqual([]);
  }
  return { run, agents, llms };
}
