/** Worker host: the model activity, the activity interceptor, and the end of the sandbox's span sink. */
export { createModelActivities, type ModelActivitiesOptions } from './invoke-model.js';
export { toActivityFailure, retryAfterMillis } from './openai-errors.js';
export { checkModelProviders } from './providers/model-clients.js';
export { TracingActivityInbound, activityTracingInterceptors } from './activity-interceptor.js';
export { workflowSpanSinks } from './workflow-span-receiver.js';
export { spanTargetResolver, type SpanTarget, type SpanTargetOptions } from './span-target.js';
