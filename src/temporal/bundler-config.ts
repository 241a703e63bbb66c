import type { BundleOptions } from '@temporalio/worker';
import { siblingModule } from './module-path.js';

/** Browser-like globals the agents SDK needs in the sandbox; loaded before any workflow code. */
const POLYFILLS_MODULE = siblingModule('../agents/workflow/polyfills.js', import.meta.url);

type WebpackHook = NonNullable<BundleOptions['webpackConfigHook']>;
type WebpackConfig = Parameters<WebpackHook>[0];

/**
 * Webpack settings the workflow bundle needs:
 * - no async chunks: `@openai/agents-core` has a dynamic `import()` that makes
 *   webpack emit a second chunk the sandbox cannot load;
 * - the sandbox polyfills as the first entry module.
 */
export function adjustWebpackConfig(config: WebpackConfig): WebpackConfig {
  const output = (config.output ??= {});
  output.asyncChunks = false;
  // An extra entry module runs first, so the polyfills exist before any
  // workflow file imports @openai/agents-core, whatever its import order.
  if (typeof config.entry === 'string') config.entry = [POLYFILLS_MODULE, config.entry];
  else if (Array.isArray(config.entry) && !config.entry.includes(POLYFILLS_MODULE))
    config.entry = [POLYFILLS_MODULE, ...config.entry];
  return config;
}

/** Chains our webpack adjustment after the user's own hook, if any. */
export function withOurWebpackHook(userHook: WebpackHook | undefined): WebpackHook {
  return (config) => adjustWebpackConfig(userHook ? userHook(config) : config);
}
