#!/usr/bin/env node
// `temporal-agents-otel <command>`: small operator commands.
//   check-config  validate the environment the way setupTelemetry() will
//   auth-check    verify INTERACTIVEAI_* / LANGFUSE_* credentials against their host
//   export        rebuild traces from Temporal history and export them
//   links         a run's trace id and its links in the Temporal UI and the trace UIs
//   export-worker run the continuous history exporter's worker
import {
  ConfigError,
  loadIngestCredentials,
  loadPrivacyRules,
  loadTelemetryConfig,
  loadTemporalConfig,
  runOrExit,
} from './config/index.js';
import { authCheck } from './ingest/index.js';
import { runLinks } from './client/links-command.js';
import { EXPORT_USAGE, runExport, runExportWorker } from './history/export-command.js';

const say = (line: string) => process.stdout.write(line + '\n');

async function main(): Promise<void> {
  const command = process.argv[2];
  if (command === 'check-config') {
    const telemetry = loadTelemetryConfig();
    loadTemporalConfig();
    loadPrivacyRules();
    const destinations = telemetry.destinations.map(
      (d) => `${d.name} → ${d.url} (${d.protocol}${d.compression === 'gzip' ? ', gzip' : ''})`,
    );
    say(`service: ${telemetry.serviceName}; sampler: ${telemetry.sampler.name}`);
    say(
      destinations.length
        ? `destinations:\n  ${destinations.join('\n  ')}`
        : 'destinations: none (console trace tree)',
    );
    return;
  }
  if (command === 'auth-check') {
    const all = loadIngestCredentials(process.env);
    if (all.length === 0) {
      say('no ingest configured: set INTERACTIVEAI_PUBLIC_KEY and INTERACTIVEAI_SECRET_KEY (or LANGFUSE_*)');
      process.exitCode = 1;
      return;
    }
    for (const creds of all) {
      const result = await authCheck(creds);
      say(`${result.ok ? 'ok  ' : 'FAIL'} ${result.destination} at ${result.host}: ${result.message}`);
      if (!result.ok) process.exitCode = 1;
    }
    return;
  }
  if (command === 'export') {
    if (process.argv.includes('--help')) {
      say(EXPORT_USAGE);
      return;
    }
    const { summary, undelivered } = await runExport(process.argv.slice(3));
    if (summary.failed.length > 0 || undelivered.length > 0) process.exitCode = 1;
    if (summary.interrupted) process.exitCode = 130;
    return;
  }
  if (command === 'links') {
    const [flag, workflowId, runFlag, runId] = process.argv.slice(3);
    if (
      flag !== '--workflow-id' ||
      !workflowId ||
      (runFlag !== undefined && (runFlag !== '--run-id' || !runId))
    )
      throw new ConfigError('links', 'usage: temporal-agents-otel links --workflow-id ID [--run-id ID]');
    const links = await runLinks({ workflowId, runId });
    say(`run: ${links.workflowId}/${links.runId}`);
    say(`trace: ${links.traceId} (from the ${links.source})`);
    if (links.temporalUi) say(`temporal: ${links.temporalUi}`);
    for (const ui of links.traceUis) say(`${ui.name}: ${ui.url}`);
    if (!links.temporalUi && links.traceUis.length === 0)
      say(
        '(set TEMPORAL_UI_URL and TRACE_UI_URLS for links, e.g. TRACE_UI_URLS=jaeger=http://localhost:16686/trace/{traceId})',
      );
    return;
  }
  if (command === 'export-worker') {
    await runExportWorker(process.argv.slice(3));
    return;
  }
  say(
    'usage: temporal-agents-otel check-config | auth-check | export | export-worker | links (export --help)',
  );
  process.exitCode = command ? 2 : 0;
}

void runOrExit(main);
