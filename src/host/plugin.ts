import type { ClientOptions, ClientPlugin, WorkflowClientInterceptor } from '@temporalio/client';
import type {
  BundleOptions,
  BundlerPlugin,
  NativeConnection,
  ReplayWorkerOptions,
  Worker,
  WorkerOptions,
  WorkerPlugin,
} from '@temporalio/worker';
import type { Sampler } from '@opentelemetry/api';
import { type BundleConstants, withOurWebpackHook, withSharedSdkModules } from '../worker/bundler-config.js';
import { TracingWorkflowClientInterceptor } from '../client/workflow-client-interceptor.js';
import { nexusTracingInterceptors } from '../worker/nexus-interceptor.js';
import { siblingModule } from '../worker/module-path.js';
import { activityTracingInterceptors } from '../worker/activity-interceptor.js';
import { type HistoryTimings, PendingRunSpans, workflowSpanSinks } from '../worker/workflow-span-receiver.js';
import { historyTimingsReader } from '../worker/run-history-timings.js';
import { type LinksConfig, loadLinksConfig } from '../config/links-config.js';
import { rootSampleRatioOf } from '../worker/root-sample-ratio.js';
import {
  resolveSpanTarget,
  type SpanTarget,
  spanTargetResolver,
  type SpanTargetOptions,
} from '../worker/span-target.js';

/** Path of the workflow interceptor module, for `bundleWorkflowCode` users. */
export const WORKFLOW_INTERCEPTORS_MODULE = siblingModule('../workflow/interceptors.js', import.meta.url);

/**
 * Options of {@link AgentTracingPlugin}. With none, workflow spans go through
 * the OpenTelemetry SDK registered in the process (NodeSDK, a
 * NodeTracerProvider, or setupTelemetry()).
 */
export interface AgentTracingPluginOptions extends SpanTargetOptions {
  /**
   * Sampler to mirror for runs started with no trace context (schedules, the
   * CLI); defaults to the registered SDK's, else OTEL_TRACES_SAMPLER.
   */
  sampler?: Sampler;
  /** The ratio itself, for a sampler that cannot be mirrored; wins over `sampler`. */
  rootSampleRatio?: number;
  /**
   * Evaluate `@openai/agents-core`, `zod` and this package's workflow code
   * once per worker and share them between workflow runs (Temporal's
   * `preloadModules`) instead of once per run: about 9 MB less heap per run in
   * flight. Temporal deep-freezes shared modules, so turn this off if workflow
   * code reconfigures them (`z.config()`). Default true.
   */
  shareAgentsSdk?: boolean;
  /**
   * Frames in the stack traces of the workflow sandbox (`Error.stackTraceLimit`,
   * V8's default 10). Temporal captures and source-maps a stack for every
   * promise a workflow creates; a research run spends about a quarter of its
   * worker CPU there. Fewer frames cost less CPU but show less in workflow
   * failures and in Temporal's stack-trace query; 0 turns both off. Default:
   * unchanged. Measured in docs/performance.md.
   */
  workflowStackTraceLimit?: number;
  /**
   * When a run closes, read its history (one request, on the worker's own
   * connection) and put the exact queue times on its RunWorkflow span:
   * `temporal.workflow_task.queue_wait_ms` and `temporal.time.queue_ms`, which
   * workflow code cannot see. The span is exported once the read returns.
   * Default: `TEMPORAL_HISTORY_TIMINGS`, else false.
   */
  historyTimings?: boolean;
}

/**
 * One object for `Worker.create({ plugins })`, `new Client({ plugins })` and
 * `bundleWorkflowCode({ plugins })`: installs the client, workflow and
 * activity interceptors and ships workflow spans out of the sandbox.
 */
export class AgentTracingPlugin implements WorkerPlugin, ClientPlugin, BundlerPlugin {
  readonly name = 'temporal-agents-otel';
  private readonly targetOf: () => SpanTarget | undefined;
  private readonly bundleConstants: () => BundleConstants;
  private readonly shareAgentsSdk: boolean;
  private readonly links: () => LinksConfig;
  private readonly historyTimings: () => boolean;
  private readonly pendingRunSpans = new PendingRunSpans();

