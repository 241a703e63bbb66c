// Facts about the machine and the versions measured, for the report.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function run(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trimEnd();
  } catch {
    return '(unavailable)';
  }
}

export interface MachineFacts {
  nproc: string;
  free: string;
  node: string;
  cpuModel: string;
  /** 1-minute load average when the run started. */
  loadStart: number;
  commit: string;
  /** Allocator and V8 settings inherited by the children (MALLOC_*, NODE_OPTIONS), as NAME=value. */
  tuning: string[];
}

export function machineFacts(): MachineFacts {
  const dirty = run('git', ['status', '--porcelain', '--untracked-files=no'])
    ? ' (with uncommitted changes)'
    : '';
  return {
    nproc: run('nproc', []),
    free: run('free', ['-g']),
    node: process.version,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    loadStart: loadavg()[0],
    tuning: Object.entries(process.env)
      .filter(([k]) => k.startsWith('MALLOC_') || k === 'NODE_OPTIONS')
      .map(([k, v]) => `${k}=${v}`),
    commit: run('git', ['rev-parse', '--short', 'HEAD']) + dirty,
  };
}

export function currentLoad(): number {
  return loadavg()[0];
}

/** Installed version of a package (npm aliases report the real package's version). */
function installed(name: string): string {
  try {
    const pkg = JSON.parse(readFileSync(`${ROOT}/node_modules/${name}/package.json`, 'utf8')) as {
      name: string;
      version: string;
    };
    return pkg.name === name ? pkg.version : `${pkg.name}@${pkg.version}`;
  } catch {
    return '(not installed)';
  }
}

const PACKAGES = [
  '@temporalio/worker',
  '@temporalio/client',
  '@temporalio/interceptors-opentelemetry',
  'otel1-sdk-trace-base',
  'otel1-exporter-trace-otlp-proto',
  '@opentelemetry/api',
  '@opentelemetry/sdk-trace-base',
  '@opentelemetry/exporter-trace-otlp-proto',
  '@arizeai/openinference-instrumentation-openai',
  'openai',
  '@openai/agents-core',
  'tsx',
];

/** Package versions, plus the Temporal CLI's when its path is known. */
export function versions(temporalCli?: string): [string, string][] {
  const out: [string, string][] = PACKAGES.map((p) => [p, installed(p)]);
  if (temporalCli) out.push(['temporal CLI', run(temporalCli, ['--version']).split('\n')[0]]);
  return out;
}
