import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { setTracingDisabled, withTrace } from '@openai/agents-core';
import type OpenAI from 'openai';
// Not the cost barrel: it pulls in the OTel SDK (CostSpanProcessor), which a worker without telemetry does not need.
import { summarizeLlmCall } from '../cost/summarize.js';
import type { InvokeModelInput, InvokeModelResult, WireModelResponse } from '../common/model-wire.js';
import { ConfigError } from '../config/errors.js';
import type { Env } from '../config/parse.js';
import { withProviderHint } from '../host/provider-hint.js';
import { recordFailedModelCall } from './failed-call-span.js';
import { toActivityFailure } from './openai-errors.js';
import { type ModelCallLabels, recordFailedModelCallMetric, recordModelCall } from './genai-metrics.js';
import { ModelClients, type RoutedModel } from './providers/model-clients.js';

/** Options of {@link createModelActivities}. */
export interface ModelActivitiesOptions {
  /** OpenAI client for OpenAI models; by default one built from OPENAI_API_KEY / OPENAI_BASE_URL. Its own retries are turned off. */
  client?: OpenAI;
  /** Which OpenAI API OpenAI models use (default: Responses). */
  api?: 'responses' | 'chat_completions';
  /**
   * Model names the worker's agents use (`anthropic/claude-…`, `azure/<deployment>`,
   * `google/gemini-…`, `openai/…`, `<server>/<model>`): checked now, so a missing
   * key or an unknown provider stops the worker at start with one line naming it.
   */
  models?: readonly string[];
  /** Environment the providers are configured from (default: `process.env`). */
  env?: Env;
}

/**
 * The activities durable agents need: `invokeModel` runs one model call with
 * the provider's own client (its OpenInference instrumentation makes the LLM
 * span, nested under the RunActivity span) and returns the response with a
 * token/cost summary for the workflow's rollups.
 */
export function createModelActivities(options: ModelActivitiesOptions = {}) {
  // OpenTelemetry replaces the agents SDK's own trace export: both at once
  // would send every LLM call twice (and to OpenAI's ingest with the API key).
  setTracingDisabled(true);
  const clients = new ModelClients({ openai: options.client, api: options.api, env: options.env });
  clients.validate(options.models ?? []);
  return {
    async invokeModel(input: InvokeModelInput): Promise<InvokeModelResult> {
      const routed = await routedModel(clients, input.model);
      const labels = labelsOf(input, routed.route.provider);
      const startTime = Date.now();
      let response;
      try {
        // The SDK's models expect to run inside one of its traces (a no-op one here).
        response = await withProviderHint(routed.route.provider, () =>
          withTrace(`invokeModel ${input.agentName ?? ''}`.trim(), () =>
            routed.model.getResponse({
              ...input.request,
              tracing: false,
              signal: Context.current().cancellationSignal,
            }),
          ),
        );
      } catch (err) {
        const failure = toActivityFailure(
          err,
          clients.secrets,
          routed.route.kind === 'anthropic' ? 'Anthropic' : 'OpenAI',
        );
        // The Anthropic instrumentation ends its span on errors; the OpenAI one does not.
        if (routed.api !== 'messages') recordFailedModelCall(routed, startTime, failure);
        const errorType = (failure as { type?: string }).type ?? (failure as Error).name ?? 'Error';
        recordFailedModelCallMetric(labels, errorType, (Date.now() - startTime) / 1000);
        throw failure;
      }
      const usage = response.usage;
      const llm = summarizeLlmCall({
        model: routed.route.model,
        provider: routed.route.provider,
        inputTokens: usage.inputTokens,
        outputTokens: usage.outputTokens,
        cachedInputTokens: sumDetail(usage.inputTokensDetails, 'cached_tokens'),
        cacheWriteTokens: sumDetail(usage.inputTokensDetails, 'cache_write_tokens'),
        reasoningTokens: sumDetail(usage.outputTokensDetails, 'reasoning_tokens'),
      });
      recordModelCall(labels, llm, (Date.now() - startTime) / 1000);
      return { response: JSON.parse(JSON.stringify(response)) as WireModelResponse, llm };
    },
  };
}

/** The routed model; a configuration problem fails the call for good, naming the variable. */
async function routedModel(clients: ModelClients, name: string): Promise<RoutedModel> {
  try {
    return await clients.modelFor(name);
  } catch (err) {
    if (err instanceof ConfigError)
      throw ApplicationFailure.create({
        message: err.message,
        type: 'ModelProviderConfigError',
        nonRetryable: true,
      });
    throw err;
  }
}

/** What this call's metrics are broken down by. */
function labelsOf(input: InvokeModelInput, provider: string): ModelCallLabels {
  return {
    provider,
    requestModel: input.model,
    agentName: input.agentName,
    workflowType: Context.current().info.workflowType,
  };
}

function sumDetail(details: Array<Record<string, number>> | undefined, key: string): number {
  return (details ?? []).reduce((sum, d) => sum + (d?.[key] ?? 0), 0);
}
