// Exports runs from Temporal's event history to the configured span pipeline:
// one run, or every run a visibility query matches, children included, with
// ids derived from the runs so that exporting again changes nothing.
import type { Client } from '@temporalio/client';
import { loadLinksConfig } from '../config/links-config.js';
import type { SpanTarget } from '../worker/span-target.js';
import { type ActivityMap, mappedModelReader } from './activity-map.js';
import { buildRunTrace } from './build-trace.js';
import { KNOWN_MODEL_ACTIVITIES } from './known-model-activities.js';
import type { ModelCallReader } from './model-call.js';
import { type PayloadOptions, readPayloadValues } from './payload-values.js';
import { readRunHistory } from './read-events.js';
import { fetchRunHistory } from './history-reads.js';
import { type RunRecord, type RunRef, runLabel } from './run-record.js';
import { historySpanId, historyTraceId } from './span-ids.js';
import type { DeliveryCheck } from './delivery.js';
import { SpanHandOff } from './span-hand-off.js';
import { buildLiveTraceLlmSpans } from './live-trace-llm-spans.js';
import { nestedRuns, OutliverClaims } from './nested-runs.js';
import { UpstreamPlacement } from './upstream-placement.js';
import {
  type Placement,
  placeRun,
  type TracedRunPolicy,
  type UnsampledRunPolicy,
  type WorkerTracedRunPolicy,
} from './run-placement.js';
import { emptySummary, type ExportSummary, recordResult, type RunExportResult } from './export-summary.js';

/** Options of {@link HistoryExporter}. */
export interface HistoryExporterOptions {
  client: Client;
  /** The client's namespace, which histories are read from; another one is an error (default: the client's). */
  namespace?: string;
  /** Default `join`. */
  tracedRuns?: TracedRunPolicy;
  /** Default `export`. */
  unsampledRuns?: UnsampledRunPolicy;
  /** Default `skip`; `enrich` adds LLM spans to live traces made by Temporal's own interceptors. */
  workerTracedRuns?: WorkerTracedRunPolicy;
  /** Default: read payloads with Temporal's default converter, no codec. */
  payloads?: PayloadOptions;
  /** Model and tool activities beyond the ones recognised without configuration. */
  activityMap?: ActivityMap;
  /** Default: the pipeline of setupTelemetry(), or the SDK registered in this process. */
  target?: SpanTarget;
  /** Runs fetched and built at once (default 8). */
  concurrency?: number;
  /** Base of the Temporal Web UI, for each RunWorkflow's `temporal.ui.url` (default: TEMPORAL_UI_URL). */
  temporalUiUrl?: string;
}

/** How a run is exported: where its parent's export put it, or asked for by name; else as a listing found it. */
interface ExportPlace {
  placement?: Placement;
  asked: boolean;
  /** When the run its parent's export nests it under closed. */
  upstreamCloseMs?: number;
  /** Levels of runs above it in this export. */
  depth?: number;
}

/** Levels of child runs one export follows: real nesting is shallow, a malformed history could loop. */
const MAX_NESTING = 64;

/** Rebuilds traces from history and sends them to the span pipeline. */
export class HistoryExporter {
  private readonly namespace: string;
  private readonly readers: Record<string, ModelCallReader>;
  private readonly tools: Set<string>;
  private readonly temporalUiUrl?: string;
  private readonly handOff: SpanHandOff;
  private readonly placement: UpstreamPlacement;
  private readonly outlivers = new OutliverClaims();

  constructor(private readonly options: HistoryExporterOptions) {
    this.handOff = new SpanHandOff(options.target);
    this.namespace = options.client.options.namespace;
    if (options.namespace !== undefined && options.namespace !== this.namespace)
      throw new Error(
        `HistoryExporter: namespace '${options.namespace}' is not the client's ('${this.namespace}'); ` +
          'histories are read through the client: give it a client connected to that namespace',
      );
    this.placement = new UpstreamPlacement(this.namespace, options, (ref) => this.readRun(ref));
    this.readers = { ...KNOWN_MODEL_ACTIVITIES };
    for (const [type, mapping] of Object.entries(options.activityMap?.modelActivities ?? {}))
      this.readers[type] = mappedModelReader(mapping);
    this.tools = new Set(options.activityMap?.toolActivities ?? []);
    this.temporalUiUrl = options.temporalUiUrl ?? loadLinksConfig().temporalUiUrl;
  }

