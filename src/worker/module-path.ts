import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Absolute path of a sibling module given its `.js` name, falling back to the
 * `.ts` source when running un-built (tsx, vitest). Temporal's bundler needs a
 * file path for workflow interceptor modules.
 */
export function siblingModule(relativeJs: string, base: string): string {
  const js = fileURLToPath(new URL(relativeJs, base));
  if (existsSync(js)) return js;
  const ts = js.replace(/\.js$/, '.ts');
  if (existsSync(ts)) return ts;
  throw new Error(`temporal-agents-otel: cannot find ${relativeJs} next to ${fileURLToPath(base)}`);
}
