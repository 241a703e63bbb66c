// An agent run as an AGENT span inside a workflow. Sandbox-safe.
import { type Agent, type RunResult, Runner } from '@openai/agents-core';
import { withSpan } from './scope.js';
import { jsonValue } from '../common/json-value.js';
import { type DurableModelOptions, TemporalModelProvider } from './activity-model.js';
import { toWorkflowError } from './failures.js';
import { GenAiAttr, GenAiOperation } from '../common/gen-ai.js';
import { OpenInferenceAttr } from '../common/semconv.js';
import { ApplicationFailure } from '@temporalio/common';
import { approvalRequestOf, type ApproveTools } from './tool-approval.js';

/** Options of {@link runAgent}. */
export interface RunAgentOptions<TContext = unknown> {
  maxTurns?: number;
  context?: TContext;
  /** Model activity options; see {@link DurableModelOptions}. */
  model?: DurableModelOptions;
  /**
   * Decides the calls of tools that need approval. The agent stops before
   * them, this runs (typically waiting for a person), and the agent carries on:
   * approved calls run, a rejected call's message is the tool's result.
   */
  approveTools?: ApproveTools;
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
        const runOptions = { maxTurns: options.maxTurns, context: options.context };
        let result = (await runner.run(agent, input, runOptions)) as RunResult<TContext, TAgent>;
        while (result.interruptions?.length) {
          result = (await runner.run(
            agent,
            await decided(agent.name, result, options.approveTools),
            runOptions,
          )) as RunResult<TContext, TAgent>;
        }
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

/** The run's state with its pending tool calls approved or rejected. */
async function decided(
  agentName: string,
  result: RunResult<any, any>,
  approveTools: ApproveTools | undefined,
): Promise<RunResult<any, any>['state']> {
  if (!approveTools) {
    throw ApplicationFailure.nonRetryable(
      `agent ${agentName} stopped for tool approval, but runAgent was given no approveTools`,
      'ToolApprovalUnsupported',
    );
  }
  const items = result.interruptions;
  const answers = await approveTools(items.map(approvalRequestOf));
  for (const item of items) {
    const answer = answers.find((a) => a.toolCallId === approvalRequestOf(item).toolCallId);
    if (answer?.approved) result.state.approve(item);
    else result.state.reject(item, { message: answer?.message ?? 'The tool call was not approved.' });
  }
  return result.state;
}
