// The handler side of a Nexus operation: one `RunStartNexusOperationHandler`
// span (SERVER, as Temporal's Go interceptors name it) per start request, child
// of the caller's StartNexusOperation span whose context arrived in the Nexus
// headers, and active while the handler runs, so that a workflow it starts
// through the worker's client joins the caller's trace; and one
// `RunCancelNexusOperationHandler` per cancel request, likewise. Host only.
import { SpanKind } from '@opentelemetry/api';
import type { NexusInterceptorsFactory } from '@temporalio/worker';
import { extractContext } from '../host/host-propagation.js';
import { getTracer, runInHostSpan } from '../host/tracer.js';
import { NexusAttr, OpenInferenceAttr, SpanName } from '../common/semconv.js';

/** The W3C carrier in Nexus headers, whose keys may arrive in any case. */
function carrierOf(headers: Record<string, string>): Record<string, string> {
  const carrier: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    const lower = key.toLowerCase();
    if (lower === 'traceparent' || lower === 'tracestate' || lower === 'baggage') carrier[lower] = value;
  }
  return carrier;
}

/** The handler's span of one Nexus request, child of the caller's span whose context came in the headers. */
function handlerSpan(
  name: string,
  ctx: { service: string; operation: string; headers: Record<string, string> },
) {
  const parent = extractContext(carrierOf(ctx.headers));
  const span = getTracer().startSpan(
    `${name}:${ctx.service}/${ctx.operation}`,
    {
      kind: SpanKind.SERVER,
      attributes: {
        [NexusAttr.SERVICE]: ctx.service,
        [NexusAttr.OPERATION]: ctx.operation,
        [OpenInferenceAttr.SPAN_KIND]: 'CHAIN',
      },
    },
    parent,
  );
  return { span, parent };
}

/** Nexus interceptor factory for `WorkerOptions.interceptors.nexus`. */
export const nexusTracingInterceptors: NexusInterceptorsFactory = () => ({
  inbound: {
    startOperation(input, next) {
      const { span, parent } = handlerSpan(SpanName.RUN_START_NEXUS_OPERATION_HANDLER, input.ctx);
      return runInHostSpan(span, parent, async () => {
        const output = await next(input);
        const token = (output.result as { token?: unknown }).token;
        if (typeof token === 'string') span.setAttribute(NexusAttr.OPERATION_TOKEN, token);
        return output;
      });
    },
    cancelOperation(input, next) {
      const { span, parent } = handlerSpan(SpanName.RUN_CANCEL_NEXUS_OPERATION_HANDLER, input.ctx);
      span.setAttribute(NexusAttr.OPERATION_TOKEN, input.token);
      return runInHostSpan(span, parent, () => next(input));
    },
  },
});
