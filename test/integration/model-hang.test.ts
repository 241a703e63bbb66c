// A model call that never answers: Temporal times the attempt out and retries.
// The hung request must end too (the SDK cancels the timed-out attempt through
// the activity's cancellation signal, which invokeModel passes to the client),
// so its RunActivity span is exported as failed rather than left open.
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OfflineModelServer, startOfflineModel } from '../../offline-model/index.js';
import { createModelActivities } from '../../src/worker/index.js';
import { useFixtureSuite } from '../support/fixture-suite.js';
import { until } from '../support/poll.js';
import { spansOfTrace } from '../support/spans.js';

const workflowsPath = fileURLToPath(new URL('../fixtures/model-workflows.ts', import.meta.url));
let model: OfflineModelServer;
beforeAll(async () => {
  model = await startOfflineModel({ faults: [{ kind: 'hang', times: 1 }] });
});
afterAll(() => model?.close());
const suite = useFixtureSuite('model-hang', () => ({
  workflowsPath,
  activities: createModelActivities({ client: new OpenAI({ baseURL: model.url, apiKey: 'offline' }) }),
}));

describe('a model call that hangs', () => {
  it('ends with its attempt: the next attempt answers, and both attempts are in the trace', async () => {
    const { h, taskQueue } = suite;
    const workflowId = `${taskQueue}-quick`;
    const answer = await h.client.workflow.execute('quickAgentWorkflow', {
      taskQueue,
      workflowId,
      args: ['Hello?'],
    });
    expect(answer).toContain('[offline model]');
    const attempts = await until(
      'both attempts exported',
      async () => {
        const all = await h.spans();
        const run = all.find(
          (s) =>
            s.name === 'RunWorkflow:quickAgentWorkflow' &&
            s.attributes['temporal.workflow.id'] === workflowId,
        );
        if (!run) return undefined;
        const found = spansOfTrace(all, run.spanContext().traceId).filter(
          (s) => s.name === 'RunActivity:invokeModel',
        );
        return found.length === 2 ? found : undefined;
      },
      20_000,
    );
    const byAttempt = new Map(attempts.map((s) => [s.attributes['temporal.activity.attempt'], s]));
    expect(byAttempt.get(1)?.status.code, 'the hung attempt ended as failed').toBe(2);
    expect(byAttempt.get(2)?.status.code).toBe(1);
    expect(model.stats().byPath['/v1/responses']).toBe(2);
  });
});
