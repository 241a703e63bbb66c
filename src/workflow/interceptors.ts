// The workflow interceptor module the plugin registers: RunWorkflow and
// handler spans (inbound), the spans of outbound calls, and the activation
// hooks that ship ended spans out of the sandbox. Sandbox-safe.
import {
  type Next,
  workflowInfo,
  type WorkflowInterceptorsFactory,
  type WorkflowInternalsInterceptor,
} from '@temporalio/workflow';
import { TracingInbound } from './inbound-interceptor.js';
import { TracingOutbound } from './outbound-interceptor.js';
import { activeSpan, enableTracing, flushEndedSpans, forgetRun } from './scope.js';

class TracingInternals implements WorkflowInternalsInterceptor {
  concludeActivation(
    input: Parameters<NonNullable<WorkflowInternalsInterceptor['concludeActivation']>>[0],
    next: Next<WorkflowInternalsInterceptor, 'concludeActivation'>,
  ): ReturnType<NonNullable<WorkflowInternalsInterceptor['concludeActivation']>> {
    // When workflow code fails the task, the activation never gets here: its
    // spans are dropped with the evicted run, and the task's retry makes and
    // sends them again. (A failure after this point, such as encoding the
    // completion, has sent them; a retry on this worker is de-duplicated.)
    flushEndedSpans();
    return next(input);
  }

  dispose(
    input: Parameters<NonNullable<WorkflowInternalsInterceptor['dispose']>>[0],
    next: Next<WorkflowInternalsInterceptor, 'dispose'>,
  ): void {
    forgetRun(workflowInfo().runId);
    next(input);
  }
}

/** The workflow interceptors factory Temporal loads from this module. */
export const interceptors: WorkflowInterceptorsFactory = () => {
  enableTracing();
  return {
    inbound: [new TracingInbound()],
    outbound: [new TracingOutbound()],
    internals: [new TracingInternals()],
  };
};

export { activeSpan };
