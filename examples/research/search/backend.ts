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

/** Formats hits as the text the search agent reads. */
export function formatResults(query: string, results: SearchResult[]): string {
  if (results.length === 0) return `No results for "${query}".`;
  return results.map((r, i) => `[${i + 1}] ${r.title} (${r.url})\n${r.snippet}`).join('\n\n');
}
