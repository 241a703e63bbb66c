import type { ClientOptions, ClientPlugin } from '@temporalio/client';
import type {
  BundleOptions,
  BundlerPlugin,
  ReplayWorkerOptions,
  WorkerOptions,
  WorkerPlugin,
} from '@temporalio/worker';
import { getTelemetry, type Telemetry } from '../telemetry/index.js';
import { withOurWebpackHook } from './bundler-config.js';
import { TracingWorkflowClientInterceptor } from './client/workflow-client-interceptor.js';
import { siblingModule } from './module-path.js';
import { activityTracingInterceptors } from './worker/activity-interceptor.js';
import { workflowSpanSinks } from './worker/workflow-span-receiver.js';

/** Path of the workflow interceptor module, for `bundleWorkflowCode` users. */
export const WORKFLOW_INTERCEPTORS_MODULE = siblingModule('./workflow/interceptors.js', import.meta.url);

/** Options of {@link AgentTracingPlugin}. */
export interface AgentTracingPluginOptions {
  /** The telemetry to export workflow spans through; defaults to the one set up in this process. */
  telemetry?: Telemetry;
}

/**
 * One object for `Worker.create({ plugins })`, `new Client({ plugins })` and
 * `bundleWorkflowCode({ plugins })`: installs the client, workflow and
 * activity interceptors and ships workflow spans out of the sandbox.
 */
export class AgentTracingPlugin implements WorkerPlugin, ClientPlugin, BundlerPlugin {
  readonly name = 'temporal-agents-otel';
  private readonly telemetryOf: () => Telemetry | undefined;

  constructor(options: AgentTracingPluginOptions = {}) {
    this.telemetryOf = () => options.telemetry ?? getTelemetry();
  }

  configureClient(options: Omit<ClientOptions, 'plugins'>): Omit<ClientOptions, 'plugins'> {
    const existing = options.interceptors?.workflow;
    if (existing && !Array.isArray(existing)) {
      throw new Error(
        'temporal-agents-otel: the deprecated object form of client workflow interceptors is not supported; pass an array',
      );
    }
    return {
      ...options,
      interceptors: {
        ...options.interceptors,
        workflow: [...(existing ?? []), new TracingWorkflowClientInterceptor()],
      },
    };
  }

  configureWorker(options: WorkerOptions): WorkerOptions {
    const withWorkflowSide = this.withWorkflowSide(options);
    return {
      ...withWorkflowSide,
      interceptors: {
        ...withWorkflowSide.interceptors,
        activity: [...(options.interceptors?.activity ?? []), activityTracingInterceptors],
      },
    };
  }

  configureReplayWorker(options: ReplayWorkerOptions): ReplayWorkerOptions {
    return this.withWorkflowSide(options);
  }

  /**
   * The sink, plus the workflow interceptor module and webpack settings when
   * this worker bundles its workflows. A prebuilt `workflowBundle` must have
   * been made with `bundleWorkflowCode({ plugins: [thisPlugin] })`; adding
   * bundler options then would only make Temporal warn that it ignores them.
   */
  private withWorkflowSide<T extends WorkerOptions | ReplayWorkerOptions>(options: T): T {
    const withSinks = { ...options, sinks: { ...options.sinks, ...workflowSpanSinks(this.telemetryOf) } };
    if (options.workflowBundle) return withSinks;
    return {
      ...withSinks,
      interceptors: {
        ...options.interceptors,
        workflowModules: [...(options.interceptors?.workflowModules ?? []), WORKFLOW_INTERCEPTORS_MODULE],
      },
      bundlerOptions: {
        ...options.bundlerOptions,
        webpackConfigHook: withOurWebpackHook(options.bundlerOptions?.webpackConfigHook),
      },
    };
  }

  configureBundler(options: BundleOptions): BundleOptions {
    return {
      ...options,
      workflowInterceptorModules: [
        ...(options.workflowInterceptorModules ?? []),
        WORKFLOW_INTERCEPTORS_MODULE,
      ],
      webpackConfigHook: withOurWebpackHook(options.webpackConfigHook),
    };
  }
}
