/** Client side: the interceptor that starts each run's trace. */
export { TracingWorkflowClientInterceptor } from './workflow-client-interceptor.js';
