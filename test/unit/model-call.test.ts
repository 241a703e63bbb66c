// The tool calls a model answer asks for, in each vendor's shape: what lets a
// tool activity of a mapped (Go, Java, custom) worker be claimed by its agent.
import { describe, expect, it } from 'vitest';
import { functionCallsIn } from '../../src/history/model-call.js';

const lookup = { name: 'lookup_order', arguments: '{"order_id":"A-1"}' };

describe('functionCallsIn', () => {
  it('reads OpenAI Responses output items, as before', () => {
    const output = [
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'checking' }] },
      { type: 'function_call', call_id: 'c1', name: 'lookup_order', arguments: '{"order_id":"A-1"}' },
    ];
    expect(functionCallsIn(output)).toEqual([lookup]);
    expect(functionCallsIn({ object: 'response', output })).toEqual([lookup]);
  });

  it('reads a Chat Completions message, and a whole completion', () => {
    const message = {
      role: 'assistant',
      content: null,
      tool_calls: [
        {
          id: 'call_1',
          type: 'function',
          function: { name: 'lookup_order', arguments: '{"order_id":"A-1"}' },
        },
        { id: 'call_2', type: 'function', function: { name: 'refund', arguments: { order_id: 'A-1' } } },
      ],
    };
    const both = [lookup, { name: 'refund', arguments: '{"order_id":"A-1"}' }];
    expect(functionCallsIn(message)).toEqual(both);
    expect(functionCallsIn({ object: 'chat.completion', choices: [{ index: 0, message }] })).toEqual(both);
  });

  it('reads Anthropic tool_use blocks, in a message or as its content', () => {
    const content = [
      { type: 'text', text: 'Let me look.' },
      { type: 'tool_use', id: 'toolu_1', name: 'lookup_order', input: { order_id: 'A-1' } },
    ];
    expect(functionCallsIn({ type: 'message', role: 'assistant', content })).toEqual([lookup]);
    expect(functionCallsIn(content)).toEqual([lookup]);
  });

  it('finds nothing in answers without calls, or in what is not an answer', () => {
    expect(functionCallsIn({ role: 'assistant', content: 'It shipped.' })).toEqual([]);
    expect(functionCallsIn('text')).toEqual([]);
    expect(functionCallsIn(undefined)).toEqual([]);
    expect(functionCallsIn({ tool_calls: [{ type: 'custom', custom: { name: 'x' } }, null] })).toEqual([]);
  });
});
