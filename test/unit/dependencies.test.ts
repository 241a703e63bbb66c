import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Two copies of these packages break things at run time in ways that are hard
// to trace: Temporal's workflow bundle and native bridge must be one version,
// OpenTelemetry's API keeps its globals per copy (spans silently vanish), the
// OpenAI instrumentation patches one copy of `openai`, and Temporal's payload
// protos must come from one protobufjs.

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const NODE_MODULES = join(ROOT, 'node_modules');

interface InstalledPackage {
  name: string;
  version: string;
  /** Directory, relative to the project root. */
  path: string;
  dir: string;
}

/** Every package under node_modules, nested node_modules included. */
function installedPackages(
  nodeModules: string,
  root = ROOT,
  found: InstalledPackage[] = [],
  visited = new Set<string>(),
): InstalledPackage[] {
  if (!existsSync(nodeModules)) return found;
  const real = realpathSync(nodeModules);
  if (visited.has(real)) return found;
  visited.add(real);

  const visit = (dir: string) => {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
        if (pkg.name)
          found.push({ name: pkg.name, version: pkg.version ?? '?', path: relative(root, dir), dir });
      } catch {
        // A broken manifest is not a duplicate; other tests will notice.
      }
    }
    installedPackages(join(dir, 'node_modules'), root, found, visited);
  };

  for (const entry of readdirSync(nodeModules)) {
    if (entry.startsWith('.')) continue; // .bin, .package-lock.json, .cache, .vite
    const path = join(nodeModules, entry);
    if (!isDirectory(path)) continue;
    if (entry.startsWith('@')) {
      for (const scoped of readdirSync(path)) {
        const scopedPath = join(path, scoped);
        if (isDirectory(scopedPath)) visit(scopedPath);
      }
    } else visit(path);
  }
  return found;
}

function isDirectory(path: string): boolean {
  try {
    const stat = lstatSync(path);
    return stat.isDirectory() || (stat.isSymbolicLink() && existsSync(join(path, 'package.json')));
  } catch {
    return false;
  }
}

function duplicates(packages: InstalledPackage[], wanted: (name: string) => boolean): string[] {
  const byName = new Map<string, InstalledPackage[]>();
  for (const pkg of packages.filter((p) => wanted(p.name))) {
    byName.set(pkg.name, [...(byName.get(pkg.name) ?? []), pkg]);
  }
  return [...byName.entries()]
    .filter(([, copies]) => copies.length > 1)
    .map(
      ([name, copies]) =>
        `${name}: ${[...copies]
          .sort((a, b) => a.path.localeCompare(b.path))
          .map((c) => `${c.version} at ${c.path}`)
          .join(', ')}`,
    );
}

const rootManifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};
const packages = installedPackages(NODE_MODULES);
const temporal = packages.filter((p) => p.name.startsWith('@temporalio/'));

describe('the node_modules walk', () => {
  it('reports nested copies with their paths', () => {
    const root = mkdtempSync(join(tmpdir(), 'deps-walk-'));
    try {
      const write = (dir: string, name: string, version: string) => {
        mkdirSync(join(root, dir), { recursive: true });
        writeFileSync(join(root, dir, 'package.json'), JSON.stringify({ name, version }));
      };
      write('node_modules/@temporalio/common', '@temporalio/common', '1.24.0');
      write('node_modules/some-lib', 'some-lib', '1.0.0');
      write('node_modules/some-lib/node_modules/@temporalio/common', '@temporalio/common', '1.23.0');
      write('node_modules/@scope/tool/node_modules/openai', 'openai', '4.0.0');
      write('node_modules/openai', 'openai', '7.57.0');
      write('node_modules/.cache/openai', 'openai', '0.0.1'); // ignored: not a package location

      const found = installedPackages(join(root, 'node_modules'), root);
      expect(found.map((p) => p.path).sort()).toEqual(
        [
          'node_modules/@scope/tool/node_modules/openai',
          'node_modules/@temporalio/common',
          'node_modules/openai',
          'node_modules/some-lib',
          'node_modules/some-lib/node_modules/@temporalio/common',
        ].map((p) => join(p)),
      );
      expect(duplicates(found, (name) => name.startsWith('@temporalio/'))).toEqual([
        `@temporalio/common: 1.24.0 at ${join('node_modules/@temporalio/common')}, 1.23.0 at ${join('node_modules/some-lib/node_modules/@temporalio/common')}`,
      ]);
      expect(duplicates(found, (name) => name === 'openai')).toHaveLength(1);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('installed dependencies', () => {
  it('finds the installed packages (the walk works)', () => {
    expect(packages.length).toBeGreaterThan(50);
    expect(temporal.map((p) => p.name)).toEqual(
      expect.arrayContaining(['@temporalio/client', '@temporalio/worker', '@temporalio/workflow']),
    );
    expect(packages.some((p) => p.name === 'openai')).toBe(true);
    expect(packages.some((p) => p.name === '@opentelemetry/api')).toBe(true);
  });

  it('has one copy of every @temporalio/* package', () => {
    expect(duplicates(packages, (name) => name.startsWith('@temporalio/'))).toEqual([]);
  });

  it('has one copy of openai and of @opentelemetry/api', () => {
    expect(duplicates(packages, (name) => name === 'openai' || name === '@opentelemetry/api')).toEqual([]);
  });

  it('resolves protobufjs to one copy from every @temporalio/* package', () => {
    const resolved = new Map<string, string[]>();
    for (const pkg of temporal) {
      let target: string;
      try {
        target = createRequire(join(pkg.dir, 'package.json')).resolve('protobufjs/package.json');
      } catch {
        continue; // this package cannot reach protobufjs at all
      }
      const where = relative(ROOT, dirname(realpathSync(target)));
      resolved.set(where, [...(resolved.get(where) ?? []), pkg.name]);
    }
    const report = [...resolved.entries()].map(([where, from]) => `${where} (from ${from.join(', ')})`);
    expect(report.length, `protobufjs copies reachable from @temporalio/*: ${report.join('; ')}`).toBe(1);
    // The ones that use it directly must be among them.
    const users = [...resolved.values()].flat();
    expect(users).toEqual(expect.arrayContaining(['@temporalio/common', '@temporalio/proto']));
  });

  it('installs every @temporalio/* package at the exact version pinned in package.json', () => {
    const pins = Object.entries({ ...rootManifest.dependencies, ...rootManifest.devDependencies }).filter(
      ([name]) => name.startsWith('@temporalio/'),
    );
    expect(pins.length).toBeGreaterThan(0);
    const pinned = new Set(pins.map(([, range]) => range));
    expect([...pinned], 'all @temporalio/* pins in package.json must be the same exact version').toHaveLength(
      1,
    );
    const [version] = [...pinned];
    expect(version, 'the @temporalio/* pin must be exact (no ^, ~ or range)').toMatch(
      /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/,
    );

    const wrong = temporal
      .filter((p) => p.version !== version)
      .map((p) => `${p.name}@${p.version} at ${p.path}`);
    expect(wrong, `@temporalio/* packages not at ${version}`).toEqual([]);
    for (const [name] of pins)
      expect(
        temporal.map((p) => p.name),
        `${name} is pinned but not installed`,
      ).toContain(name);
  });
});
