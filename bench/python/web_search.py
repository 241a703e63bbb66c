"""The webSearch tool's activity for the Python peer (bench mode p).

A port of examples/research/search/corpus-search.ts (ranking) and backend.ts
(formatResults), over the corpus the orchestrator writes as JSON
(bench/peer-corpus.ts), so that both stacks return the same text for the same
query. The JSON also carries results computed by the TypeScript code;
load_corpus() recomputes them here and refuses to start on any difference.
"""

import json
import re

from temporalio import activity

STOP_WORDS = frozenset(
    ["the", "a", "an", "of", "and", "or", "to", "in", "on", "for", "with", "is", "are"]
    + ["how", "what", "why", "does", "do"]
)
_NOT_TERM = re.compile(r"[^a-z0-9]+")


def _terms(text: str) -> list[str]:
    # JS toLowerCase and str.lower() are both Unicode full case mappings, and
    # only [a-z0-9] survives the split, so the terms are the same.
    return [t for t in _NOT_TERM.split(text.lower()) if len(t) > 1 and t not in STOP_WORDS]


def _utf16_len(text: str) -> int:
    """String length as JavaScript counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _utf16_slice(text: str, end: int) -> str:
    """`text.slice(0, end)` as JavaScript does it (may split a surrogate pair, as JS does)."""
    units = text.encode("utf-16-le", "surrogatepass")[: 2 * end]
    return units.decode("utf-16-le", "surrogatepass")


class CorpusSearch:
    """Ranks documents by term overlap with the query, title hits counting double."""

    def __init__(self, documents: list[dict], limit: int, max_chars: int) -> None:
        self._documents = documents
        self._limit = limit
        self._max_chars = max_chars

    def search(self, query: str) -> list[dict]:
        wanted = set(_terms(query))
        scored = []
        # Documents are tokenized on every search, as the TypeScript backend does (same work).
        for index, doc in enumerate(self._documents):
            title = sum(1 for t in _terms(doc["title"]) if t in wanted)
            body = sum(1 for t in _terms(doc["snippet"]) if t in wanted)
            if title * 2 + body > 0:
                scored.append((title * 2 + body, index, doc))
        # Highest score first, ties in corpus order (JS: b.score - a.score || a.index - b.index).
        scored.sort(key=lambda r: (-r[0], r[1]))
        return [doc for _, _, doc in scored[: self._limit]]

    def results_text(self, query: str) -> str:
        """What the search agent reads: formatResults(query, search(query, limit))."""
        results = self.search(query)
        if not results:
            return f'No results for "{_utf16_slice(query, 200)}".'
        text = "\n\n".join(
            f"[{i + 1}] {r['title']} ({r['url']})\n{r['snippet']}" for i, r in enumerate(results)
        )
        if _utf16_len(text) > self._max_chars:
            return _utf16_slice(text, self._max_chars) + "\n[truncated]"
        return text


_search: CorpusSearch | None = None


def load_corpus(path: str) -> None:
    """Loads the corpus and checks every reference result against this port."""
    global _search
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    search = CorpusSearch(data["documents"], data["resultsPerSearch"], data["maxResultChars"])
    for check in data["checks"]:
        got = search.results_text(check["query"])
        if got != check["text"]:
            raise RuntimeError(
                f"web search port differs from the TypeScript corpus search for {check['query']!r}:\n"
                f"expected {check['text']!r}\ngot      {got!r}"
            )
    _search = search


# The tool is named after the function (activity_as_tool takes the name, description
# and parameter description from it and its docstring), hence the camelCase name.
@activity.defn(name="webSearch")
async def webSearch(query: str) -> str:  # noqa: N802
    """Search the web for a term and return the top results as text.

    Args:
        query: The search term.
    """
    if _search is None:
        raise RuntimeError("web search corpus not loaded (load_corpus)")
    return _search.results_text(query)
