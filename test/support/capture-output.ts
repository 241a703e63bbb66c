// Records everything this process writes to stdout and stderr and every
// console call, passing it through unchanged, so a test can scan it.
import { inspect } from 'node:util';

export interface OutputCapture {
  /** Everything written or logged since the capture started. */
  text(): string;
  /** Puts the original writers back. Idempotent. */
  stop(): void;
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir'] as const;

const toText = (chunk: unknown): string =>
  typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');

/** Starts recording process.stdout/stderr writes and console calls. */
export function captureOutput(): OutputCapture {
  const chunks: string[] = [];
  const restore: (() => void)[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write;
    stream.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
      chunks.push(toText(chunk));
      return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    } as typeof stream.write;
    restore.push(() => {
      stream.write = original;
    });
  }
  for (const method of CONSOLE_METHODS) {
    const original = console[method];
    console[method] = (...args: unknown[]) => {
      chunks.push(args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 20 }))).join(' '));
      (original as (...a: unknown[]) => void).apply(console, args);
    };
    restore.push(() => {
      console[method] = original;
    });
  }
  let stopped = false;
  return {
    text: () => chunks.join('\n'),
    stop() {
      if (stopped) return;
      stopped = true;
      for (const undo of restore.reverse()) undo();
    },
  };
}
