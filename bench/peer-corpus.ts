// The search corpus for the Python peer (mode p), written as JSON by the
// orchestrator: the documents, the settings of the research activities, and
// reference results of the TypeScript search for a set of queries. The
// Python port (bench/python/web_search.py) recomputes those and refuses to
// start on any difference, so both stacks' webSearch give the same text.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatResults, MAX_RESULT_CHARS } from '../examples/research/search/backend.js';
import { CorpusSearch } from '../examples/research/search/corpus-search.js';
import { CORPUS } from '../examples/research/search/corpus.js';
import { MIN_SEARCHES } from '../examples/research/shared.js';
import { queryText, reasonText } from '../offline-model/text.js';

/** What createResearchActivities uses by default. */
const RESULTS_PER_SEARCH = 3;

/** The load's queries (load.ts and bench/python/peer_load.py). */
const LOAD_QUERIES = [
  'How do durable execution engines recover from worker crashes?',
  'What drives the cost of large language model inference?',
  'Compare tracing backends for LLM observability.',
  'How does OpenTelemetry propagate context across processes?',
  'What are the trade-offs of batching span exports?',
];

/**
 * The webSearch queries the benchmark's search agents send: the offline model
 * plans MIN_SEARCHES searches per query and fills the tool's `query` argument
 * from the search agent's input (schema-fill.ts, text.ts). Derived with the
 * offline model's own text functions, as the workflow builds the inputs.
 */
function offlineSearchTerms(query: string): string[] {
  const planner = { request: `Query: ${query}`, material: `Query: ${query}` };
  return Array.from({ length: MIN_SEARCHES }, (_, i) => {
    const request = `Search term: ${queryText(planner, i)}\nReason for searching: ${reasonText(planner, i)}`;
    return queryText({ request, material: request }, undefined);
  });
}

/**
 * Queries checked at the peer's startup: the load's queries, the search
 * terms the offline model derives from them, and edge cases of tokenizing,
 * ranking ties and cutting (case, punctuation, digits, non-ASCII, stop words
 * only, no hit with a long query cut at 200 UTF-16 units).
 */
const CHECK_QUERIES = [
  ...LOAD_QUERIES,
  ...LOAD_QUERIES.flatMap(offlineSearchTerms),
  'durable execution',
  'OpenTelemetry OTLP exporters Jaeger collector',
  'gpt-4o-mini token pricing (2024)',
  'SOLAR power... COST trends!',
  'Ünïcode naïve café — tracing?',
  'the of and or to in on for with is are how what why does do',
  '',
  'a',
  `${'zzz '.repeat(70)}🙂 end`,
  `${'🙂'.repeat(150)}`,
  `a${'🙂'.repeat(150)}`, // the cut at 200 units splits a surrogate pair, as String.slice does
];

/** Writes the corpus file into `dir` and returns its path. */
export async function writePeerCorpus(dir: string): Promise<string> {
  const search = new CorpusSearch();
  const checks = [];
  for (const query of CHECK_QUERIES) {
    checks.push({ query, text: formatResults(query, await search.search(query, RESULTS_PER_SEARCH)) });
  }
  const path = join(dir, 'peer-search-corpus.json');
  writeFileSync(
    path,
    JSON.stringify({
      documents: CORPUS,
      resultsPerSearch: RESULTS_PER_SEARCH,
      maxResultChars: MAX_RESULT_CHARS,
      checks,
    }),
  );
  return path;
}
