// The demo's command line: the query, --review, and a model per agent
// (`--planner anthropic/claude-haiku-4-5 --searcher openai/gpt-4o-mini`).
import type { ResearchModels } from './shared.js';

/** What the demo was asked to do. */
export interface DemoArgs {
  query?: string;
  review: boolean;
  model?: string;
  models: ResearchModels;
}

const VALUE_FLAGS = ['--model', '--planner', '--searcher', '--writer'] as const;

/** Parses the demo's arguments; an unknown flag or a flag without its value throws one line. */
export function parseDemoArgs(argv: readonly string[]): DemoArgs {
  const words: string[] = [];
  const values: Partial<Record<(typeof VALUE_FLAGS)[number], string>> = {};
  let review = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--review') review = true;
    else if ((VALUE_FLAGS as readonly string[]).includes(arg)) {
      const value = argv[++i];
      if (!value || value.startsWith('--'))
        throw new Error(`${arg} needs a model name, e.g. ${arg} anthropic/claude-haiku-4-5`);
      values[arg as (typeof VALUE_FLAGS)[number]] = value;
    } else if (arg.startsWith('--'))
      throw new Error(`unknown option ${arg} (known: --review, ${VALUE_FLAGS.join(', ')})`);
    else words.push(arg);
  }
  return {
    query: words.join(' ').trim() || undefined,
    review,
    model: values['--model'],
    models: { planner: values['--planner'], searcher: values['--searcher'], writer: values['--writer'] },
  };
}

/**
 * Points every provider that is not configured at the offline model, which
 * answers the OpenAI, Azure OpenAI and Anthropic APIs: the demo then runs a
 * mixed pipeline with no key at all.
 */
export function offlineProviderEnv(offlineUrl: string, env: NodeJS.ProcessEnv = process.env): void {
  const root = offlineUrl.replace(/\/v1$/, '');
  env.ANTHROPIC_API_KEY ??= 'offline';
  env.ANTHROPIC_BASE_URL ??= root;
  env.GEMINI_API_KEY ??= 'offline';
  env.GEMINI_BASE_URL ??= offlineUrl;
  env.AZURE_OPENAI_API_KEY ??= 'offline';
  env.AZURE_OPENAI_ENDPOINT ??= root;
  env.OPENAI_API_VERSION ??= '2024-10-21';
}
