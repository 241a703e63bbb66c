// The OpenInference hiding switches on a whole research run: no exported span
// (ours, the sandbox's or the OpenAI instrumentation's LLM spans) carries the
// user's text, while token counts and cost stay.
import { describe, expect, it } from 'vitest';
import { useResearchSuite } from '../support/research-suite.js';
import { runTraceInMemory } from '../support/research.js';

const MARKER = 'Zebrafinch';
const suite = useResearchSuite('privacy-run', {
  env: () => ({ OPENINFERENCE_HIDE_INPUTS: 'true', OPENINFERENCE_HIDE_OUTPUTS: 'true' }),
});

describe('OPENINFERENCE_HIDE_INPUTS and _OUTPUTS on a research run', () => {
  it('no exported span carries the query or anything derived from it', async () => {
    const { h, taskQueue } = suite;
    const workflowId = `privacy-${taskQueue}`;
    const report = await h.client.workflow.execute('ResearchWorkflow', {
      taskQueue,
      workflowId,
      args: [{ query: `What do ${MARKER} songs teach us about durable agents?` }],
    });
    // The run did carry the text: the model saw it and wrote it into the report.
    expect(JSON.stringify(report)).toContain(MARKER);
    const { spans } = await runTraceInMemory(h, workflowId);
    expect(spans.length).toBeGreaterThan(40);
    const leaks = spans.flatMap((s) =>
      [
        ...Object.entries(s.attributes).map(([k, v]) => [k, v] as const),
        ...s.events.flatMap((e) => Object.entries(e.attributes ?? {})),
        ['status.message', s.status.message] as const,
        ['name', s.name] as const,
      ]
        .filter(([, v]) =>
          JSON.stringify(v ?? '')
            .toLowerCase()
            .includes(MARKER.toLowerCase()),
        )
        .map(([k]) => `${s.name}: ${k}`),
    );
    expect(leaks).toEqual([]);
    const llms = spans.filter((s) => s.attributes['openinference.span.kind'] === 'LLM');
    expect(llms.length).toBeGreaterThanOrEqual(12);
    for (const llm of llms) {
      expect(llm.attributes['input.value']).toBe('__REDACTED__');
      expect(llm.attributes['llm.token_count.total']).toBeGreaterThan(0);
      expect(llm.attributes['llm.cost.total']).toBeGreaterThan(0);
    }
  });
});
