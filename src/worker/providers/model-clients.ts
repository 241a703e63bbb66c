// One client per provider, made when first needed, and the agents SDK Model
// that calls a routed model through it. Every client has its own retries off:
// Temporal's retry policy governs, attempt by attempt.
import { createRequire } from 'node:module';
import type { Model } from '@openai/agents-core';
import { OpenAIChatCompletionsModel, OpenAIResponsesModel } from '@openai/agents-openai';
import OpenAI, { AzureOpenAI } from 'openai';
import { ConfigError } from '../../config/errors.js';
import {
  type ModelRoute,
  type ProviderSettings,
  providerSettings,
  routeModel,
} from '../../config/model-providers.js';
import type { Env } from '../../config/parse.js';
import { instrumentAnthropic } from '../../telemetry/instrument-anthropic.js';
import { type AnthropicClient, AnthropicMessagesModel } from './anthropic-model.js';
import type { ModelApi } from './model-api.js';

/** A model ready to call, with what the call's spans and metrics need. */
export interface RoutedModel {
  model: Model;
  route: ModelRoute;
  api: ModelApi;
}

/** Options of {@link ModelClients}. */
export interface ModelClientsOptions {
  /** OpenAI client for `openai` models (default: from OPENAI_API_KEY / OPENAI_BASE_URL). */
  openai?: OpenAI;
  /** Which OpenAI API `openai` models use (default: Responses). */
  api?: 'responses' | 'chat_completions';
  env?: Env;
}

const ANTHROPIC_SDK = '@anthropic-ai/sdk';

/** Routes model names to providers and keeps one client per provider. */
export class ModelClients {
  private readonly clients = new Map<string, Promise<unknown>>();
  private readonly env: Env;
  /** Credentials in use, kept out of failure messages. */
  readonly secrets: string[] = [];

  constructor(private readonly options: ModelClientsOptions = {}) {
    this.env = options.env ?? process.env;
    if (options.openai) this.remember(options.openai.apiKey ?? undefined);
  }

  /** Checks at start that every model routes to a configured, installed provider. */
  validate(models: readonly string[]): void {
    for (const name of models) {
      const route = routeModel(name, this.env);
      providerSettings(route, this.env);
      if (route.kind === 'openai' && !this.options.openai && !this.env.OPENAI_API_KEY)
        throw new ConfigError('OPENAI_API_KEY', `is required to call ${route.model}`);
      if (route.kind === 'anthropic') requireInstalled(ANTHROPIC_SDK, name);
    }
  }

  /** The model for `name`; a configuration problem is a {@link ConfigError}. */
  async modelFor(name: string): Promise<RoutedModel> {
    const route = routeModel(name, this.env);
    if (route.kind === 'anthropic') {
      const client = (await this.client(route, (s) => anthropicClient(s))) as AnthropicClient;
      return { route, api: 'messages', model: new AnthropicMessagesModel(client, route.model) };
    }
    const openai = (await this.client(route, (s) => openAiClient(route, s, this.options.openai))) as OpenAI;
    const api = route.kind === 'openai' ? (this.options.api ?? 'responses') : 'chat_completions';
    const model =
      api === 'responses'
        ? new OpenAIResponsesModel(openai, route.model)
        : new OpenAIChatCompletionsModel(openai, route.model);
    return { route, api, model };
  }

  private client(route: ModelRoute, make: (s: ProviderSettings) => Promise<unknown>): Promise<unknown> {
    let client = this.clients.get(route.provider);
    if (!client) {
      const settings = providerSettings(route, this.env);
      this.remember(settings.apiKey);
      client = make(settings);
      client.catch(() => this.clients.delete(route.provider));
      this.clients.set(route.provider, client);
    }
    return client;
  }

  private remember(key: string | undefined): void {
    if (key && key.length >= 8 && !this.secrets.includes(key)) this.secrets.push(key);
  }
}

async function openAiClient(
  route: ModelRoute,
  s: ProviderSettings,
  given: OpenAI | undefined,
): Promise<OpenAI> {
  if (route.kind === 'azure') {
    // The base URL given outright: the client would otherwise take OPENAI_BASE_URL (meant for
    // OpenAI) and refuse it beside an endpoint. No fixed deployment, so one client serves every
    // deployment, named per call by the model.
    return new AzureOpenAI({
      apiKey: s.apiKey,
      baseURL: `${s.baseURL}/openai`,
      apiVersion: s.apiVersion,
      maxRetries: 0,
    });
  }
  if (route.kind === 'openai') {
    if (given) return given.withOptions({ maxRetries: 0 });
    if (!s.apiKey) throw new ConfigError('OPENAI_API_KEY', `is required to call ${route.model}`);
  }
  return new OpenAI({ apiKey: s.apiKey, baseURL: s.baseURL, maxRetries: 0 });
}

async function anthropicClient(s: ProviderSettings): Promise<AnthropicClient> {
  let module: { default: new (options: object) => AnthropicClient };
  try {
    module = (await import(ANTHROPIC_SDK)) as typeof module;
  } catch {
    throw new ConfigError(
      ANTHROPIC_SDK,
      'is not installed: npm install @anthropic-ai/sdk to call anthropic/ models',
    );
  }
  instrumentAnthropic(module);
  // The SDK's own call spans (on by default since 1.x) would be a second span per call, with
  // gen_ai.usage.* that backends sum again; the OpenInference span is the one LLM span.
  return new module.default({
    apiKey: s.apiKey,
    baseURL: s.baseURL,
    maxRetries: 0,
    openTelemetry: { traces: false },
  });
}

function requireInstalled(name: string, model: string): void {
  try {
    createRequire(import.meta.url).resolve(name);
  } catch {
    throw new ConfigError(name, `is not installed: npm install ${name} to call ${model}`);
  }
}

/**
 * Checks that every model routes to a provider that is configured (its key
 * and endpoint variables) and installed; throws a one-line {@link ConfigError}
 * naming the first missing variable. For a process's start, before any work.
 */
export function checkModelProviders(models: readonly string[], env: Env = process.env): void {
  new ModelClients({ env }).validate(models);
}
