import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DCLinter } from 'dclint';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// docker-compose.yml and the collector configs cannot be run here (no Docker
// daemon), so they are checked statically: the compose schema and best
// practices through dclint, and the properties this project promises by hand.

const root = fileURLToPath(new URL('../../', import.meta.url));
const COMPOSE = `${root}docker-compose.yml`;
const COLLECTOR_CONFIGS = ['collector/otel-collector.yaml', 'collector/native-collector.yaml'];

type Obj = Record<string, any>;
const load = (path: string): Obj => parse(readFileSync(path.startsWith('/') ? path : root + path, 'utf8'));
const compose = load(COMPOSE);
const services = Object.entries(compose.services as Record<string, Obj>);

/** Host interface of a published port, in short (`ip:host:container`) or long syntax. */
function hostIp(port: string | number | Obj): string | undefined {
  if (typeof port === 'object') return port.host_ip;
  const parts = String(port).split(':');
  return parts.length === 3 ? parts[0] : undefined;
}

describe('docker-compose.yml', () => {
  it('passes dclint: compose schema and every default rule', () => {
    const linter = new DCLinter({ rules: {}, quiet: true, debug: false, exclude: [] });
    const [result] = linter.lintFiles([COMPOSE], false);
    // dclint's .d.ts files import each other without extensions, which NodeNext
    // resolution cannot follow: the message type is spelled out here.
    const messages = result.messages as { line: number; column: number; rule: string; message: string }[];
    const problems = messages.map((m) => `${m.line}:${m.column} ${m.rule}: ${m.message}`);
    expect(problems).toEqual([]);
  });

  it('publishes every port on 127.0.0.1 only', () => {
    const published = services.flatMap(([name, svc]) =>
      (svc.ports ?? []).map((p: any) => ({ name, port: p })),
    );
    expect(published.length).toBeGreaterThan(0);
    for (const { name, port } of published)
      expect(hostIp(port), `${name}: ${JSON.stringify(port)}`).toBe('127.0.0.1');
  });

  it('pins every image to a version tag', () => {
    for (const [name, svc] of services) {
      const match = /^(?<repo>[^@\s]+?):(?<tag>[\w][\w.-]*)$/.exec(String(svc.image));
      expect(match, `${name} image ${svc.image} has no tag`).not.toBeNull();
      expect(match!.groups!.tag, `${name} image tag`).not.toMatch(
        /^(latest|stable|edge|main|master|nightly)$/,
      );
      expect(match!.groups!.tag, `${name} image tag`).toMatch(/\d/);
    }
  });

  it('runs the collector on the mounted otel-collector.yaml, pointing at compose services', () => {
    const collector = compose.services['otel-collector'];
    const mount = (collector.volumes as string[]).find((v) => v.includes('otel-collector.yaml'));
    expect(mount).toBeDefined();
    const [source, target] = mount!.split(':');
    expect(existsSync(root + source)).toBe(true);
    expect(collector.command.join(' ')).toContain(target);

    const config = load(source);
    // Every exporter endpoint with a plain host names a compose service.
    for (const [id, exporter] of Object.entries(config.exporters as Record<string, Obj>)) {
      const host = /^(?:https?:\/\/)?([a-z][\w-]*):\d+/.exec(String(exporter.endpoint))?.[1];
      if (host) expect(compose.services[host], `${id} → ${host}`).toBeDefined();
    }
    expect(config.exporters['otlp/jaeger'].endpoint).toBe('jaeger:4317');
    // The collector's env holds every variable its config reads.
    const vars = [...JSON.stringify(config).matchAll(/\$\{env:(\w+)/g)].map((m) => m[1]);
    for (const v of vars) expect(Object.keys(collector.environment), v).toContain(v);
    // Published collector ports are the ones its receivers, health check and Prometheus endpoint listen on.
    const listening = [
      config.receivers.otlp.protocols.grpc.endpoint,
      config.receivers.otlp.protocols.http.endpoint,
      config.extensions.health_check.endpoint,
      config.exporters.prometheus.endpoint,
    ].map((e: string) => e.split(':').pop());
    const published = (collector.ports as string[]).map((p) => p.split(':').pop());
    expect(published.sort()).toEqual(listening.sort());
  });
});

describe.each(COLLECTOR_CONFIGS)('%s', (file) => {
  const config = load(file);
  const traces = config.service.pipelines.traces;

  it('runs OTLP → memory_limiter → batch → Jaeger and the ingest', () => {
    expect(traces.receivers).toEqual(['otlp']);
    expect(traces.processors).toEqual(['memory_limiter', 'batch']);
    expect(traces.exporters.sort()).toEqual(['otlp/jaeger', 'otlphttp/interactiveai']);
    expect(config.processors.memory_limiter.check_interval).toBeDefined();
  });

  it('gives every exporter a sending queue and retries', () => {
    for (const id of traces.exporters as string[]) {
      const exporter = config.exporters[id];
      expect(exporter.sending_queue?.enabled, `${id} sending_queue`).toBe(true);
      expect(exporter.retry_on_failure?.enabled, `${id} retry_on_failure`).toBe(true);
    }
  });

  it('sends the ingest protobuf, gzip, with Basic auth from the INTERACTIVEAI_* keys', () => {
    const ingest = config.exporters['otlphttp/interactiveai'];
    expect(ingest.endpoint).toMatch(/^\$\{env:INTERACTIVEAI_HOST(:-[^}]*)?\}\/api\/public\/otel$/);
    expect(ingest.encoding).toBe('proto');
    expect(ingest.compression).toBe('gzip');
    const auth = ingest.auth.authenticator as string;
    expect(config.service.extensions).toContain(auth);
    expect(config.extensions[auth].client_auth).toEqual({
      username: '${env:INTERACTIVEAI_PUBLIC_KEY}',
      password: '${env:INTERACTIVEAI_SECRET_KEY}',
    });
    expect(config.exporters['otlp/jaeger'].tls).toEqual({ insecure: true });
  });
});

describe('native configs', () => {
  it('take every listening endpoint from the environment, so tests can use free ports', () => {
    for (const file of ['collector/native-collector.yaml', 'collector/native-jaeger.yaml']) {
      const config = load(file);
      // Servers live in receivers and extensions; exporter endpoints are clients.
      const text = JSON.stringify([config.receivers, config.extensions]);
      const endpoints = [...text.matchAll(/"endpoint":"([^"]*)"/g)].map((m) => m[1]);
      expect(endpoints.length, file).toBeGreaterThan(0);
      for (const e of endpoints) expect(e, `${file}: ${e}`).toMatch(/^\$\{env:\w+(:-[^}]*)?\}:\$\{env:\w+/);
      const prometheus = config.service.telemetry.metrics.readers[0].pull.exporter.prometheus;
      expect(String(prometheus.port), `${file} metrics port`).toMatch(/^\$\{env:/);
    }
  });
});
