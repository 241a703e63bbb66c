import type { SearchBackend, SearchResult } from './backend.js';
import { CORPUS } from './corpus.js';

const STOP_WORDS = new Set([
  'the',
  'a',
  'an',
  'of',
  'and',
  'or',
  'to',
  'in',
  'on',
  'for',
  'with',
  'is',
  'are',
  'how',
  'what',
  'why',
  'does',
  'do',
]);

function terms(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 1 && !STOP_WORDS.has(t));
}

/**
 * Ranks the bundled corpus by term overlap (title hits count double). Offline
 * and deterministic: the default backend for demos and tests.
 */
export class CorpusSearch implements SearchBackend {
  constructor(private readonly documents: readonly SearchResult[] = CORPUS) {}

  async search(query: string, limit: number): Promise<SearchResult[]> {
    const wanted = new Set(terms(query));
    return this.documents
      .map((doc, index) => {
        const title = terms(doc.title).filter((t) => wanted.has(t)).length;
        const body = terms(doc.snippet).filter((t) => wanted.has(t)).length;
        return { doc, index, score: title * 2 + body };
      })
      .filter((r) => r.score > 0)
      .sort((a, b) => b.score - a.score || a.index - b.index)
      .slice(0, limit)
      .map((r) => r.doc);
  }
}
