// A @openai/agents Model whose every call is a Temporal activity. Sandbox-safe.
import {
  type Model,
  type ModelProvider,
  type ModelRequest,
  type ModelResponse,
  type StreamEvent,
  Usage,
} from '@openai/agents-core';
import { type ActivityOptions, proxyActivities } from '@temporalio/workflow';
import { activeSpan } from './scope.js';
import {
  INVOKE_MODEL_ACTIVITY,
  type InvokeModelInput,
  type InvokeModelResult,
} from '../common/model-wire.js';
import { recordLlmCall } from './usage.js';
import { emitRunEvent } from './run-events.js';

/**
 * Defaults for the model activity, after the Python plugin's practice: the
 * OpenAI client does not retry, Temporal does, with backoff.
 */
export const DEFAULT_MODEL_ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '60 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '30 seconds',
    maximumAttempts: 6,
  },
};

/** Model used when an agent names none. */
export const DEFAULT_MODEL = 'gpt-4o-mini';

/** Options of {@link TemporalModelProvider}. */
export interface DurableModelOptions {
  /** Activity options of `invokeModel` (timeouts, retry policy, task queue). */
  activity?: ActivityOptions;
  /** Model name for agents that set none. */
  defaultModel?: string;
  /** Shown as the activity summary in the Temporal UI. */
  agentName?: string;
}

type ModelActivities = { [INVOKE_MODEL_ACTIVITY]: (input: InvokeModelInput) => Promise<InvokeModelResult> };

/** Runs each `getResponse` as the `invokeModel` activity and adds its usage to the enclosing spans' rollups. */
export class ActivityModel implements Model {
  constructor(
    private readonly model: string,
    private readonly options: DurableModelOptions = {},
  ) {}

  async getResponse(request: ModelRequest): Promise<ModelResponse> {
    // The abort signal and the tracing hook cannot cross the boundary; a retry
    // policy function would bypass Temporal's retries, which govern instead.
    const { signal: _signal, tracing: _tracing, ...wire } = request;
    const { retry: _retry, ...modelSettings } = wire.modelSettings ?? {};
    const activities = proxyActivities<ModelActivities>({
      ...DEFAULT_MODEL_ACTIVITY_OPTIONS,
      ...this.options.activity,
      summary: this.options.agentName ? `${this.options.agentName}: ${this.model}` : this.model,
    });
    const agentName = this.options.agentName;
    emitRunEvent({ kind: 'model_start', agentName, model: this.model });
    const result = await activities[INVOKE_MODEL_ACTIVITY]({
      model: this.model,
      request: { ...wire, modelSettings },
      agentName: this.options.agentName,
    });
    recordLlmCall(activeSpan(), result.llm);
    emitRunEvent({ kind: 'model_end', agentName, model: this.model, llm: result.llm });
    return {
      ...result.response,
      usage: new Usage(result.response.usage as ConstructorParameters<typeof Usage>[0]),
    };
  }

  // eslint-disable-next-line require-yield
  async *getStreamedResponse(_request: ModelRequest): AsyncIterable<StreamEvent> {
    throw new Error(
      'temporal-agents-otel: streaming runs are not supported inside workflows; call run() without stream',
    );
  }
}

/** A ModelProvider for `new Runner({ modelProvider })` inside workflows. */
export class TemporalModelProvider implements ModelProvider {
  constructor(private readonly options: DurableModelOptions = {}) {}

  getModel(modelName?: string): Model {
    return new ActivityModel(modelName ?? this.options.defaultModel ?? DEFAULT_MODEL, this.options);
  }
}
