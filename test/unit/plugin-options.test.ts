// Plugin options that shape the workflow sandbox, refused with one line when wrong.
import { describe, expect, it } from 'vitest';
import { AgentTracingPlugin } from '../../src/index.js';

describe('AgentTracingPlugin workflowStackTraceLimit', () => {
  it('is refused unless a whole number from 0 to 100, with one line naming the option', () => {
    for (const bad of [-1, 2.5, 101, Number.NaN])
      expect(() => new AgentTracingPlugin({ workflowStackTraceLimit: bad })).toThrow(
        /^AgentTracingPlugin: workflowStackTraceLimit must be a whole number from 0 to 100, got /,
      );
    for (const good of [0, 4, 100])
      expect(() => new AgentTracingPlugin({ workflowStackTraceLimit: good })).not.toThrow();
  });
});
