// An agent run as an AGENT span inside a workflow. Sandbox-safe.
import { type Agent, type RunResult, Runner } from '@openai/agents-core';
import { withSpan } from './scope.js';
import { jsonValue } from '../common/json-value.js';
import { type DurableModelOptions, TemporalModelProvider } from './activity-model.js';
import { toWorkflowError } from './failures.js';
import { GenAiAttr, GenAiOperation } from '../common/gen-ai.js';
import { OpenInferenceAttr } from '../common/semconv.js';

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
      [OpenInferenceAttr.SPAN_KIND]: 'AGENT',
      [OpenInferenceAttr.AGENT_NAME]: agent.name,
      [GenAiAttr.OPERATION_NAME]: GenAiOperation.INVOKE_AGENT,
      [GenAiAttr.AGENT_NAME]: agent.name,
      [OpenInferenceAttr.INPUT_VALUE]: jsonValue(input),
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
          [OpenInferenceAttr.OUTPUT_VALUE]: jsonValue(result.finalOutput),
          [OpenInferenceAttr.OUTPUT_MIME_TYPE]: 'application/json',
        });
        return result;
      } catch (err) {
        throw toWorkflowError(err);
      }
    },
  );
}
