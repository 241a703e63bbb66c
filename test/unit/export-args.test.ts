// The export command's arguments: the run policies and their one-line errors.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
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
    expect(args).toMatchObject({ unsampledRuns: 'skip', tracedRuns: 'skip' });
  });

  it('refuses another value in one line that names the option', () => {
    const parse = () => parseExportArgs(['--workflow-id', 'w', '--unsampled-runs', 'maybe'], {});
    expect(parse).toThrow(ConfigError);
    expect(parse).toThrow('--unsampled-runs: expected export or skip');
    expect(() => parseExportArgs(['--workflow-id', 'w', '--unsampled-runs'], {})).toThrow(
      '--unsampled-runs: needs a value',
    );
  });
});
