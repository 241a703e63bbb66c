import type { SearchResult } from './backend.js';

/** A small bundled corpus so the demo's searches return real text offline. */
export const CORPUS: readonly SearchResult[] = [
  {
    title: 'Durable execution explained',
    url: 'https://example.org/durable-execution',
    snippet:
      'Durable execution persists every step of a program so that it resumes after crashes exactly where it stopped. Workflow engines such as Temporal record an event history and replay it to rebuild state.',
  },
  {
    title: 'Temporal workflows and activities',
    url: 'https://example.org/temporal-basics',
    snippet:
      'In Temporal, workflows are deterministic orchestration code and activities perform side effects such as network calls. Activities are retried according to a retry policy with backoff; workflows survive worker restarts by replaying history.',
  },
  {
    title: 'Why AI agents need durability',
    url: 'https://example.org/durable-agents',
    snippet:
      'Agent runs call models and tools many times and can take minutes. A crash halfway loses work and money. Running the agent loop as a workflow and each model call as an activity keeps completed calls and retries failed ones.',
  },
  {
    title: 'OpenTelemetry tracing basics',
    url: 'https://example.org/otel-tracing',
    snippet:
      'OpenTelemetry traces are trees of spans that share a trace id. Context propagates across processes in headers such as W3C traceparent. Exporters send spans over OTLP to collectors and backends like Jaeger.',
  },
  {
    title: 'The OpenTelemetry Collector',
    url: 'https://example.org/otel-collector',
    snippet:
      'The Collector receives OTLP, batches and limits memory, and fans telemetry out to several backends. Sending queues with retry keep data through short backend outages.',
  },
  {
    title: 'LLM observability: what to record',
    url: 'https://example.org/llm-observability',
    snippet:
      'For every LLM call record the model, prompt and completion token counts, latency, errors and estimated cost. Roll costs up per agent and per run to find expensive steps.',
  },
  {
    title: 'OpenInference semantic conventions',
    url: 'https://example.org/openinference',
    snippet:
      'OpenInference defines span kinds such as CHAIN, AGENT, TOOL and LLM and attributes like llm.token_count.prompt and llm.cost.total, so LLM tracing backends such as Phoenix and Langfuse render agent traces.',
  },
  {
    title: 'Token pricing of OpenAI models',
    url: 'https://example.org/token-pricing',
    snippet:
      'Models are billed per million input and output tokens. Cached input tokens cost less; reasoning tokens are billed as output. Small models like gpt-4o-mini cost a fraction of larger ones.',
  },
  {
    title: 'Multi-agent research pipelines',
    url: 'https://example.org/research-agents',
    snippet:
      'A research pipeline uses a planner agent to break a question into searches, search agents that run in parallel and summarise results, and a writer agent that composes the final report.',
  },
  {
    title: 'Structured outputs with JSON schema',
    url: 'https://example.org/structured-outputs',
    snippet:
      'Structured outputs constrain a model to produce JSON that matches a schema, which makes agent hand-offs reliable: the planner returns a list of searches, the writer returns a report object.',
  },
  {
    title: 'Rate limits and retries for LLM APIs',
    url: 'https://example.org/rate-limits',
    snippet:
      'APIs answer 429 when a rate limit is hit, often with a retry-after header. Clients should back off and retry 429, 408 and 5xx responses, but not other 4xx errors, which will fail again.',
  },
  {
    title: 'Human in the loop for agents',
    url: 'https://example.org/human-in-the-loop',
    snippet:
      'Some agent steps need human approval, such as a plan before spending money on searches. A durable workflow can wait days for an approval signal or update without holding resources.',
  },
  {
    title: 'Jaeger distributed tracing',
    url: 'https://example.org/jaeger',
    snippet:
      'Jaeger stores and visualises traces. Version 2 is built on the OpenTelemetry Collector and accepts OTLP directly; its query API returns traces by id.',
  },
  {
    title: 'Sampling strategies for traces',
    url: 'https://example.org/sampling',
    snippet:
      'Head sampling decides at the root span whether a trace is recorded; parent-based samplers follow that decision downstream so traces stay complete.',
  },
  {
    title: 'Privacy in LLM traces',
    url: 'https://example.org/llm-privacy',
    snippet:
      'Prompts and completions can contain personal data. Tracing tools offer switches to hide inputs and outputs, and credentials such as API keys must never be recorded in spans or logs.',
  },
  {
    title: 'Renewable energy storage overview',
    url: 'https://example.org/energy-storage',
    snippet:
      'Grid batteries, pumped hydro and thermal storage smooth the output of solar and wind. Lithium-ion dominates short-duration storage while long-duration options are maturing.',
  },
  {
    title: 'Solar power cost trends',
    url: 'https://example.org/solar-costs',
    snippet:
      'The cost of solar photovoltaic modules fell by roughly 90 percent over the last decade, making solar the cheapest new electricity in many regions.',
  },
  {
    title: 'Coffee and health research',
    url: 'https://example.org/coffee-health',
    snippet:
      'Moderate coffee consumption is associated with lower risk of several diseases in observational studies, though causation is hard to establish.',
  },
  {
    title: 'Remote work productivity studies',
    url: 'https://example.org/remote-work',
    snippet:
      'Studies of remote work find mixed productivity effects: focused tasks often benefit while collaboration and mentoring can suffer without deliberate practices.',
  },
  {
    title: 'Ocean currents and climate',
    url: 'https://example.org/ocean-currents',
    snippet:
      'Ocean circulation moves heat from the tropics toward the poles; changes in currents such as the Atlantic overturning circulation affect regional climate.',
  },
];
