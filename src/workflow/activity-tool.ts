// Function tools backed by Temporal activities, with TOOL spans. Sandbox-safe.
import { type FunctionTool, tool } from '@openai/agents-core';
import { type ActivityOptions, proxyActivities } from '@temporalio/workflow';
import type { z } from 'zod';
import { withSpan } from './scope.js';
import { jsonValue } from '../common/json-value.js';
import { GenAiAttr, GenAiOperation } from '../common/gen-ai.js';
import { OpenInferenceAttr } from '../common/semconv.js';
import { emitRunEvent } from './run-events.js';

/** Defaults for tool activities: I/O that may be retried a few times. */
export const DEFAULT_TOOL_ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumAttempts: 4 },
};

/** Definition of {@link activityTool}. */
export interface ActivityToolDefinition<TParams extends z.ZodObject<any>> {
  name: string;
  description: string;
  parameters: TParams;
  /** Activity type to run; it receives the parsed arguments object. */
  activity: string;
  activityOptions?: ActivityOptions;
  /** Each call waits for a person's approval first (see `runAgent`'s `approveTools`). */
  needsApproval?: boolean;
}

/**
 * A tool the model can call, run as an activity. Failures and cancellation
 * propagate to the workflow instead of becoming a polite string in the
 * model's input (`errorFunction: null`). Each call is a TOOL span.
 *
 * Keep results small (kilobytes, not megabytes): a result becomes part of the
 * next model call's input in workflow history, and Temporal rejects a workflow
 * task whose scheduled activities exceed its 4 MB message limit.
 */
export function activityTool<TParams extends z.ZodObject<any>>(
  def: ActivityToolDefinition<TParams>,
): FunctionTool<any, TParams> {
  return tool({
    name: def.name,
    description: def.description,
    parameters: def.parameters as any,
    errorFunction: null,
    needsApproval: def.needsApproval ?? false,
    execute: (args) =>
      withSpan(
        `tool ${def.name}`,
        {
          [OpenInferenceAttr.SPAN_KIND]: 'TOOL',
          [OpenInferenceAttr.TOOL_NAME]: def.name,
          [OpenInferenceAttr.TOOL_DESCRIPTION]: def.description,
          [GenAiAttr.OPERATION_NAME]: GenAiOperation.EXECUTE_TOOL,
          [GenAiAttr.TOOL_NAME]: def.name,
          [OpenInferenceAttr.INPUT_VALUE]: jsonValue(args),
          [OpenInferenceAttr.INPUT_MIME_TYPE]: 'application/json',
        },
        async (span) => {
          const activities = proxyActivities<Record<string, (input: unknown) => Promise<unknown>>>({
            ...DEFAULT_TOOL_ACTIVITY_OPTIONS,
            ...def.activityOptions,
          });
          emitRunEvent({ kind: 'tool_start', toolName: def.name });
          const result = await activities[def.activity](args);
          emitRunEvent({ kind: 'tool_end', toolName: def.name });
          const text = typeof result === 'string' ? result : JSON.stringify(result);
          span.setAttribute(OpenInferenceAttr.OUTPUT_VALUE, jsonValue(text));
          return text;
        },
      ),
  }) as FunctionTool<any, TParams>;
}
