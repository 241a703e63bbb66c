import { createRequire } from 'node:module';
import type { BundleOptions } from '@temporalio/worker';
import { siblingModule } from './module-path.js';

/** Browser-like globals the agents SDK needs in the sandbox; loaded before any workflow code. */
const POLYFILLS_MODULE = siblingModule('../workflow/polyfills.js', import.meta.url);

/** Sets the sandbox's `Error.stackTraceLimit` when the plugin is given one; loaded before any workflow code. */
const STACK_TRACE_LIMIT_MODULE = siblingModule('../workflow/stack-trace-limit.js', import.meta.url);

/** The module that loads `@openai/agents-core`, `zod` and our workflow code for every workflow to share. */
const SHARED_SDK_MODULE = siblingModule('../workflow/shared-modules.js', import.meta.url);

/**
 * `preloadModules` with the agents SDK, zod and this package's workflow code
 * added. With Temporal's reusable V8 context (the default), every module a
 * workflow imports is evaluated again for each workflow run unless it is
 * preloaded; `@openai/agents-core` builds hundreds of zod schemas when
 * evaluated, about 9 MB of heap per run in flight. Preloaded modules are
 * evaluated once, deep-frozen and shared (see docs/decisions.md, "Agents SDK
 * shared across workflows").
 */
export function withSharedSdkModules(preloadModules: readonly string[] | undefined): string[] {
  return [...new Set([...(preloadModules ?? []), SHARED_SDK_MODULE])];
}

type WebpackHook = NonNullable<BundleOptions['webpackConfigHook']>;
type WebpackConfig = Parameters<WebpackHook>[0];

/**
 * The bundle-time constant that carries the root sampling ratio into the
 * sandbox: the name `declare`d in workflow/root-sampling.ts.
 */
const ROOT_SAMPLE_RATIO_DEFINE = '__TAO_ROOT_SAMPLE_RATIO__';
/** The same for the sandbox's stack trace depth (workflow/stack-trace-limit.ts). */
const STACK_TRACE_LIMIT_DEFINE = '__TAO_STACK_TRACE_LIMIT__';

/** Values fixed into the workflow bundle when it is built. */
export interface BundleConstants {
  /** Sampling ratio for runs that start without a trace context (see workflow/root-sampling.ts). */
  rootSampleRatio: number;
  /** `Error.stackTraceLimit` in the sandbox; undefined leaves V8's default. */
  stackTraceLimit?: number;
}

/** Webpack's DefinePlugin, from the webpack copy Temporal's bundler itself uses. */
function definePlugin(values: Record<string, string>): unknown {
  const fromWorker = createRequire(createRequire(import.meta.url).resolve('@temporalio/worker'));
  const webpack = fromWorker('webpack') as { DefinePlugin: new (v: Record<string, string>) => unknown };
  return new webpack.DefinePlugin(values);
}

/**
 * Webpack settings the workflow bundle needs:
 * - no async chunks: `@openai/agents-core` has a dynamic `import()` that makes
 *   webpack emit a second chunk the sandbox cannot load;
 * - the sandbox polyfills and the stack trace depth as the first entry modules;
 * - the host's root sampling ratio, which the sandbox cannot read itself.
 */
export function adjustWebpackConfig(config: WebpackConfig, constants?: BundleConstants): WebpackConfig {
  const output = (config.output ??= {});
  output.asyncChunks = false;
  // Extra entry modules run first, so the polyfills exist before any
  // workflow file imports @openai/agents-core, whatever its import order.
  const first = [POLYFILLS_MODULE, STACK_TRACE_LIMIT_MODULE];
  if (typeof config.entry === 'string') config.entry = [...first, config.entry];
  else if (Array.isArray(config.entry) && !config.entry.includes(POLYFILLS_MODULE))
    config.entry = [...first, ...config.entry];
  if (constants) {
    const plugin = definePlugin({
      [ROOT_SAMPLE_RATIO_DEFINE]: JSON.stringify(constants.rootSampleRatio),
      [STACK_TRACE_LIMIT_DEFINE]: JSON.stringify(constants.stackTraceLimit) ?? 'undefined',
    });
    config.plugins = [...(config.plugins ?? []), plugin as NonNullable<WebpackConfig['plugins']>[number]];
  }
  return config;
}

/** Chains our webpack adjustment after the user's own hook, if any. */
export function withOurWebpackHook(
  userHook: WebpackHook | undefined,
  constants?: () => BundleConstants,
): WebpackHook {
  return (config) => adjustWebpackConfig(userHook ? userHook(config) : config, constants?.());
}
