// The export command's arguments: the run policies and their one-line errors.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { loadActivityMap } from '../../src/history/activity-map.js';
import { parseExportArgs } from '../../src/history/export-args.js';

describe('parseExportArgs', () => {
  it('exports unsampled runs and joins client traces unless told otherwise', () => {
    const args = parseExportArgs(['--workflow-id', 'w'], {});
    expect(args.unsampledRuns).toBe('export');
    expect(args.tracedRuns).toBe('join');
  });

  it('reads --unsampled-runs skip and --traced-runs skip', () => {
    const args = parseExportArgs(
      ['--query', "WorkflowType='X'", '--unsampled-runs', 'skip', '--traced-runs', 'skip'],
      {},
    );
    expect(args).toMatchObject({ unsampledRuns: 'skip', tracedRuns: 'skip', workerTracedRuns: 'skip' });
    expect(
      parseExportArgs(['--workflow-id', 'w', '--worker-traced-runs', 'enrich'], {}).workerTracedRuns,
    ).toBe('enrich');
    expect(() => parseExportArgs(['--workflow-id', 'w', '--worker-traced-runs', 'join'], {})).toThrow(
      /^--worker-traced-runs: expected skip or enrich$/,
    );
  });

  it('refuses another value in one line that names the option', () => {
    const parse = () => parseExportArgs(['--workflow-id', 'w', '--unsampled-runs', 'maybe'], {});
    expect(parse).toThrow(ConfigError);
    expect(parse).toThrow('--unsampled-runs: expected export or skip');
    expect(() => parseExportArgs(['--workflow-id', 'w', '--unsampled-runs'], {})).toThrow(
      '--unsampled-runs: needs a value',
    );
  });

  it('names the variable a wrong setting came from, or the flag that overrode it', () => {
    const env = {
      TEMPORAL_CODEC_ENDPOINT: 'codec.internal',
      TEMPORAL_AGENTS_OTEL_ACTIVITY_MAP: '/no/map.json',
    };
    expect(() => parseExportArgs(['--workflow-id', 'w'], env)).toThrow(
      /^TEMPORAL_CODEC_ENDPOINT: expected an http\(s\) URL$/,
    );
    expect(() => parseExportArgs(['--workflow-id', 'w', '--codec-endpoint', 'x'], env)).toThrow(
      /^--codec-endpoint: expected an http\(s\) URL$/,
    );
    const fromEnv = parseExportArgs(['--workflow-id', 'w'], {
      TEMPORAL_AGENTS_OTEL_ACTIVITY_MAP: '/no/map.json',
    });
    expect(() => loadActivityMap(fromEnv.activityMap!, fromEnv.activityMapFrom)).toThrow(
      /^TEMPORAL_AGENTS_OTEL_ACTIVITY_MAP: cannot read \/no\/map\.json as JSON/,
    );
    const fromFlag = parseExportArgs(['--workflow-id', 'w', '--activity-map', '/other.json'], {
      TEMPORAL_AGENTS_OTEL_ACTIVITY_MAP: '/no/map.json',
    });
    expect(fromFlag).toMatchObject({ activityMap: '/other.json', activityMapFrom: '--activity-map' });
  });

  it('refuses what it would otherwise take and ignore, naming the option', () => {
    const cases: [string[], string, ('export' | 'export-worker')?][] = [
      [
        ['--query', 'q', '--follow', '--no-payloads'],
        '--no-payloads: is an option of export-worker with --follow',
      ],
      [
        ['--query', 'q', '--follow', '--codec-endpoint', 'http://c'],
        '--codec-endpoint: is an option of export-worker',
      ],
      [['--query', 'q', '--follow', '--concurrency', '2'], '--concurrency: is an option of export-worker'],
      [['--query', 'q', '--interval', '30'], '--interval: only goes with --follow'],
      [['--workflow-id', 'w', '--task-queue', 'q'], '--task-queue: only goes with --follow'],
      [['--workflow-id', 'w', '--codec-auth', 'Bearer x'], '--codec-auth: needs --codec-endpoint'],
      [['--query', ''], '--query: needs a value'],
      [['--workflow-id', ' '], '--workflow-id: needs a value'],
      [['--query', 'a', '--query', 'b'], '--query: given twice'],
      [['--workflow-id', 'w'], '--workflow-id: is an option of export; export-worker takes', 'export-worker'],
      [['--follow'], '--follow: is an option of export;', 'export-worker'],
    ];
    for (const [argv, message, command] of cases) {
      const parse = () => parseExportArgs(argv, {}, command);
      expect(parse, argv.join(' ')).toThrow(ConfigError);
      expect(parse, argv.join(' ')).toThrow(message);
    }
  });

  it('takes the options it uses: --follow with --interval and --task-queue, the worker with how to export', () => {
    expect(
      parseExportArgs(['--follow', '--query', 'q', '--interval', '30', '--task-queue', 't'], {}),
    ).toMatchObject({ follow: true, intervalSeconds: 30, taskQueue: 't' });
    expect(
      parseExportArgs(['--task-queue', 't', '--no-payloads', '--concurrency', '4'], {}, 'export-worker'),
    ).toMatchObject({ taskQueue: 't', payloads: false, concurrency: 4 });
    expect(
      parseExportArgs(['--workflow-id', 'w', '--codec-auth', 'Bearer x'], {
        TEMPORAL_CODEC_ENDPOINT: 'http://codec',
      }).codecAuth,
    ).toBe('Bearer x');
  });
});
