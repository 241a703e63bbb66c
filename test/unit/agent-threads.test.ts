// Agent threads from history: which model calls continue one agent's run and
// which tool activities it asked for, compared as JSON whatever the key order.
import { describe, expect, it } from 'vitest';
import { groupAgentThreads, sameJson } from '../../src/history/agent-threads.js';
import type { ModelCall } from '../../src/history/model-call.js';
import type { ActivityRecord } from '../../src/history/run-record.js';

describe('sameJson', () => {
  it('ignores the order of object keys, at any depth', () => {
    expect(
      sameJson({ a: 1, b: { c: [1, { d: 'x', e: null }] } }, { b: { c: [1, { e: null, d: 'x' }] }, a: 1 }),
    ).toBe(true);
  });

  it('tells apart what JSON tells apart', () => {
    const cases: [unknown, unknown][] = [
      [{ a: 1 }, { a: 1, b: 2 }],
      [{ a: 1, b: 2 }, { a: 1 }],
      [{ a: 1 }, { b: 1 }],
      [
        [1, 2],
        [2, 1],
      ],
      [[1], [1, 1]],
      [{ 0: 'x' }, ['x']],
      [null, {}],
      [{}, null],
      [1, '1'],
      [{ a: '1' }, { a: 1 }],
      [{ a: { b: [true] } }, { a: { b: [false] } }],
    ];
    for (const [a, b] of cases) expect(sameJson(a, b), JSON.stringify([a, b])).toBe(false);
    expect(sameJson('text', 'text')).toBe(true);
    expect(sameJson([], [])).toBe(true);
  });
});

let nextId = 1;
function activity(activityType: string, scheduledMs: number): ActivityRecord {
  return {
    activityType,
    scheduledEventId: nextId++,
    scheduledMs,
    closedMs: scheduledMs + 5,
  } as ActivityRecord;
}
function call(agentName: string, inputItems: unknown[], toolCalls: ModelCall['toolCalls'] = []): ModelCall {
  return { provider: 'openai', spanName: 'OpenAI Responses', agentName, inputItems, toolCalls };
}

describe('groupAgentThreads', () => {
  it('continues a thread whose conversation the next call repeats, and claims the tools it asked for', () => {
    const first = activity('invokeModel', 0);
    const tool = activity('webSearch', 10);
    const positional = activity('fetchPage', 20);
    const unasked = activity('webSearch', 30);
    const second = activity('invokeModel', 40);
    const calls = new Map<ActivityRecord, ModelCall>([
      [
        first,
        call(
          'SearchAgent',
          [{ role: 'user', content: 'q' }],
          [
            { name: 'webSearch', arguments: '{"query":"temporal","limit":3}' },
            { name: 'fetchPage', arguments: '{"url":"https://example.com","timeoutMs":500}' },
          ],
        ),
      ],
      // The same first item, its keys in another order, then the turn's answer.
      [second, call('SearchAgent', [{ content: 'q', role: 'user' }, { type: 'function_call_output' }])],
    ]);
    const args = new Map<ActivityRecord, unknown[]>([
      [tool, [{ limit: 3, query: 'temporal' }]], // one object, keys reordered
      [positional, ['https://example.com', 500]], // spread into parameters, as Python's activity_as_tool does
      [unasked, [{ query: 'something else', limit: 3 }]],
    ]);
    const threads = groupAgentThreads(
      [second, unasked, positional, tool, first],
      (a) => calls.get(a),
      (a) => args.get(a) ?? [],
      () => false,
    );
    expect(threads).toHaveLength(1);
    expect(threads[0].calls.map((c) => c.activity)).toEqual([first, second]);
    expect(threads[0].tools.map((t) => [t.activity, t.toolName])).toEqual([
      [tool, 'webSearch'],
      [positional, 'fetchPage'],
    ]);
  });
});
