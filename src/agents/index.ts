/** Host side of durable agents: the activities workers register. */
export { createModelActivities, type ModelActivitiesOptions } from './activities/invoke-model.js';
export { toActivityFailure, retryAfterMillis } from './activities/openai-errors.js';
export { INVOKE_MODEL_ACTIVITY, type InvokeModelInput, type InvokeModelResult } from './model-wire.js';
