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
import type { RunRecord, RunRef } from './run-record.js';
import { historySpanId, historyTraceId } from './span-ids.js';
import type { DeliveryCheck } from './delivery.js';
import { SpanHandOff } from './span-hand-off.js';
import { buildLiveTraceLlmSpans } from './live-trace-llm-spans.js';
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
  /** Default: the client's namespace. */
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

/** Rebuilds traces from history and sends them to the span pipeline. */
export class HistoryExporter {
  private readonly namespace: string;
  private readonly readers: Record<string, ModelCallReader>;
  private readonly tools: Set<string>;
  private readonly temporalUiUrl?: string;
  private readonly handOff: SpanHandOff;

  constructor(private readonly options: HistoryExporterOptions) {
    this.handOff = new SpanHandOff(options.target);
    this.namespace = options.namespace ?? options.client.options.namespace;
    this.readers = { ...KNOWN_MODEL_ACTIVITIES };
    for (const [type, mapping] of Object.entries(options.activityMap?.modelActivities ?? {}))
      this.readers[type] = mappedModelReader(mapping);
    this.tools = new Set(options.activityMap?.toolActivities ?? []);
    this.temporalUiUrl = options.temporalUiUrl ?? loadLinksConfig().temporalUiUrl;
  }

  /**
   * Exports one run (the latest run of the workflow id when `runId` is absent),
   * with its children. A child run asked for by name is exported on its own;
   * with `{ listed: true }` (the run came from a listing that also holds its
   * parent) it is left to its parent.
   */
  async exportRun(
    ref: { workflowId: string; runId?: string },
    options: { listed?: boolean; summary?: ExportSummary } = {},
  ): Promise<ExportSummary> {
    const summary = options.summary ?? emptySummary();
    recordResult(summary, await this.exportOne(ref, undefined, summary, !options.listed));
    return summary;
  }

  /**
   * Exports every run the visibility query matches. Runs started as children
   * are exported with their parent, under its StartChildWorkflow span. Once
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
        undefined,
        summary,
        false,
      )
        .then((result) => recordResult(summary, result))
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

  private async exportOne(
    ref: { workflowId: string; runId?: string },
    placement: Placement | undefined,
    summary: ExportSummary,
    asked: boolean,
  ): Promise<RunExportResult> {
    let label = `${ref.workflowId}${ref.runId ? `/${ref.runId}` : ''}`;
    try {
      const handle = this.options.client.workflow.getHandle(ref.workflowId, ref.runId);
      const runId = ref.runId ?? (await handle.describe()).runId;
      label = `${ref.workflowId}/${runId}`;
      const run = await this.readRun({ workflowId: ref.workflowId, runId });
      if (run.outcome === 'running') return { run: label, status: 'skipped', reason: 'still running' };
      if (run.parent && !placement && !asked)
        return { run: label, status: 'skipped', reason: 'exported with its parent' };
      if (run.nexusCaller?.namespace === this.namespace && !placement && !asked)
        return { run: label, status: 'skipped', reason: 'exported with its Nexus caller' };
      const place = placeRun(run, this.namespace, placement, this.options);
      if ('skip' in place) return { run: label, status: 'skipped', reason: place.skip };
      if ('enrich' in place) return await this.enrichLiveTrace(run, label, place.enrich, summary);
      const { traceId, parent } = place;
      const values = await this.readValues(run);
      const built = buildRunTrace(run, {
        traceId,
        parent,
        links: run.continuedFromRunId
          ? [await this.linkToRun({ workflowId: run.workflowId, runId: run.continuedFromRunId })]
          : [],
        values,
        modelReaderFor: (type) => this.readers[type],
        isToolActivity: (type) => this.tools.has(type),
        temporalUiUrl: this.temporalUiUrl,
      });
      await this.handOff.send(built.spans);
      // Children, and the workflows Nexus handlers in this namespace started, go under their spans.
      const nested: { ref: RunRef; parentSpanId: string | undefined }[] = [
        ...run.children
          .filter((c) => c.runId && c.outcome !== 'running')
          .map((c) => ({
            ref: { workflowId: c.workflowId, runId: c.runId! },
            parentSpanId: built.childSpans.get(c.initiatedEventId),
          })),
        ...run.nexusOperations
          .filter((op) => op.handler?.namespace === this.namespace && op.outcome !== 'running')
          .map((op) => ({ ref: op.handler!, parentSpanId: built.nexusSpans.get(op.scheduledEventId) })),
      ];
      for (const { ref: nestedRef, parentSpanId } of nested) {
        if (!parentSpanId) continue;
        recordResult(summary, await this.exportOne(nestedRef, { traceId, parentSpanId }, summary, false));
      }
      return { run: label, status: 'exported', traceId, spans: built.spans.length, usage: built.usage };
    } catch (err) {
      return { run: label, status: 'failed', reason: (err as Error).message.split('\n')[0] };
    }
  }

  /** The run's payloads as values, as the options say they are read (by default: decoded, no codec). */
  private readValues(run: RunRecord) {
    return readPayloadValues(run, this.options.payloads ?? { read: true });
  }

  /**
   * Adds the LLM spans of a run traced live by Temporal's own interceptors to
   * its trace. Its children were traced by their own workers' interceptors:
   * each is placed by its own headers.
   */
  private async enrichLiveTrace(
    run: RunRecord,
    label: string,
    traceId: string,
    summary: ExportSummary,
  ): Promise<RunExportResult> {
    const values = await this.readValues(run);
    const built = buildLiveTraceLlmSpans(run, {
      traceId,
      values,
      modelReaderFor: (type) => this.readers[type],
    });
    await this.handOff.send(built.spans);
    for (const child of run.children)
      if (child.runId && child.outcome !== 'running')
        recordResult(
          summary,
          await this.exportOne(
            { workflowId: child.workflowId, runId: child.runId },
            undefined,
            summary,
            true,
          ),
        );
    return { run: label, status: 'exported', traceId, spans: built.spans.length, usage: built.usage };
  }

  /**
   * A link to the RunWorkflow span another run's export made (or would make),
   * in the trace its history places it in: a traced client's, say, rather than
   * its own. (A continued run that was itself a child is placed by its parent,
   * which this does not follow: the link then names the run's own trace.)
   */
  private async linkToRun(ref: RunRef) {
    let traceId = historyTraceId(this.namespace, ref);
    try {
      const place = placeRun(await this.readRun(ref), this.namespace, undefined, this.options);
      if ('traceId' in place) traceId = place.traceId;
    } catch {
      // Gone (past retention) or unreadable: the trace its own export would have had.
    }
    return { traceId, spanId: historySpanId(this.namespace, ref, 'run'), traceFlags: 1 };
  }

  /** One run's history, read into its record. */
  private async readRun(ref: RunRef) {
    const history = await this.options.client.workflow.getHandle(ref.workflowId, ref.runId).fetchHistory();
    return readRunHistory(history, this.namespace, ref.runId);
  }

  /** A check of whether the spans handed over so far reached the backends (see {@link DeliveryCheck}). */
  deliveryCheck(): DeliveryCheck {
    return this.handOff.deliveryCheck();
  }
}
