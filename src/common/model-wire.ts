// What crosses the activity boundary for one model call. Sandbox-safe (types only).
import type { ModelRequest, ModelResponse } from '@openai/agents-core';
import type { LlmCallSummary } from './rollup.js';

/** A model request without what cannot be serialized (abort signal, tracing hook). */
export type WireModelRequest = Omit<ModelRequest, 'signal' | 'tracing'>;

/** Input of the `invokeModel` activity. */
export interface InvokeModelInput {
  /** Model name as configured on the agent, e.g. `gpt-4o-mini`. */
  model: string;
  request: WireModelRequest;
  /** Agent making the call: becomes the activity summary and an attribute. */
  agentName?: string;
}

/** The model response as JSON: `usage` is a plain object, rebuilt into `Usage` in the workflow. */
export type WireModelResponse = Omit<ModelResponse, 'usage'> & { usage: Record<string, unknown> };

/** Output of the `invokeModel` activity. */
export interface InvokeModelResult {
  response: WireModelResponse;
  /** Tokens and estimated cost of this call, for the workflow's rollups. */
  llm: LlmCallSummary;
}

/** Activity type name of the model call. */
export const INVOKE_MODEL_ACTIVITY = 'invokeModel';
