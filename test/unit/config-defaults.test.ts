import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  basicAuth,
  DEFAULT_INTERACTIVEAI_HOST,
  DEFAULT_LANGFUSE_HOST,
  type Env,
  loadIngestCredentials,
  loadTelemetryConfig,
  loadTemporalConfig,
  type OtlpDestination,
} from '../../src/config/index.js';

const basic = (pk: string, sk: string) => 'Basic ' + Buffer.from(`${pk}:${sk}`, 'utf8').toString('base64');

function destination(env: Env, name: string): OtlpDestination {
  const found = loadTelemetryConfig(env).destinations.filter((d) => d.name === name);
  expect(found, `destinations named ${name}`).toHaveLength(1);
  return found[0];
}

describe('loadTelemetryConfig defaults', () => {
  it('with no variables: console tree, no destinations, default service name and sampler', () => {
    const config = loadTelemetryConfig({});
    expect(config).toEqual({
      disabled: false,
      serviceName: 'agents-on-temporal',
      resourceAttributes: {},
      sampler: { name: 'parentbased_always_on', ratio: 1 },
      destinations: [],
      console: true,
      attributeValueLengthLimit: 32_768,
      batch: {
        maxQueueSize: 16_384,
        maxExportBatchSize: 512,
        scheduledDelayMillis: 250,
        exportTimeoutMillis: 30_000,
      },
    });
  });

  it('reads the batch queue from OTEL_BSP_*, which our defaults no longer shadow', () => {
    const config = loadTelemetryConfig({
      OTEL_BSP_MAX_QUEUE_SIZE: '100',
      OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '10',
      OTEL_BSP_SCHEDULE_DELAY: '5000',
      OTEL_BSP_EXPORT_TIMEOUT: '1000',
    });
    expect(config.batch).toEqual({
      maxQueueSize: 100,
      maxExportBatchSize: 10,
      scheduledDelayMillis: 5000,
      exportTimeoutMillis: 1000,
    });
    expect(() =>
      loadTelemetryConfig({ OTEL_BSP_MAX_QUEUE_SIZE: '10', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '20' }),
    ).toThrow('OTEL_BSP_MAX_EXPORT_BATCH_SIZE: must not exceed OTEL_BSP_MAX_QUEUE_SIZE');
    expect(() => loadTelemetryConfig({ OTEL_LOG_LEVEL: 'loud' })).toThrow(/^OTEL_LOG_LEVEL: /);
    expect(loadTelemetryConfig({ OTEL_LOG_LEVEL: 'debug' }).disabled).toBe(false);
  });

  it('treats blank variables as unset', () => {
    const config = loadTelemetryConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: '  ',
      OTEL_SERVICE_NAME: '',
      OTEL_TRACES_SAMPLER: ' ',
      OTEL_SDK_DISABLED: '',
      INTERACTIVEAI_PUBLIC_KEY: ' ',
      INTERACTIVEAI_SECRET_KEY: '',
    });
    expect(config.destinations).toEqual([]);
    expect(config.console).toBe(true);
    expect(config.serviceName).toBe('agents-on-temporal');
    expect(config.sampler.name).toBe('parentbased_always_on');
    expect(config.disabled).toBe(false);
  });

  it('uses the serviceName default passed by the caller below the environment', () => {
    expect(loadTelemetryConfig({}, { serviceName: 'research-worker' }).serviceName).toBe('research-worker');
    expect(
      loadTelemetryConfig({ OTEL_SERVICE_NAME: 'from-env' }, { serviceName: 'research-worker' }).serviceName,
    ).toBe('from-env');
  });
});

