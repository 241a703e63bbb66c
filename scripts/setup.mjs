#!/usr/bin/env node
// First step of `npm test`, `npm run demo` and `npm run bench` on any machine:
// installs npm dependencies when missing or stale, and builds (once, cached
// outside the repo) the native servers the run needs. Node built-ins only,
// because it runs before node_modules exists.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const quiet = process.argv.includes('--quiet');
const wantJaeger = process.argv.includes('--jaeger');
const wantPhoenix = process.argv.includes('--phoenix');
const wantPython = process.argv.includes('--python');
const wantGo = process.argv.includes('--go');
const log = (line) => !quiet && process.stderr.write(`[setup] ${line}\n`);

function npmInstallIfNeeded() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  // Not `npm ci`: the registries these machines reach do not serve @swc/core's
  // binaries for other platforms, so the lock cannot list them and npm 11's ci
  // rejects it as out of sync. `install --no-save` still takes every version
  // from the lock and writes nothing back.
  log('installing npm dependencies (npm install --no-save, versions from package-lock.json)');
  execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

function binary(name, script = 'setup-binaries.sh') {
  const path = execFileSync('bash', [join(root, 'scripts', script), name], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  }).trim();
  log(`${name}: ${path}`);
  return path;
}

try {
  npmInstallIfNeeded();
  if (!process.env.TEMPORAL_ADDRESS && !process.env.TEMPORAL_HOST) binary('temporal');
  if (wantJaeger) binary('jaeger');
  if (wantPhoenix) binary('phoenix', 'setup-phoenix.sh');
  if (wantPython) binary('python workers', 'setup-python-workers.sh');
  // The Python agents pipeline the history-export tests run untraced (and bench mode p runs traced).
  if (wantPython) binary('python agents stack', 'setup-python-peer.sh');
  // The Go agent worker the history-export tests run untraced.
  if (wantGo) binary('go agent worker', 'setup-go-worker.sh');
} catch (err) {
  process.stderr.write(`[setup] failed: ${err.message.split('\n')[0]}\n`);
  process.exit(1);
}