  constructor(options: AgentTracingPluginOptions = {}) {
    const ratio = options.rootSampleRatio;
    if (ratio !== undefined && !(ratio >= 0 && ratio <= 1)) {
      throw new RangeError(
        `AgentTracingPlugin: rootSampleRatio must be a number from 0 to 1, got ${String(ratio)}`,
      );
    }
    const limit = options.workflowStackTraceLimit;
    if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0 && limit <= 100)) {
      throw new RangeError(
        `AgentTracingPlugin: workflowStackTraceLimit must be a whole number from 0 to 100, got ${String(limit)}`,
      );
    }
    this.targetOf = spanTargetResolver(options);
    // Read on first use, so a bad value stops the worker or client that needs it with one line.
    let links: LinksConfig | undefined;
    this.links = () => (links ??= loadLinksConfig());
    this.shareAgentsSdk = options.shareAgentsSdk ?? true;
    this.historyTimings = () => options.historyTimings ?? this.links().historyTimings;
    // Read when the bundle is built (Worker.create), after the app's SDK has started.
    this.bundleConstants = () => ({
      stackTraceLimit: limit,
      rootSampleRatio:
        options.rootSampleRatio ?? rootSampleRatioOf(options.sampler ?? resolveSpanTarget(options)?.sampler),
    });
  }

  configureClient(options: Omit<ClientOptions, 'plugins'>): Omit<ClientOptions, 'plugins'> {
    return {
      ...options,
      interceptors: {
        ...options.interceptors,
        workflow: this.withClientInterceptor(options.interceptors?.workflow),
      },
    };
  }

  /** Client workflow interceptors with ours last. */
  private withClientInterceptor(
    existing: NonNullable<ClientOptions['interceptors']>['workflow'],
  ): WorkflowClientInterceptor[] {
    if (existing && !Array.isArray(existing)) {
      throw new Error(
        'temporal-agents-otel: the deprecated object form of client workflow interceptors is not supported; pass an array',
      );
    }
    const ours = new TracingWorkflowClientInterceptor({
      traceIdSearchAttribute: this.links().traceIdSearchAttribute,
    });
    return [...(existing ?? []), ours];
  }

  configureWorker(options: WorkerOptions): WorkerOptions {
    const withWorkflowSide = this.withWorkflowSide(options, this.timingsFor(options));
    return {
      ...withWorkflowSide,
      interceptors: {
        ...withWorkflowSide.interceptors,
        activity: [...(options.interceptors?.activity ?? []), activityTracingInterceptors],
        nexus: [...(options.interceptors?.nexus ?? []), nexusTracingInterceptors],
        // The client the worker gives activities and Nexus handlers: what it starts joins their trace.
        client: {
          ...options.interceptors?.client,
          workflow: this.withClientInterceptor(options.interceptors?.client?.workflow),
        },
      },
    };
  }

  configureReplayWorker(options: ReplayWorkerOptions): ReplayWorkerOptions {
    return this.withWorkflowSide(options);
  }

  /** Waits, once the worker has stopped, for RunWorkflow spans still held for their history timings. */
  async runWorker(worker: Worker, next: (w: Worker) => Promise<void>): Promise<void> {
    try {
      await next(worker);
    } finally {
      await this.pendingRunSpans.settled();
    }
  }

  private timingsFor(options: WorkerOptions): HistoryTimings | undefined {
    if (!this.historyTimings()) return undefined;
    const connection = options.connection as NativeConnection | undefined;
    if (!connection)
      throw new Error(
        'temporal-agents-otel: historyTimings reads run histories on the worker connection; pass `connection` to Worker.create',
      );
    return {
      read: historyTimingsReader(connection, options.namespace ?? 'default'),
      pending: this.pendingRunSpans,
    };
  }

  /**
   * The sink, plus the workflow interceptor module and webpack settings when
   * this worker bundles its workflows. A prebuilt `workflowBundle` must have
   * been made with `bundleWorkflowCode({ plugins: [thisPlugin] })`; adding
   * bundler options then would only make Temporal warn that it ignores them.
   */
  private withWorkflowSide<T extends WorkerOptions | ReplayWorkerOptions>(
    options: T,
    timings?: HistoryTimings,
  ): T {
    const withSinks = {
      ...options,
      sinks: { ...options.sinks, ...workflowSpanSinks(this.targetOf, this.links().temporalUiUrl, timings) },
    };
    if (options.workflowBundle) return withSinks;
    return {
      ...withSinks,
      interceptors: {
        ...options.interceptors,
        workflowModules: [...(options.interceptors?.workflowModules ?? []), WORKFLOW_INTERCEPTORS_MODULE],
      },
      bundlerOptions: {
        ...options.bundlerOptions,
        preloadModules: this.preloadModules(options.bundlerOptions?.preloadModules),
        webpackConfigHook: withOurWebpackHook(
          options.bundlerOptions?.webpackConfigHook,
          this.bundleConstants,
        ),
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
      preloadModules: this.preloadModules(options.preloadModules),
      webpackConfigHook: withOurWebpackHook(options.webpackConfigHook, this.bundleConstants),
    };
  }

  private preloadModules(userModules: string[] | undefined): string[] | undefined {
    return this.shareAgentsSdk ? withSharedSdkModules(userModules) : userModules;
  }
}
