// The chat view of a rebuilt LLM call in each vendor's shape. (The Responses
// items of our own model activity are checked against a live trace in
// integration/history-export.)
import { describe, expect, it } from 'vitest';
import { VALUE_LIMIT } from '../../src/common/json-value.js';
import { llmMessageAttributes } from '../../src/history/llm-messages.js';
import { functionCallsIn, type ModelCall } from '../../src/history/model-call.js';

const call = (inputItems: unknown[], output: unknown, systemInstructions?: string): ModelCall => ({
  provider: 'p',
  spanName: 's',
  inputItems,
  output,
  systemInstructions,
  toolCalls: [],
});

describe('llmMessageAttributes', () => {
  it('reads a Chat Completions conversation and answer', () => {
    const input = [
      { role: 'system', content: 'Answer about orders.' },
      { role: 'user', content: 'Where is A-1?' },
      {
        role: 'assistant',
        tool_calls: [{ id: 'c1', type: 'function', function: { name: 'lookup', arguments: '{"id":"A-1"}' } }],
      },
      { role: 'tool', tool_call_id: 'c1', content: 'shipped' },
    ];
    const answer = { role: 'assistant', content: 'It shipped.' };
    expect(llmMessageAttributes(call(input, { choices: [{ message: answer }] }), true)).toEqual({
      'llm.input_messages.0.message.role': 'system',
      'llm.input_messages.0.message.content': 'Answer about orders.',
      'llm.input_messages.1.message.role': 'user',
      'llm.input_messages.1.message.content': 'Where is A-1?',
      'llm.input_messages.2.message.role': 'assistant',
      'llm.input_messages.2.message.tool_calls.0.tool_call.id': 'c1',
      'llm.input_messages.2.message.tool_calls.0.tool_call.function.name': 'lookup',
      'llm.input_messages.2.message.tool_calls.0.tool_call.function.arguments': '{"id":"A-1"}',
      'llm.input_messages.3.message.role': 'tool',
      'llm.input_messages.3.message.content': 'shipped',
      'llm.input_messages.3.message.tool_call_id': 'c1',
      'llm.output_messages.0.message.role': 'assistant',
      'llm.output_messages.0.message.content': 'It shipped.',
    });
  });

  it('reads Anthropic messages: text blocks, tool_use, tool_result as a tool message', () => {
    const input = [
      { role: 'user', content: 'Where is A-1?' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'lookup', input: { id: 'A-1' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'shipped' }] },
    ];
    const answer = { type: 'message', role: 'assistant', content: [{ type: 'text', text: 'It shipped.' }] };
    expect(llmMessageAttributes(call(input, answer, 'Answer about orders.'), true)).toEqual({
      'llm.input_messages.0.message.role': 'system',
      'llm.input_messages.0.message.content': 'Answer about orders.',
      'llm.input_messages.1.message.role': 'user',
      'llm.input_messages.1.message.content': 'Where is A-1?',
      'llm.input_messages.2.message.role': 'assistant',
      'llm.input_messages.2.message.tool_calls.0.tool_call.id': 't1',
      'llm.input_messages.2.message.tool_calls.0.tool_call.function.name': 'lookup',
      'llm.input_messages.2.message.tool_calls.0.tool_call.function.arguments': '{"id":"A-1"}',
      'llm.input_messages.3.message.role': 'tool',
      'llm.input_messages.3.message.content': 'shipped',
      'llm.input_messages.3.message.tool_call_id': 't1',
      'llm.output_messages.0.message.role': 'assistant',
      'llm.output_messages.0.message.contents.0.message_content.type': 'text',
      'llm.output_messages.0.message.contents.0.message_content.text': 'It shipped.',
    });
  });

  it('reads Anthropic content blocks given bare (a map whose output is `result.content`) as one answer', () => {
    const content = [
      { type: 'text', text: 'Let me look.' },
      { type: 'tool_use', id: 't1', name: 'lookup', input: { id: 'A-1' } },
    ];
    expect(llmMessageAttributes(call([], content), true)).toEqual({
      'llm.output_messages.0.message.role': 'assistant',
      'llm.output_messages.0.message.contents.0.message_content.type': 'text',
      'llm.output_messages.0.message.contents.0.message_content.text': 'Let me look.',
      'llm.output_messages.0.message.tool_calls.0.tool_call.id': 't1',
      'llm.output_messages.0.message.tool_calls.0.tool_call.function.name': 'lookup',
      'llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments': '{"id":"A-1"}',
    });
  });

  it('cuts long texts where input.value is cut, and only there: the tool call keeps its arguments whole', () => {
    const long = 'x'.repeat(VALUE_LIMIT + 10);
    const answer = {
      role: 'assistant',
      content: long,
      tool_calls: [{ id: 'c', function: { name: 'f', arguments: long } }],
    };
    const attributes = llmMessageAttributes(call([], answer), true);
    expect(attributes['llm.output_messages.0.message.content']).toHaveLength(VALUE_LIMIT);
    expect(functionCallsIn(answer)).toEqual([{ name: 'f', arguments: long }]);
  });

  it('reads a whole Responses response as its output items', () => {
    const response = {
      object: 'response',
      output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Done.' }] }],
    };
    expect(llmMessageAttributes(call([], response), true)).toEqual({
      'llm.output_messages.0.message.role': 'assistant',
      'llm.output_messages.0.message.contents.0.message_content.type': 'output_text',
      'llm.output_messages.0.message.contents.0.message_content.text': 'Done.',
    });
  });

  it('leaves out the answer of a call that failed, and what is not a message', () => {
    const attributes = llmMessageAttributes(
      call(['plain question', 42, { type: 'reasoning' }], 'late'),
      false,
    );
    expect(attributes).toEqual({
      'llm.input_messages.0.message.role': 'user',
      'llm.input_messages.0.message.content': 'plain question',
    });
  });
});
