// Workflow bundles, built once per mode by the orchestrator before any child
// starts, as production workers do (`bundleWorkflowCode` at build time). The
// children then load a prebuilt bundle, so webpack's memory and CPU are not
// part of the worker process being measured.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { AgentTracingPlugin } from '../src/host/plugin.js';
import { adjustWebpackConfig, withSharedSdkModules } from '../src/worker/bundler-config.js';
import { type ModeName, PEER_MODE } from './mode.js';
import { RESEARCH_SHARED_MODULES } from '../examples/research/worker.js';

/** The research workflow (workflows.ts). */
export const WORKFLOWS_PATH = fileURLToPath(new URL('./workflows.ts', import.meta.url));

/** The stock package's workflow interceptors module (what its OpenTelemetryPlugin bundles). */
const STOCK_WORKFLOW_INTERCEPTORS = createRequire(import.meta.url).resolve(
  '@temporalio/interceptors-opentelemetry/lib/workflow-interceptors',
);

/** How the sandbox is set up in every Node mode. */
export interface SandboxOptions {
  /** `Error.stackTraceLimit` (the plugin's workflowStackTraceLimit); undefined: V8's default. */
  stackTraceLimit?: number;
}

/** Bundles the research workflow the way each mode's worker would. */
async function bundle(mode: ModeName, sandbox: SandboxOptions): Promise<string> {
  const logger = new DefaultLogger('WARN');
  const { stackTraceLimit } = sandbox;
  const { code } = await bundleWorkflowCode(
    mode === 'c'
      ? // The plugin adds its interceptors module and its webpack adjustment.
        {
          workflowsPath: WORKFLOWS_PATH,
          logger,
          plugins: [new AgentTracingPlugin({ workflowStackTraceLimit: stackTraceLimit })],
          // The research worker's own shared modules, as examples/research/worker.ts has them.
          preloadModules: RESEARCH_SHARED_MODULES,
        }
      : {
          workflowsPath: WORKFLOWS_PATH,
          logger,
          // What the agents SDK needs, tracing or not: sandbox polyfills, no
          // async chunks, and one evaluated copy (with the research modules) shared by all workflows.
          preloadModules: withSharedSdkModules(RESEARCH_SHARED_MODULES),
          webpackConfigHook: (config) => adjustWebpackConfig(config, { rootSampleRatio: 1, stackTraceLimit }),
          workflowInterceptorModules: mode === 'b' ? [STOCK_WORKFLOW_INTERCEPTORS] : [],
        },
  );
  return code;
}

export interface Bundles {
  path(mode: ModeName): string;
  /** Their temporary directory, removed with them: room for the run's other files. */
  dir: string;
  remove(): void;
}

/** Builds one bundle per Node mode into a temporary directory (the Python peer needs none). */
export async function buildBundles(
  modes: readonly ModeName[],
  sandbox: SandboxOptions = {},
): Promise<Bundles> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-bundles-'));
  for (const mode of modes)
    if (mode !== PEER_MODE) writeFileSync(join(dir, `${mode}.js`), await bundle(mode, sandbox));
  return {
    path: (mode) => (mode === PEER_MODE ? '' : join(dir, `${mode}.js`)),
    dir,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
