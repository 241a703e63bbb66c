// What each published entry loads. Reads the import graph of src/ (the same
// graph tsc compiles into dist/), skipping type-only imports, which vanish.
import { describe, expect, it } from 'vitest';
import { packagesLoadedBy } from '../support/import-graph.js';

describe('entry points', () => {
  it('the plugin entry loads neither openai, the agents SDK nor the price table', () => {
    const loaded = [...packagesLoadedBy('plugin.ts')];
    expect(
      loaded.filter((p) =>
        /^(openai|@openai\/|@pydantic\/genai-prices|@arizeai\/openinference-instr)/.test(p),
      ),
    ).toEqual([]);
    expect(loaded).toContain('@temporalio/common'); // the walk does follow the plugin's imports
  });

  it('the workflow entry loads nothing the sandbox lacks', () => {
    const loaded = [...packagesLoadedBy('workflow.ts')];
    expect(
      loaded.filter((p) => p.startsWith('node:') || p.startsWith('@opentelemetry/') || p === 'openai'),
    ).toEqual([]);
  });

  it('the semconv entry loads only the OpenInference conventions package', () => {
    expect([...packagesLoadedBy('semconv.ts')]).toEqual(['@arizeai/openinference-semantic-conventions']);
  });

  it('the history entry loads no model client and no agents SDK', () => {
    const loaded = [...packagesLoadedBy('history.ts')];
    expect(loaded.filter((p) => /^(openai|@openai\/)/.test(p))).toEqual([]);
    expect(loaded).toContain('@temporalio/worker'); // the walk does follow its imports
  });

  it('the root entry is the small host API, not every module', async () => {
    const root = await import('../../src/index.js');
    expect(Object.keys(root).sort()).toEqual([
      'AgentTracingPlugin',
      'ConfigError',
      'WORKFLOW_INTERCEPTORS_MODULE',
      'agentTracingSpanProcessors',
      'checkModelProviders',
      'createEvalActivities',
      'createModelActivities',
      'getTelemetry',
      'instrumentOpenAI',
      'loadTemporalConfig',
      'renderTraceTree',
      'runOrExit',
      'setupTelemetry',
      'temporalRuntimeTelemetry',
    ]);
  });
});
