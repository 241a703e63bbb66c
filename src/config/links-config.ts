// Where a run can be looked at: the Temporal UI, and the trace UIs (Jaeger,
// Phoenix, InteractiveAI/Langfuse), from the environment.
import { ConfigError } from './errors.js';
import { type Env, readBoolean, readString, readUrl } from './parse.js';

/** Links between Temporal and the trace backends. */
export interface LinksConfig {
  /** `TEMPORAL_UI_URL`: base of the Temporal Web UI, e.g. http://localhost:8233. */
  temporalUiUrl?: string;
  /** `TRACE_UI_URLS`: `name=template` pairs, `{traceId}` in each template. */
  traceUis: { name: string; template: string }[];
  /** `TEMPORAL_TRACE_ID_SEARCH_ATTRIBUTE`: a Keyword search attribute the client sets to the trace id. */
  traceIdSearchAttribute?: string;
  /** `TEMPORAL_HISTORY_TIMINGS`: the closing worker reads a run's history for its RunWorkflow's queue times. */
  historyTimings: boolean;
}

/** Reads the link settings; a wrong one is a one-line {@link ConfigError}. */
export function loadLinksConfig(env: Env = process.env): LinksConfig {
  const ui = readUrl(env, 'TEMPORAL_UI_URL');
  const traceUis: LinksConfig['traceUis'] = [];
  for (const part of (readString(env, 'TRACE_UI_URLS') ?? '').split(',').filter((p) => p.trim())) {
    const eq = part.indexOf('=');
    const name = part.slice(0, eq).trim();
    const template = part.slice(eq + 1).trim();
    if (eq <= 0 || !name || !/^https?:\/\/\S+$/.test(template) || !template.includes('{traceId}'))
      throw new ConfigError(
        'TRACE_UI_URLS',
        'expected name=URL pairs separated by commas, each URL with {traceId}, e.g. jaeger=http://localhost:16686/trace/{traceId}',
      );
    traceUis.push({ name, template });
  }
  const attribute = readString(env, 'TEMPORAL_TRACE_ID_SEARCH_ATTRIBUTE');
  if (attribute !== undefined && !/^[A-Za-z][A-Za-z0-9_]*$/.test(attribute))
    throw new ConfigError(
      'TEMPORAL_TRACE_ID_SEARCH_ATTRIBUTE',
      'expected a search attribute name, e.g. TraceId',
    );
  return {
    temporalUiUrl: ui ? ui.href.replace(/\/+$/, '') : undefined,
    traceUis,
    traceIdSearchAttribute: attribute,
    historyTimings: readBoolean(env, 'TEMPORAL_HISTORY_TIMINGS', false),
  };
}

/** The Temporal UI page of one run. */
export function temporalRunUrl(base: string, namespace: string, workflowId: string, runId: string): string {
  return `${base}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}/${encodeURIComponent(runId)}/history`;
}

/** The trace's page in each configured trace UI. */
export function traceUiUrls(
  traceUis: LinksConfig['traceUis'],
  traceId: string,
): { name: string; url: string }[] {
  return traceUis.map(({ name, template }) => ({ name, url: template.replaceAll('{traceId}', traceId) }));
}
