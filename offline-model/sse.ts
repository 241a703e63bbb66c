/**
 * Server-sent events helpers shared by both streaming APIs.
 */
import type { ServerResponse } from 'node:http';

/** Sends the SSE response head. */
export function startSse(res: ServerResponse): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
}

/** Writes one event; `event` names it, as the Responses API does. */
export function writeSse(res: ServerResponse, data: unknown, event?: string): void {
  const head = event ? `event: ${event}\n` : '';
  res.write(`${head}data: ${JSON.stringify(data)}\n\n`);
}

/** Writes the Chat Completions end-of-stream sentinel and ends the response. */
export function endSseWithDone(res: ServerResponse): void {
  res.end('data: [DONE]\n\n');
}

/**
 * Splits text into word-group chunks so streams look like token deltas; the
 * chunks concatenate back to exactly the input.
 */
export function chunkText(text: string, wordsPerChunk = 3): string[] {
  const words = text.match(/\s*\S+/g);
  if (!words) return text.length > 0 ? [text] : [];
  const chunks: string[] = [];
  for (let i = 0; i < words.length; i += wordsPerChunk) {
    chunks.push(words.slice(i, i + wordsPerChunk).join(''));
  }
  // Keep trailing whitespace, which the word regex does not capture.
  const tail = text.slice(chunks.join('').length);
  if (tail) chunks[chunks.length - 1] += tail;
  return chunks;
}
