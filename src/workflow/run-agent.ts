// An agent run as an AGENT span inside a workflow. Sandbox-safe.
import { type Agent, type RunResult, Runner } from '@openai/agents-core';
import { withSpan } from './scope.js';
import { jsonValue } from '../common/json-value.js';
import { type DurableModelOptions, TemporalModelProvider } from './activity-model.js';
import { toWorkflowError } from './failures.js';

/** Options of {@link runAgent}. */
export interface RunAgentOptions<TContext = unknown> {
  maxTurns?: number;
  context?: TContext;
  /** Model activity options; see {@link DurableModelOptions}. */
  model?: DurableModelOptions;
}

/**
 * Runs an agent to completion inside a workflow. The run is an AGENT span;
 * every model call beneath it is an `invokeModel` activity and every
 * activity-backed tool a TOOL span, so the trace shows each agent's calls
 * nested under it. Tokens and cost roll up onto the span.
 */
export async function runAgent<TAgent extends Agent<any, any>, TContext = unknown>(
  agent: TAgent,
  input: string,
  options: RunAgentOptions<TContext> = {},
): Promise<RunResult<TContext, TAgent>> {
  return withSpan(
    `agent ${agent.name}`,
    {
      'openinference.span.kind': 'AGENT',
      'agent.name': agent.name,
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': agent.name,
      'input.value': jsonValue(input),
    },
    async (span) => {
      const runner = new Runner({
        modelProvider: new TemporalModelProvider({ ...options.model, agentName: agent.name }),
        tracingDisabled: true,
      });
      try {
        const result = (await runner.run(agent, input, {
          maxTurns: options.maxTurns,
          context: options.context,
        })) as RunResult<TContext, TAgent>;
        span.setAttributes({
          'output.value': jsonValue(result.finalOutput),
          'output.mime_type': 'application/json',
        });
        return result;
      } catch (err) {
        throw toWorkflowError(err);
      }
    },
  );
}
