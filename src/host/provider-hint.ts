// The provider a model call was routed to, carried in the OpenTelemetry
// context around the call, so the LLM span the provider's instrumentation
// makes names it even when the endpoint's host does not tell (a proxy, a
// local server, the offline model). Host only.
import { type Context, context, createContextKey } from '@opentelemetry/api';

const PROVIDER_HINT = createContextKey('temporal-agents-otel.llm-provider');

/** Runs `fn` with `provider` as the provider of the LLM spans started inside it. */
export function withProviderHint<T>(provider: string, fn: () => T): T {
  return context.with(context.active().setValue(PROVIDER_HINT, provider), fn);
}

/** The provider hinted in `ctx`, if any. */
export function providerHint(ctx: Context): string | undefined {
  const value = ctx.getValue(PROVIDER_HINT);
  return typeof value === 'string' ? value : undefined;
}