describe('OTLP collector destination', () => {
  it('OTEL_EXPORTER_OTLP_ENDPOINT gets /v1/traces appended, http/protobuf, no compression', () => {
    const config = loadTelemetryConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://h:4318' });
    expect(config.destinations).toEqual([
      {
        name: 'otlp',
        url: 'http://h:4318/v1/traces',
        protocol: 'http/protobuf',
        compression: 'none',
        headers: {},
        timeoutMillis: 10_000,
      },
    ]);
    expect(config.console).toBe(false);
  });

  it('appends /v1/traces after a base path, with or without a trailing slash', () => {
    expect(destination({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://h.example.com/otlp/' }, 'otlp').url).toBe(
      'https://h.example.com/otlp/v1/traces',
    );
    expect(destination({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://h.example.com/otlp' }, 'otlp').url).toBe(
      'https://h.example.com/otlp/v1/traces',
    );
  });

  it('uses OTEL_EXPORTER_OTLP_TRACES_ENDPOINT verbatim, over the base endpoint', () => {
    const url = 'http://traces.example.com:9999/custom/ingest';
    expect(destination({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: url }, 'otlp').url).toBe(url);
    expect(
      destination(
        { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: url, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://h:4318' },
        'otlp',
      ).url,
    ).toBe(url);
  });

  it('merges headers, the traces-specific value winning, and percent-decodes values', () => {
    const dest = destination(
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://h:4318',
        OTEL_EXPORTER_OTLP_HEADERS: 'x-team=agents, Authorization=Bearer%20general',
        OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'Authorization=Bearer%20traces,x-extra=a%3Db%2Cc',
      },
      'otlp',
    );
    expect(dest.headers).toEqual({ 'x-team': 'agents', Authorization: 'Bearer traces', 'x-extra': 'a=b,c' });
  });

  it('keeps "=" inside a header value (base64 padding)', () => {
    const dest = destination(
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://h:4318',
        OTEL_EXPORTER_OTLP_HEADERS: 'Authorization=Basic cGs6c2s=',
      },
      'otlp',
    );
    expect(dest.headers).toEqual({ Authorization: 'Basic cGs6c2s=' });
  });

  it('honours http/json, in any case, and the traces-specific protocol first', () => {
    expect(
      destination(
        { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://h:4318', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' },
        'otlp',
      ).protocol,
    ).toBe('http/json');
    expect(
      destination(
        { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://h:4318', OTEL_EXPORTER_OTLP_PROTOCOL: 'HTTP/JSON' },
        'otlp',
      ).protocol,
    ).toBe('http/json');
    expect(
      destination(
        {
          OTEL_EXPORTER_OTLP_ENDPOINT: 'http://h:4318',
          OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
          OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf',
        },
        'otlp',
      ).protocol,
    ).toBe('http/protobuf');
  });

  it('reads compression and timeout, traces-specific first', () => {
    const dest = destination(
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://h:4318',
        OTEL_EXPORTER_OTLP_COMPRESSION: 'none',
        OTEL_EXPORTER_OTLP_TRACES_COMPRESSION: 'gzip',
        OTEL_EXPORTER_OTLP_TIMEOUT: '2000',
        OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '3000',
      },
      'otlp',
    );
    expect(dest.compression).toBe('gzip');
    expect(dest.timeoutMillis).toBe(3000);
    expect(
      destination(
        { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://h:4318', OTEL_EXPORTER_OTLP_TIMEOUT: '2000' },
        'otlp',
      ).timeoutMillis,
    ).toBe(2000);
  });

  it('OTEL_TRACES_EXPORTER=otlp without an endpoint sends to localhost:4318', () => {
    const config = loadTelemetryConfig({ OTEL_TRACES_EXPORTER: 'otlp' });
    expect(config.destinations.map((d) => d.url)).toEqual(['http://localhost:4318/v1/traces']);
    expect(config.console).toBe(false);
  });

  it('OTEL_TRACES_EXPORTER=none turns the console tree off', () => {
    const config = loadTelemetryConfig({ OTEL_TRACES_EXPORTER: 'none' });
    expect(config.console).toBe(false);
    expect(config.destinations).toEqual([]);
  });

  it('OTEL_TRACES_EXPORTER=console,otlp keeps the console tree beside the collector', () => {
    const config = loadTelemetryConfig({ OTEL_TRACES_EXPORTER: 'console, OTLP' });
    expect(config.console).toBe(true);
    expect(config.destinations.map((d) => d.name)).toEqual(['otlp']);
  });
});

describe('ingest destinations', () => {
  const pk = 'pk-lf-0123';
  const sk = 'sk-lf-4567';

  it('INTERACTIVEAI keys: default host, ingest path, gzip, protobuf, Basic auth', () => {
    const config = loadTelemetryConfig({ INTERACTIVEAI_PUBLIC_KEY: pk, INTERACTIVEAI_SECRET_KEY: sk });
    expect(DEFAULT_INTERACTIVEAI_HOST).toBe('https://app.interactive.ai');
    expect(config.destinations).toEqual([
      {
        name: 'interactiveai',
        url: 'https://app.interactive.ai/api/public/otel/v1/traces',
        protocol: 'http/protobuf',
        compression: 'gzip',
        headers: { Authorization: basic(pk, sk) },
        timeoutMillis: 10_000,
      },
    ]);
    expect(config.console).toBe(false);
  });

  it('INTERACTIVEAI_HOST replaces the host; a trailing slash is not doubled', () => {
    const env = { INTERACTIVEAI_PUBLIC_KEY: pk, INTERACTIVEAI_SECRET_KEY: sk };
    expect(destination({ ...env, INTERACTIVEAI_HOST: 'http://localhost:3000/' }, 'interactiveai').url).toBe(
      'http://localhost:3000/api/public/otel/v1/traces',
    );
    expect(
      destination({ ...env, INTERACTIVEAI_HOST: 'https://ai.example.com/base' }, 'interactiveai').url,
    ).toBe('https://ai.example.com/base/api/public/otel/v1/traces');
  });

  it('LANGFUSE keys: default cloud host and the ingestion-version header', () => {
    const dest = destination({ LANGFUSE_PUBLIC_KEY: pk, LANGFUSE_SECRET_KEY: sk }, 'langfuse');
    expect(dest.url).toBe(`${DEFAULT_LANGFUSE_HOST}/api/public/otel/v1/traces`);
    expect(dest.headers).toEqual({ Authorization: basic(pk, sk), 'x-langfuse-ingestion-version': '4' });
    expect(dest.compression).toBe('gzip');
    expect(dest.protocol).toBe('http/protobuf');
  });

  it('LANGFUSE_BASE_URL wins over LANGFUSE_HOST, which is the fallback', () => {
    const env = { LANGFUSE_PUBLIC_KEY: pk, LANGFUSE_SECRET_KEY: sk };
    expect(
      destination(
        { ...env, LANGFUSE_BASE_URL: 'https://base.example.com', LANGFUSE_HOST: 'https://host.example.com' },
        'langfuse',
      ).url,
    ).toBe('https://base.example.com/api/public/otel/v1/traces');
    expect(destination({ ...env, LANGFUSE_HOST: 'https://host.example.com' }, 'langfuse').url).toBe(
      'https://host.example.com/api/public/otel/v1/traces',
    );
  });

  it('both ingests plus a collector give three destinations', () => {
    const config = loadTelemetryConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      INTERACTIVEAI_PUBLIC_KEY: 'pk-i',
      INTERACTIVEAI_SECRET_KEY: 'sk-i',
      LANGFUSE_PUBLIC_KEY: 'pk-l',
      LANGFUSE_SECRET_KEY: 'sk-l',
    });
    expect(config.destinations.map((d) => [d.name, d.url])).toEqual([
      ['otlp', 'http://collector:4318/v1/traces'],
      ['interactiveai', 'https://app.interactive.ai/api/public/otel/v1/traces'],
      ['langfuse', 'https://cloud.langfuse.com/api/public/otel/v1/traces'],
    ]);
    expect(config.destinations[1].headers.Authorization).toBe(basic('pk-i', 'sk-i'));
    expect(config.destinations[2].headers.Authorization).toBe(basic('pk-l', 'sk-l'));
    // The collector does not get the ingest credentials.
    expect(config.destinations[0].headers).toEqual({});
    expect(config.console).toBe(false);
  });

  it('loadIngestCredentials returns the trimmed keys and host; basicAuth encodes them', () => {
    const [creds, ...rest] = loadIngestCredentials({
      INTERACTIVEAI_PUBLIC_KEY: ` ${pk} `,
      INTERACTIVEAI_SECRET_KEY: sk,
      INTERACTIVEAI_HOST: 'https://ai.example.com/',
    });
    expect(rest).toEqual([]);
    expect(creds).toMatchObject({
      name: 'interactiveai',
      host: 'https://ai.example.com',
      publicKey: pk,
      secretKey: sk,
    });
    expect(basicAuth(creds)).toBe(basic(pk, sk));
    expect(basicAuth({ publicKey: 'pk-ü', secretKey: 'sk:ß' })).toBe(basic('pk-ü', 'sk:ß'));
  });
});

describe('resource and sampler', () => {
  it('percent-decodes OTEL_RESOURCE_ATTRIBUTES', () => {
    const config = loadTelemetryConfig({
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod%20eu, team=a%2Cb,note=x%3Dy',
    });
    expect(config.resourceAttributes).toEqual({
      'deployment.environment': 'prod eu',
      team: 'a,b',
      note: 'x=y',
    });
  });

  it('takes service.name from OTEL_RESOURCE_ATTRIBUTES, but OTEL_SERVICE_NAME wins', () => {
    const attrs = 'service.name=from%20attrs,team=x';
    expect(loadTelemetryConfig({ OTEL_RESOURCE_ATTRIBUTES: attrs }).serviceName).toBe('from attrs');
    expect(
      loadTelemetryConfig({ OTEL_RESOURCE_ATTRIBUTES: attrs }, { serviceName: 'option' }).serviceName,
    ).toBe('from attrs');
    expect(
      loadTelemetryConfig({ OTEL_RESOURCE_ATTRIBUTES: attrs, OTEL_SERVICE_NAME: 'explicit' }).serviceName,
    ).toBe('explicit');
  });

  it('reads the sampler and its ratio', () => {
    expect(
      loadTelemetryConfig({ OTEL_TRACES_SAMPLER: 'TraceIdRatio', OTEL_TRACES_SAMPLER_ARG: '0.25' }).sampler,
    ).toEqual({
      name: 'traceidratio',
      ratio: 0.25,
    });
    expect(loadTelemetryConfig({ OTEL_TRACES_SAMPLER: 'always_off' }).sampler).toEqual({
      name: 'always_off',
      ratio: 1,
    });
    expect(loadTelemetryConfig({ OTEL_TRACES_SAMPLER_ARG: '0' }).sampler.ratio).toBe(0);
  });

  it('reads OTEL_SDK_DISABLED', () => {
    expect(loadTelemetryConfig({ OTEL_SDK_DISABLED: 'true' }).disabled).toBe(true);
    expect(loadTelemetryConfig({ OTEL_SDK_DISABLED: 'TRUE' }).disabled).toBe(true);
    expect(loadTelemetryConfig({ OTEL_SDK_DISABLED: 'false' }).disabled).toBe(false);
    // The spec and OpenInference read only `true` as true: `1` is refused, not taken for either.
    expect(() => loadTelemetryConfig({ OTEL_SDK_DISABLED: '1' })).toThrow(
      'OTEL_SDK_DISABLED: expected true or false',
    );
  });

  it('reads the attribute value length limit', () => {
    expect(loadTelemetryConfig({ OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '100' }).attributeValueLengthLimit).toBe(
      100,
    );
    expect(
      loadTelemetryConfig({ OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT: '200' }).attributeValueLengthLimit,
    ).toBe(200);
  });

  it('OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT takes precedence over the general OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', () => {
    // OpenTelemetry: a model-specific limit wins over the general one (as the
    // JS SDK's own reconfigureLimits does, and as *_TRACES_* wins over the
    // generic OTLP variables here).
    const config = loadTelemetryConfig({
      OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '100',
      OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT: '200',
    });
    expect(config.attributeValueLengthLimit).toBe(200);
  });
});

describe('loadTemporalConfig', () => {
  it('defaults: no address (start a dev server), default namespace and queue, no TLS', () => {
    expect(loadTemporalConfig({})).toEqual({
      address: undefined,
      namespace: 'default',
      taskQueue: 'agents',
      apiKey: undefined,
      tls: false,
      connection: {},
    });
    expect(loadTemporalConfig({}, { taskQueue: 'research' }).taskQueue).toBe('research');
  });

  it('reads address, namespace, task queue', () => {
    expect(
      loadTemporalConfig({
        TEMPORAL_ADDRESS: 'temporal.example.com:7233',
        TEMPORAL_NAMESPACE: 'prod',
        TEMPORAL_TASK_QUEUE: 'q1',
      }),
    ).toMatchObject({ address: 'temporal.example.com:7233', namespace: 'prod', taskQueue: 'q1', tls: false });
    expect(loadTemporalConfig({ TEMPORAL_ADDRESS: '[::1]:7233' }).address).toBe('[::1]:7233');
  });

  it('TEMPORAL_API_KEY implies TLS unless TEMPORAL_TLS says otherwise', () => {
    expect(loadTemporalConfig({ TEMPORAL_API_KEY: 'key' })).toMatchObject({ apiKey: 'key', tls: true });
    expect(loadTemporalConfig({ TEMPORAL_API_KEY: 'key', TEMPORAL_TLS: 'false' }).tls).toBe(false);
    expect(loadTemporalConfig({ TEMPORAL_TLS: 'TRUE' }).tls).toBe(true);
    expect(() => loadTemporalConfig({ TEMPORAL_TLS: 'yes' })).toThrow('TEMPORAL_TLS: expected true or false');
  });

  it('reads a profile from TEMPORAL_CONFIG_FILE, with TLS and gRPC metadata, as Temporal’s CLI does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'envconfig-'));
    const file = join(dir, 'temporal.toml');
    writeFileSync(
      file,
      '[profile.staging]\naddress = "staging.example.com:7233"\nnamespace = "agents-staging"\n' +
        'api_key = "key-from-file"\n[profile.staging.grpc_meta]\nx-team = "research"\n',
    );
    const config = loadTemporalConfig({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'staging' });
    expect(config).toMatchObject({
      address: 'staging.example.com:7233',
      namespace: 'agents-staging',
      tls: true,
    });
    expect(config.connection).toMatchObject({ apiKey: 'key-from-file', metadata: { 'x-team': 'research' } });
    // The environment overrides the file, as in Temporal's SDKs.
    expect(
      loadTemporalConfig({
        TEMPORAL_CONFIG_FILE: file,
        TEMPORAL_PROFILE: 'staging',
        TEMPORAL_NAMESPACE: 'n2',
      }).namespace,
    ).toBe('n2');
    expect(() => loadTemporalConfig({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'nope' })).toThrow(
      /^TEMPORAL_CONFIG_FILE: /,
    );
  });

  it('TEMPORAL_HOST is an alias of TEMPORAL_ADDRESS, which wins', () => {
    expect(loadTemporalConfig({ TEMPORAL_HOST: 'h:7233' }).address).toBe('h:7233');
    expect(loadTemporalConfig({ TEMPORAL_HOST: 'h:7233', TEMPORAL_ADDRESS: 'a:7233' }).address).toBe(
      'a:7233',
    );
  });
});
