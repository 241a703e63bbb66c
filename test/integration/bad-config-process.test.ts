import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DEMO = fileURLToPath(new URL('../../examples/research/demo.ts', import.meta.url));
const PLANTED = 'sk-PLANTED-bad-config-9d2f';

/** Wrong values of the configuration contract, each with the variable the error must name. */
const CASES: { variable: string; env: Record<string, string>; args?: string[] }[] = [
  { variable: 'OTEL_EXPORTER_OTLP_ENDPOINT', env: { OTEL_EXPORTER_OTLP_ENDPOINT: `${PLANTED}:x@collector` } },
  { variable: 'OTEL_EXPORTER_OTLP_HEADERS', env: { OTEL_EXPORTER_OTLP_HEADERS: `authorization ${PLANTED}` } },
  { variable: 'OTEL_EXPORTER_OTLP_PROTOCOL', env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' } },
  { variable: 'OTEL_TRACES_SAMPLER', env: { OTEL_TRACES_SAMPLER: 'sometimes' } },
  { variable: 'INTERACTIVEAI_SECRET_KEY', env: { INTERACTIVEAI_PUBLIC_KEY: PLANTED } },
  { variable: 'LANGFUSE_PUBLIC_KEY', env: { LANGFUSE_SECRET_KEY: PLANTED } },
  { variable: 'OPENINFERENCE_HIDE_INPUTS', env: { OPENINFERENCE_HIDE_INPUTS: 'maybe' } },
  { variable: 'TEMPORAL_ADDRESS', env: { TEMPORAL_ADDRESS: 'no-port-here' } },
  // Unreachable: nothing listens on port 1.
  {
    variable: 'TEMPORAL_ADDRESS',
    env: { TEMPORAL_ADDRESS: '127.0.0.1:1', TEMPORAL_API_KEY: PLANTED, TEMPORAL_TLS: 'false' },
  },
  // A provider an agent is configured to use, without its key (with a key, nothing is offline).
  {
    variable: 'ANTHROPIC_API_KEY',
    env: { OPENAI_API_KEY: PLANTED },
    args: ['--planner', 'anthropic/claude-haiku-4-5'],
  },
  {
    variable: 'OPENAI_API_VERSION',
    env: {
      OPENAI_API_KEY: PLANTED,
      AZURE_OPENAI_API_KEY: PLANTED,
      AZURE_OPENAI_ENDPOINT: 'https://r.openai.azure.com',
    },
    args: ['--writer', 'azure/prod-gpt4o'],
  },
];

describe('a wrong configuration value stops the demo at start', () => {
  it.each(CASES)(
    '$variable: one line naming it, exit 1, no stack trace, no secret',
    ({ variable, env, args = [] }) => {
      const result = spawnSync(process.execPath, ['--import', 'tsx', DEMO, ...args], {
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
        encoding: 'utf8',
        timeout: 60_000,
      });
      const stderrLines = result.stderr.split('\n').filter((l) => l.trim());
      expect(result.status, result.stderr).toBe(1);
      expect(stderrLines).toHaveLength(1);
      expect(stderrLines[0]).toMatch(new RegExp(`^configuration error: ${variable}: `));
      expect(result.stdout + result.stderr).not.toMatch(/^\s+at /m);
      expect((result.stdout + result.stderr).toLowerCase()).not.toContain(PLANTED.toLowerCase());
    },
  );
});
