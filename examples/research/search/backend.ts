/** One search hit. */
export interface SearchResult {
  title: string;
  url: string;
  snippet: string;
}

/** What the webSearch activity needs from a search engine; implement it to plug in a real one. */
export interface SearchBackend {
  search(query: string, limit: number): Promise<SearchResult[]>;
}

/**
 * Upper bound of the text one search returns. Tool results travel through
 * workflow history (into the next model call's input), and Temporal refuses a
 * workflow task whose commands exceed 4 MB; parallel agents multiply this.
 */
export const MAX_RESULT_CHARS = 16_000;

/** Formats hits as the text the search agent reads, cut to {@link MAX_RESULT_CHARS}. */
export function formatResults(query: string, results: SearchResult[]): string {
  if (results.length === 0) return `No results for "${query.slice(0, 200)}".`;
  const text = results.map((r, i) => `[${i + 1}] ${r.title} (${r.url})\n${r.snippet}`).join('\n\n');
  return text.length > MAX_RESULT_CHARS ? text.slice(0, MAX_RESULT_CHARS) + '\n[truncated]' : text;
}
