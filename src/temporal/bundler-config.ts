import type { BundleOptions } from '@temporalio/worker';

type WebpackHook = NonNullable<BundleOptions['webpackConfigHook']>;
type WebpackConfig = Parameters<WebpackHook>[0];

/**
 * Webpack settings the workflow bundle needs:
 * - `.js` imports resolve to `.ts` sources, so TypeScript written for NodeNext
 *   (ours and the user's) bundles without a build step;
 * - no async chunks: `@openai/agents-core` has a dynamic `import()` that makes
 *   webpack emit a second chunk the sandbox cannot load.
 */
export function adjustWebpackConfig(config: WebpackConfig): WebpackConfig {
  const resolve = (config.resolve ??= {});
  resolve.extensionAlias = { ...(resolve.extensionAlias ?? {}), '.js': ['.js', '.ts'] };
  const output = (config.output ??= {});
  output.asyncChunks = false;
  return config;
}

/** Chains our webpack adjustment after the user's own hook, if any. */
export function withOurWebpackHook(userHook: WebpackHook | undefined): WebpackHook {
  return (config) => adjustWebpackConfig(userHook ? userHook(config) : config);
}