  /**
   * Exports one run (the latest run of the workflow id when `runId` is absent),
   * with its children. A child run asked for by name is exported on its own.
   * With `{ listed: true }` (the run came from a listing) a child is left to
   * its parent's export, unless it closed after its parent did: then it goes
   * where its parent's export would have put it.
   */
  async exportRun(
    ref: { workflowId: string; runId?: string },
    options: { listed?: boolean; summary?: ExportSummary } = {},
  ): Promise<ExportSummary> {
    const summary = options.summary ?? emptySummary();
    recordResult(summary, (await this.exportOne(ref, { asked: !options.listed }, summary)).result);
    return summary;
  }

  /**
   * Exports every run the visibility query matches. Runs started as children
   * are exported with their parent, under its StartChildWorkflow span (see
   * {@link exportRun} for one that closed after its parent). Once
   * `signal` aborts, no further run is started; the runs in flight finish and
   * the summary says `interrupted`.
   */
  async exportQuery(
    query: string,
    onProgress?: (summary: ExportSummary, total: number | undefined) => void,
    signal?: AbortSignal,
  ): Promise<ExportSummary> {
    const summary = emptySummary();
    const total = await this.options.client.workflow
      .count(query)
      .then((c) => c.count)
      .catch(() => undefined);
    const inFlight = new Set<Promise<void>>();
    const limit = Math.max(1, this.options.concurrency ?? 8);
    for await (const info of this.options.client.workflow.list({ query })) {
      if (signal?.aborted) {
        summary.interrupted = true;
        break;
      }
      const job = this.exportOne(
        { workflowId: info.workflowId, runId: info.runId },
        { asked: false },
        summary,
      )
        .then(({ result }) => recordResult(summary, result))
        .finally(() => {
          inFlight.delete(job);
          onProgress?.(summary, total);
        });
      inFlight.add(job);
      if (inFlight.size >= limit) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    return summary;
  }

  /**
   * Exports one run: where a parent's export put it (`placement`), on its own
   * (`asked`), or, listed, where its parent's export would have put it; a
   * listed run its parent's export nested is left to it. Returns the run when
   * it was read, so that a nested run's continuations can follow it.
   */
  private async exportOne(
    ref: { workflowId: string; runId?: string },
    how: ExportPlace,
    summary: ExportSummary,
  ): Promise<{ result: RunExportResult; run?: RunRecord }> {
    let label = `${ref.workflowId}${ref.runId ? `/${ref.runId}` : ''}`;
    let run: RunRecord | undefined;
    let claimed = false;
    try {
      const handle = this.options.client.workflow.getHandle(ref.workflowId, ref.runId);
      const runId = ref.runId ?? (await handle.describe()).runId;
      label = runLabel({ workflowId: ref.workflowId, runId });
      run = await this.readRun({ workflowId: ref.workflowId, runId });
      if (run.outcome === 'running')
        return { result: { run: label, status: 'skipped', reason: 'still running' }, run };
      const place =
        how.placement || how.asked
          ? placeRun(run, this.namespace, how.placement, this.options)
          : await this.placement.place(run, { listed: true, pass: summary });
      if ('skip' in place) return { result: { run: label, status: 'skipped', reason: place.skip }, run };
      const outlived =
        'outlived' in place ? place.outlived : (run.closeMs ?? 0) > (how.upstreamCloseMs ?? Infinity);
      if (outlived && !(claimed = this.outlivers.claim(summary, run)))
        return { result: { run: label, status: 'skipped', reason: 'exported already' }, run };
      if ('enrich' in place)
        return { result: await this.enrichLiveTrace(run, label, place.enrich, summary, how.depth ?? 0), run };
      const { traceId, parent } = place;
      const values = await this.readValues(run);
      const built = buildRunTrace(run, {
        traceId,
        parent,
        links: run.continuedFromRunId
          ? [
              await this.linkToRun(
                { workflowId: run.workflowId, runId: run.continuedFromRunId },
                how.placement,
                summary,
              ),
            ]
          : [],
        values,
        modelReaderFor: (type) => this.readers[type],
        isToolActivity: (type) => this.tools.has(type),
        temporalUiUrl: this.temporalUiUrl,
      });
      await this.handOff.send(built.spans);
      // Children, and the workflows Nexus handlers in this namespace started, go under their spans.
      for (const nested of nestedRuns(run, this.namespace)) {
        const parentSpanId = historySpanId(this.namespace, run, ...nested.spanPart);
        const placement = { traceId, parentSpanId };
        const below = { placement, asked: false, upstreamCloseMs: run.closeMs, depth: (how.depth ?? 0) + 1 };
        await this.exportNested(nested.ref, below, summary);
      }
      const result: RunExportResult = {
        run: label,
        status: 'exported',
        traceId,
        spans: built.spans.length,
        usage: built.usage,
      };
      return { result, run };
    } catch (err) {
      if (claimed) this.outlivers.release(summary, run!); // the other path may still export it
      return { result: { run: label, status: 'failed', reason: (err as Error).message.split('\n')[0] }, run };
    }
  }

  /** A nested run and the runs that continued it (continue-as-new, retry, cron), each placed as `how` says. */
  private async exportNested(ref: RunRef, how: ExportPlace, summary: ExportSummary): Promise<void> {
    if ((how.depth ?? 0) > MAX_NESTING) {
      const reason = `more than ${MAX_NESTING} levels of child runs (a run named as a child of itself?)`;
      recordResult(summary, { run: runLabel(ref), status: 'failed', reason });
      return;
    }
    const seen = new Set<string>(); // a history naming an earlier run as the next one would loop
    for (let next: RunRef | undefined = ref; next && !seen.has(next.runId); ) {
      seen.add(next.runId);
      const { result, run } = await this.exportOne(next, how, summary);
      recordResult(summary, result);
      next = run?.nextRunId ? { workflowId: run.workflowId, runId: run.nextRunId } : undefined;
    }
  }

  /** The run's payloads as values, as the options say they are read (by default: decoded, no codec). */
  private readValues(run: RunRecord) {
    return readPayloadValues(run, this.options.payloads ?? { read: true });
  }

  /**
   * Adds the LLM spans of a run traced live by Temporal's own interceptors to
   * its trace. Its children and handler workflows were traced by their own
   * workers' interceptors: each is placed by its own headers.
   */
  private async enrichLiveTrace(
    run: RunRecord,
    label: string,
    traceId: string,
    summary: ExportSummary,
    depth: number,
  ): Promise<RunExportResult> {
    const values = await this.readValues(run);
    const built = buildLiveTraceLlmSpans(run, {
      traceId,
      values,
      modelReaderFor: (type) => this.readers[type],
    });
    await this.handOff.send(built.spans);
    for (const nested of nestedRuns(run, this.namespace))
      await this.exportNested(
        nested.ref,
        { asked: true, upstreamCloseMs: run.closeMs, depth: depth + 1 },
        summary,
      );
    return { run: label, status: 'exported', traceId, spans: built.spans.length, usage: built.usage };
  }

  /**
   * A link to the RunWorkflow span another run's export made (or would make),
   * in the trace it went into: a traced client's, say, or its parent's. A run
   * its parent's export placed follows the run it continued there (the same
   * chain, under the same span): its trace needs no reads.
   */
  private async linkToRun(ref: RunRef, placement: Placement | undefined, pass: object) {
    const spanId = historySpanId(this.namespace, ref, 'run');
    if (placement) return { traceId: placement.traceId, spanId, traceFlags: 1 };
    // Gone (past retention): the trace its own export would have had. Another read error fails this run's export.
    const place = (await this.placement.placeOf(ref, { pass }))?.place;
    const traceId = place && 'traceId' in place ? place.traceId : historyTraceId(this.namespace, ref);
    return { traceId, spanId, traceFlags: 1 };
  }

  /** One run's history, read into its record. */
  private async readRun(ref: RunRef) {
    return readRunHistory(await fetchRunHistory(this.options.client, ref), this.namespace, ref.runId);
  }

  /** A check of whether the spans handed over so far reached the backends (see {@link DeliveryCheck}). */
  deliveryCheck(): DeliveryCheck {
    return this.handOff.deliveryCheck();
  }
}
