import { Context } from '@temporalio/activity';
import { setTracingDisabled, withTrace } from '@openai/agents-core';
import { OpenAIChatCompletionsModel, OpenAIResponsesModel } from '@openai/agents-openai';
import OpenAI from 'openai';
// Not the cost barrel: it pulls in the OTel SDK (CostSpanProcessor), which a worker without telemetry does not need.
import { summarizeLlmCall } from '../cost/summarize.js';
import type { InvokeModelInput, InvokeModelResult, WireModelResponse } from '../common/model-wire.js';
import { recordFailedModelCall } from './failed-call-span.js';
import { toActivityFailure } from './openai-errors.js';
import { type ModelCallLabels, recordFailedModelCallMetric, recordModelCall } from './genai-metrics.js';

/** Options of {@link createModelActivities}. */
export interface ModelActivitiesOptions {
  /** OpenAI client; by default one built from OPENAI_API_KEY / OPENAI_BASE_URL. Its own retries are turned off. */
  client?: OpenAI;
  /** Which OpenAI API the agents use (default: Responses). */
  api?: 'responses' | 'chat_completions';
}

/**
 * The activities durable agents need: `invokeModel` runs one model call with
 * the real OpenAI client (the OpenInference instrumentation makes its LLM
 * span, nested under the RunActivity span) and returns the response with a
 * token/cost summary for the workflow's rollups.
 */
export function createModelActivities(options: ModelActivitiesOptions = {}) {
  // OpenTelemetry replaces the agents SDK's own trace export: both at once
  // would send every LLM call twice (and to OpenAI's ingest with the API key).
  setTracingDisabled(true);
  // Temporal's retry policy governs; a client retrying underneath would hide attempts.
  const client = (options.client ?? new OpenAI()).withOptions({ maxRetries: 0 });
  // The one credential this activity knows for sure; kept out of failure messages (and so history and logs).
  const secrets = client.apiKey && client.apiKey.length >= 8 ? [client.apiKey] : [];
  return {
    async invokeModel(input: InvokeModelInput): Promise<InvokeModelResult> {
      const model =
        options.api === 'chat_completions'
          ? new OpenAIChatCompletionsModel(client, input.model)
          : new OpenAIResponsesModel(client, input.model);
      let response;
      const startTime = Date.now();
      try {
        // The SDK's models expect to run inside one of its traces (a no-op one here).
        response = await withTrace(`invokeModel ${input.agentName ?? ''}`.trim(), () =>
          model.getResponse({
            ...input.request,
            tracing: false,
            signal: Context.current().cancellationSignal,
          }),
        );
      } catch (err) {
        const failure = toActivityFailure(err, secrets);
        recordFailedModelCall(options.api ?? 'responses', input.model, startTime, failure);
        const errorType = (failure as { type?: string }).type ?? (failure as Error).name ?? 'Error';
        recordFailedModelCallMetric(labelsOf(input), errorType, (Date.now() - startTime) / 1000);
        throw failure;
      }
      const usage = response.usage;
      const llm = summarizeLlmCall({
        model: input.model,
        inputTokens: usage.inputTokens,
        outputTokens: usage.outputTokens,
        cachedInputTokens: sumDetail(usage.inputTokensDetails, 'cached_tokens'),
        reasoningTokens: sumDetail(usage.outputTokensDetails, 'reasoning_tokens'),
      });
      recordModelCall(labelsOf(input), llm, (Date.now() - startTime) / 1000);
      return { response: JSON.parse(JSON.stringify(response)) as WireModelResponse, llm };
    },
  };
}

/** What this call's metrics are broken down by. */
function labelsOf(input: InvokeModelInput): ModelCallLabels {
  return {
    provider: 'openai',
    requestModel: input.model,
    agentName: input.agentName,
    workflowType: Context.current().info.workflowType,
  };
}

function sumDetail(details: Array<Record<string, number>> | undefined, key: string): number {
  return (details ?? []).reduce((sum, d) => sum + (d?.[key] ?? 0), 0);
}
