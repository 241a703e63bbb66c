// OpenTelemetry GenAI client metrics for every model call the `invokeModel`
// activity makes, recorded where the call is made: so each call counts once,
// sampled trace or not, and never again from its span. Through the metrics API:
// nothing is recorded until the application (or setupTelemetry with
// OTEL_METRICS_EXPORTER=otlp) registers a MeterProvider.
import { type Attributes, metrics } from '@opentelemetry/api';
import { GenAiAttr, GenAiMetric, GenAiOperation } from '../common/gen-ai.js';
import type { LlmCallSummary } from '../common/rollup.js';
import { TemporalAttr } from '../common/semconv.js';
import { TRACER_NAME } from '../host/tracer.js';

/** What a model call's metrics are broken down by. */
export interface ModelCallLabels {
  provider: string;
  requestModel: string;
  agentName?: string;
  workflowType?: string;
}

type Meter = ReturnType<typeof metrics.getMeter>;
interface Instruments {
  tokens: ReturnType<Meter['createHistogram']>;
  duration: ReturnType<Meter['createHistogram']>;
  cost: ReturnType<Meter['createCounter']>;
}

// The metrics API has no proxy provider: instruments made before the app registers
// its MeterProvider stay no-ops. So they are made per provider.
let made: { provider: unknown; instruments: Instruments } | undefined;

/** The instruments of the meter provider registered now. */
function meterInstruments(): Instruments {
  const provider = metrics.getMeterProvider();
  if (made?.provider === provider) return made.instruments;
  const meter = provider.getMeter(TRACER_NAME);
  const instruments: Instruments = {
    tokens: meter.createHistogram(GenAiMetric.TOKEN_USAGE, {
      unit: '{token}',
      description: 'Tokens used per model call, by token type',
      advice: { explicitBucketBoundaries: [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576] },
    }),
    duration: meter.createHistogram(GenAiMetric.OPERATION_DURATION, {
      unit: 's',
      description: 'Duration of model calls',
      advice: {
        explicitBucketBoundaries: [
          0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
        ],
      },
    }),
    cost: meter.createCounter(GenAiMetric.COST, {
      unit: '{USD}',
      description: 'Estimated cost of model calls in USD (same price table as llm.cost.* on spans)',
    }),
  };
  made = { provider, instruments };
  return instruments;
}

function labels(l: ModelCallLabels, responseModel?: string): Attributes {
  return {
    [GenAiAttr.OPERATION_NAME]: GenAiOperation.CHAT,
    [GenAiAttr.PROVIDER_NAME]: l.provider,
    [GenAiAttr.REQUEST_MODEL]: l.requestModel,
    ...(responseModel ? { [GenAiAttr.RESPONSE_MODEL]: responseModel } : {}),
    ...(l.agentName ? { [GenAiAttr.AGENT_NAME]: l.agentName } : {}),
    ...(l.workflowType ? { [TemporalAttr.WORKFLOW_TYPE]: l.workflowType } : {}),
  };
}

/** Records a call that answered: tokens in and out, duration, cost when priced. */
export function recordModelCall(l: ModelCallLabels, call: LlmCallSummary, seconds: number): void {
  const m = meterInstruments();
  const attrs = labels(l, call.model);
  m.tokens.record(call.inputTokens, { ...attrs, [GenAiAttr.TOKEN_TYPE]: 'input' });
  m.tokens.record(call.outputTokens, { ...attrs, [GenAiAttr.TOKEN_TYPE]: 'output' });
  m.duration.record(seconds, attrs);
  if (call.cost) m.cost.add(call.cost.total, attrs);
}

/** Records a call that failed: its duration, with the error's type. */
export function recordFailedModelCallMetric(l: ModelCallLabels, errorType: string, seconds: number): void {
  meterInstruments().duration.record(seconds, { ...labels(l), [GenAiAttr.ERROR_TYPE]: errorType });
}
