// Activities of the research pipeline: the model call and the search tool.
import OpenAI from 'openai';
import { createModelActivities } from '../../src/worker/index.js';
import { formatResults, type SearchBackend } from './search/backend.js';
import { CorpusSearch } from './search/corpus-search.js';

/** Options of {@link createResearchActivities}. */
export interface ResearchActivitiesOptions {
  /** OpenAI client (default: from OPENAI_API_KEY / OPENAI_BASE_URL). */
  openai?: OpenAI;
  /** Search backend (default: the bundled corpus). */
  search?: SearchBackend;
  /** Results per search. */
  resultsPerSearch?: number;
  /** Models to check at start, and the environment providers are configured from; see createModelActivities. */
  models?: readonly string[];
  env?: Record<string, string | undefined>;
}

/** All activities the research worker registers. */
export function createResearchActivities(options: ResearchActivitiesOptions = {}) {
  const search = options.search ?? new CorpusSearch();
  const limit = options.resultsPerSearch ?? 3;
  return {
    ...createModelActivities({ client: options.openai, models: options.models, env: options.env }),
    async webSearch({ query }: { query: string }): Promise<string> {
      return formatResults(query, await search.search(query, limit));
    },
  };
}
