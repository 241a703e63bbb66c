import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ConfigError,
  type Env,
  HIDE_VARIABLES,
  loadIngestCredentials,
  loadLinksConfig,
  loadMetricsConfig,
  loadPrivacyRules,
  loadTelemetryConfig,
  loadTemporalConfig,
  runOrExit,
} from '../../src/config/index.js';
import { providerSettings, routeModel } from '../../src/config/model-providers.js';
import { loadHttpApiConfig } from '../../src/config/http-config.js';
import { loadEvalBackends } from '../../src/config/eval-backends-config.js';

// Recognisable strings planted inside bad values. No error message may contain
// any of them, in any letter case (URL parsing lower-cases schemes).
const SECRET = 'sk-PLANTED-SECRET-123';
const PUBLIC = 'pk-PLANTED-PUBLIC-456';
const PASSWORD = 'PLANTED-PASSWORD-789';
const PLANTED = [SECRET, PUBLIC, PASSWORD];

/** A collector endpoint, so that the OTEL_EXPORTER_OTLP_* variables are read. */
const COLLECTOR: Env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
const INTERACTIVEAI_KEYS: Env = { INTERACTIVEAI_PUBLIC_KEY: PUBLIC, INTERACTIVEAI_SECRET_KEY: SECRET };
const LANGFUSE_KEYS: Env = { LANGFUSE_PUBLIC_KEY: PUBLIC, LANGFUSE_SECRET_KEY: SECRET };

type Loader =
  | 'telemetry'
  | 'ingest'
  | 'temporal'
  | 'privacy'
  | 'links'
  | 'metrics'
  | 'providers'
  | 'http'
  | 'evals';

/** One model per provider kind, so every provider's variables are read. */
const PROVIDER_MODELS = [
  'openai/gpt-4o-mini',
  'anthropic/claude-haiku-4-5',
  'azure/prod',
  'google/gemini-2.5-flash',
  'vllm/llama',
];
/** Every provider configured, so a case can spoil one variable at a time. */
const PROVIDERS: Env = {
  ANTHROPIC_API_KEY: SECRET,
  AZURE_OPENAI_API_KEY: SECRET,
  AZURE_OPENAI_ENDPOINT: 'https://r.openai.azure.com',
  OPENAI_API_VERSION: '2024-10-21',
  GEMINI_API_KEY: SECRET,
  OPENAI_COMPATIBLE_BASE_URLS: 'vllm=http://gpu:8000/v1',
};

interface Case {
  /** What is wrong, for the test name. */
  why: string;
  /** The variable the error must name. */
  variable: string;
  env: Env;
  /** Loaders that must reject the environment. */
  loaders: Loader[];
  /** A substring the message must contain, beyond the variable name. */
  mentions?: RegExp;
}

const telemetry = (
  variable: string,
  value: string,
  why: string,
  context: Env = {},
  mentions?: RegExp,
): Case => ({
  why,
  variable,
  env: { ...context, [variable]: value },
  loaders: ['telemetry'],
  mentions,
});

const endpointCases = (variable: string): Case[] => [
  telemetry(variable, 'not a url', 'not a URL'),
  telemetry(variable, 'collector.example.com', 'no scheme'),
  telemetry(variable, 'localhost:4318', 'host:port without scheme'),
  telemetry(variable, `ftp://user:${PASSWORD}@collector:21/v1/traces`, 'ftp:// with credentials'),
  telemetry(variable, 'grpc://collector:4317', 'grpc:// scheme'),
  telemetry(variable, 'file:///etc/passwd', 'file:// scheme'),
  telemetry(variable, 'http://', 'empty host'),
  telemetry(variable, 'http://:4318', 'empty host with a port'),
  telemetry(variable, `https://user:${PASSWORD}@`, 'credentials and an empty host'),
  telemetry(variable, 'http://collector:99999', 'port out of range'),
  telemetry(variable, `http://user:${SECRET}@exa mple.com`, 'credentials and a space in the host'),
  // A token used as user name (`token:x-oauth-basic@host`) with the scheme
  // forgotten: the URL parser takes the token for the scheme.
  telemetry(variable, `${SECRET}:x-oauth-basic@collector.example.com`, 'a token where the scheme should be'),
];

const headerCases = (variable: string): Case[] => [
  telemetry(variable, 'Authorization', 'an entry without "="', COLLECTOR),
  telemetry(variable, `Authorization: Bearer ${SECRET}`, 'HTTP "name: value" syntax', COLLECTOR),
  telemetry(variable, `=Bearer ${SECRET}`, 'an empty key', COLLECTOR),
  telemetry(variable, `api-key=${SECRET},${PASSWORD}`, 'a second entry without "="', COLLECTOR, /entry 2/),
  telemetry(variable, `x-api-key=${SECRET}%`, 'a dangling "%"', COLLECTOR),
  telemetry(variable, `x-api-key=${SECRET}%zz`, 'a non-hex percent escape', COLLECTOR),
  telemetry(variable, `x-api-key=${SECRET}%E0%A4%A`, 'a truncated UTF-8 sequence', COLLECTOR),
  telemetry(variable, `"Authorization"=Basic ${SECRET}`, 'a quoted key', COLLECTOR),
];

const protocolCases = (variable: string): Case[] => [
  telemetry(variable, 'http/xml', 'unknown protocol', COLLECTOR),
  telemetry(variable, 'protobuf', 'protocol without transport', COLLECTOR),
  telemetry(variable, 'grpc', 'grpc', COLLECTOR, /not supported/),
  telemetry(variable, 'GRPC', 'grpc in capitals', COLLECTOR, /not supported/),
];

const CASES: Case[] = [
  ...endpointCases('OTEL_EXPORTER_OTLP_ENDPOINT'),
  ...endpointCases('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'),
  ...headerCases('OTEL_EXPORTER_OTLP_HEADERS'),
  ...headerCases('OTEL_EXPORTER_OTLP_TRACES_HEADERS'),
  ...protocolCases('OTEL_EXPORTER_OTLP_PROTOCOL'),
  ...protocolCases('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'),
  telemetry('OTEL_EXPORTER_OTLP_COMPRESSION', 'brotli', 'unknown compression', COLLECTOR),
  telemetry('OTEL_EXPORTER_OTLP_COMPRESSION', 'deflate', 'unsupported compression', COLLECTOR),
  telemetry('OTEL_EXPORTER_OTLP_TRACES_COMPRESSION', 'zip', 'unknown compression', COLLECTOR),
  telemetry('OTEL_EXPORTER_OTLP_TIMEOUT', 'ten seconds', 'not a number', COLLECTOR),
  telemetry('OTEL_EXPORTER_OTLP_TIMEOUT', '10s', 'a unit suffix', COLLECTOR),
  telemetry('OTEL_EXPORTER_OTLP_TIMEOUT', '0', 'zero', COLLECTOR),
  telemetry('OTEL_EXPORTER_OTLP_TIMEOUT', '-5', 'negative', COLLECTOR),
  telemetry('OTEL_EXPORTER_OTLP_TIMEOUT', '600001', 'above ten minutes', COLLECTOR),
  telemetry('OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', 'NaN', 'NaN', COLLECTOR),
  telemetry('OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', 'Infinity', 'Infinity', COLLECTOR),
  telemetry('OTEL_TRACES_SAMPLER', 'sometimes', 'unknown sampler'),
  telemetry('OTEL_TRACES_SAMPLER', 'parentbased_jaeger_remote', 'unsupported standard sampler'),
  telemetry('OTEL_TRACES_SAMPLER', SECRET, 'a secret pasted as sampler'),
  telemetry('OTEL_TRACES_SAMPLER_ARG', '1.5', 'above 1', { OTEL_TRACES_SAMPLER: 'traceidratio' }),
  telemetry('OTEL_TRACES_SAMPLER_ARG', '-0.1', 'below 0', { OTEL_TRACES_SAMPLER: 'traceidratio' }),
  telemetry('OTEL_TRACES_SAMPLER_ARG', 'half', 'not a number', {
    OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
  }),
  telemetry('OTEL_TRACES_SAMPLER_ARG', '50%', 'a percentage'),
  telemetry('OTEL_TRACES_EXPORTER', 'jaeger', 'unknown exporter'),
  telemetry('OTEL_TRACES_EXPORTER', 'otlp,zipkin', 'one unknown exporter in a list'),
  telemetry('OTEL_TRACES_EXPORTER', 'otlp\nzipkin', 'a newline inside the list'),
  telemetry('OTEL_TRACES_EXPORTER', `otlp,${SECRET}`, 'a secret pasted into the list'),
  telemetry('OTEL_SDK_DISABLED', 'maybe', 'not a boolean'),
  telemetry('OTEL_SDK_DISABLED', '2', 'a number other than 0/1'),
  telemetry('OTEL_SDK_DISABLED', SECRET, 'a secret pasted as boolean'),
  telemetry('OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', 'lots', 'not a number'),
  telemetry('OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', '10', 'below 64'),
  telemetry('OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', '-1', 'negative'),
  telemetry('OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', '1e9', 'above ten million'),
  telemetry('OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT', 'x', 'not a number'),
  telemetry('OTEL_RESOURCE_ATTRIBUTES', 'service.name', 'an entry without "="'),
  telemetry(
    'OTEL_RESOURCE_ATTRIBUTES',
    `deployment.environment=prod,token=${SECRET}%G0`,
    'bad percent-encoding',
    {},
    /entry 2/,
  ),

  // Ingest credentials: half a pair names the MISSING variable.
  ...(['INTERACTIVEAI', 'LANGFUSE'] as const).flatMap((prefix): Case[] => [
    {
      why: 'public key without secret key',
      variable: `${prefix}_SECRET_KEY`,
      env: { [`${prefix}_PUBLIC_KEY`]: PUBLIC },
      loaders: ['telemetry', 'ingest'],
      mentions: new RegExp(`${prefix}_PUBLIC_KEY`),
    },
    {
      why: 'secret key without public key',
      variable: `${prefix}_PUBLIC_KEY`,
      env: { [`${prefix}_SECRET_KEY`]: SECRET },
      loaders: ['telemetry', 'ingest'],
      mentions: new RegExp(`${prefix}_SECRET_KEY`),
    },
    {
      why: 'public key with a blank secret key',
      variable: `${prefix}_SECRET_KEY`,
      env: { [`${prefix}_PUBLIC_KEY`]: PUBLIC, [`${prefix}_SECRET_KEY`]: '   ' },
      loaders: ['telemetry', 'ingest'],
    },
  ]),
  ...(
    [
      ['INTERACTIVEAI_HOST', INTERACTIVEAI_KEYS],
      ['LANGFUSE_BASE_URL', LANGFUSE_KEYS],
      ['LANGFUSE_HOST', LANGFUSE_KEYS],
    ] as const
  ).flatMap(([variable, keys]): Case[] =>
    [
      ['app.interactive.ai', 'no scheme'],
      ['ftp://app.example.com', 'ftp:// scheme'],
      [`https://user:${PASSWORD}@`, 'credentials and an empty host'],
      ['https://', 'empty host'],
      [`${SECRET}:x@app.example.com`, 'a key where the scheme should be'],
    ].map(([value, why]) => ({ why, variable, env: { ...keys, [variable]: value }, loaders: ['telemetry'] })),
  ),

  // Temporal.
  ...(['TEMPORAL_ADDRESS', 'TEMPORAL_HOST'] as const).flatMap((variable): Case[] =>
    [
      ['localhost', 'no port'],
      ['http://localhost:7233', 'a URL instead of host:port'],
      [`user:${PASSWORD}@temporal.example.com:7233`, 'credentials'],
      ['temporal example:7233', 'a space in the host'],
      [':7233', 'an empty host'],
      ['localhost:port', 'a non-numeric port'],
      ['localhost:65536', 'port above 65535'],
      ['localhost:99999', 'five-digit port above 65535'],
    ].map(([value, why]) => ({ why, variable, env: { [variable]: value }, loaders: ['temporal'] })),
  ),
  {
    why: 'a bad TEMPORAL_ADDRESS is an error even when TEMPORAL_HOST is good',
    variable: 'TEMPORAL_ADDRESS',
    env: { TEMPORAL_ADDRESS: 'nope', TEMPORAL_HOST: 'localhost:7233' },
    loaders: ['temporal'],
  },
  {
    why: 'not a boolean',
    variable: 'TEMPORAL_TLS',
    env: { TEMPORAL_TLS: 'sometimes' },
    loaders: ['temporal'],
  },
  {
    why: 'a secret pasted as boolean',
    variable: 'TEMPORAL_TLS',
    env: { TEMPORAL_TLS: SECRET, TEMPORAL_API_KEY: PASSWORD },
    loaders: ['temporal'],
  },
  {
    why: 'no such file',
    variable: 'TEMPORAL_CONFIG_FILE',
    env: { TEMPORAL_CONFIG_FILE: `/nowhere/${SECRET}.toml` },
    loaders: ['temporal'],
  },
  {
    why: 'no such profile',
    variable: 'TEMPORAL_PROFILE',
    env: { TEMPORAL_PROFILE: 'no-such-profile' },
    loaders: ['temporal'],
  },

  // The batch queue and the SDK's log level.
  ...(
    [
      'OTEL_BSP_MAX_QUEUE_SIZE',
      'OTEL_BSP_MAX_EXPORT_BATCH_SIZE',
      'OTEL_BSP_SCHEDULE_DELAY',
      'OTEL_BSP_EXPORT_TIMEOUT',
    ] as const
  ).flatMap((variable): Case[] => [
    telemetry(variable, 'lots', 'not a number'),
    telemetry(variable, '-1', 'negative'),
  ]),
  telemetry('OTEL_LOG_LEVEL', 'loud', 'not a level'),
  telemetry('OTEL_LOG_LEVEL', SECRET, 'a secret pasted as a level'),

  // OpenInference's hiding switches: only true or false (`1` would hide nothing in OpenInference).
  ...Object.values(HIDE_VARIABLES).flatMap((variable): Case[] =>
    [
      ['1', 'a number for true'],
      [SECRET, 'a secret pasted as boolean'],
    ].map(([value, why]) => ({
      why,
      variable,
      env: { [variable]: value },
      loaders: ['privacy'],
    })),
  ),
  {
    why: 'not a number',
    variable: 'OPENINFERENCE_BASE64_IMAGE_MAX_LENGTH',
    env: { OPENINFERENCE_BASE64_IMAGE_MAX_LENGTH: 'big' },
    loaders: ['privacy'],
  },
  ...[
    ['ftp://ui.example', 'not http(s)'],
    [`${SECRET}`, 'not a URL'],
  ].map(([value, why]) => ({
    why,
    variable: 'TEMPORAL_UI_URL',
    env: { TEMPORAL_UI_URL: value },
    loaders: ['links'] as Loader[],
  })),
  ...[
    ['jaeger=http://localhost:16686/trace/', 'no {traceId} in the template'],
    ['http://localhost:16686/trace/{traceId}', 'no name'],
    [`jaeger=${SECRET}{traceId}`, 'not a URL'],
  ].map(([value, why]) => ({
    why,
    variable: 'TRACE_UI_URLS',
    env: { TRACE_UI_URLS: value },
    loaders: ['links'] as Loader[],
  })),
  {
    why: 'not a search attribute name',
    variable: 'TEMPORAL_TRACE_ID_SEARCH_ATTRIBUTE',
    env: { TEMPORAL_TRACE_ID_SEARCH_ATTRIBUTE: 'Trace Id' },
    loaders: ['links'],
  },
  {
    why: 'not a boolean',
    variable: 'TEMPORAL_HISTORY_TIMINGS',
    env: { TEMPORAL_HISTORY_TIMINGS: 'sometimes' },
    loaders: ['links'],
  },
  ...(
    [
      ['OTEL_METRICS_EXPORTER', 'prometheus', 'not otlp or none', {}],
      ['OTEL_METRIC_EXPORT_INTERVAL', '10', 'below 100 ms', { OTEL_METRICS_EXPORTER: 'otlp' }],
      ['OTEL_EXPORTER_OTLP_METRICS_PROTOCOL', 'grpc', 'not http/protobuf', { OTEL_METRICS_EXPORTER: 'otlp' }],
      ['OTEL_EXPORTER_OTLP_METRICS_ENDPOINT', `${SECRET}`, 'not a URL', { OTEL_METRICS_EXPORTER: 'otlp' }],
      [
        'OTEL_EXPORTER_OTLP_METRICS_HEADERS',
        `k=${SECRET}%ZZ`,
        'bad percent-encoding',
        { OTEL_METRICS_EXPORTER: 'otlp' },
      ],
    ] as const
  ).map(([variable, value, why, context]) => ({
    why,
    variable,
    env: { ...context, [variable]: value },
    loaders: ['metrics'] as Loader[],
  })),
  ...(
    [
      ['OPENAI_BASE_URL', `${SECRET}`, 'not a URL'],
      ['ANTHROPIC_API_KEY', undefined, 'missing for an anthropic/ model'],
      ['ANTHROPIC_BASE_URL', 'ftp://proxy', 'not http(s)'],
      ['AZURE_OPENAI_API_KEY', undefined, 'missing for an azure/ model'],
      ['AZURE_OPENAI_ENDPOINT', `https://user:${PASSWORD}@`, 'not a URL'],
      ['OPENAI_API_VERSION', undefined, 'missing for an azure/ model'],
      ['GEMINI_API_KEY', undefined, 'missing for a google/ model'],
      ['GEMINI_BASE_URL', 'generativelanguage', 'not a URL'],
      ['OPENAI_COMPATIBLE_BASE_URLS', `vllm=${SECRET}`, 'not an http(s) URL'],
      ['OPENAI_COMPATIBLE_API_KEYS', `${SECRET}`, 'an entry without "="'],
    ] as const
  ).map(([variable, value, why]) => {
    const env: Env = { ...PROVIDERS, [variable]: value };
    if (value === undefined) delete env[variable];
    return { why, variable, env, loaders: ['providers'] as Loader[] };
  }),
  ...(
    [
      ['AGENT_API_TOKEN', 'short', 'under 16 characters', {}],
      ['AGENT_API_TOKEN', undefined, 'missing on a non-loopback host', { AGENT_API_HOST: '0.0.0.0' }],
      ['AGENT_API_PORT', '80000', 'out of range', {}],
      ['AGENT_API_BODY_LIMIT_BYTES', 'lots', 'not a number', {}],
    ] as const
  ).map(([variable, value, why, context]) => ({
    why,
    variable,
    env: { ...context, ...(value === undefined ? {} : { [variable]: value }) },
    loaders: ['http'] as Loader[],
  })),
  {
    why: 'not a URL',
    variable: 'PHOENIX_COLLECTOR_ENDPOINT',
    env: { PHOENIX_COLLECTOR_ENDPOINT: `${SECRET}@phoenix` },
    loaders: ['evals'],
  },
];

/**
 * Variables a loader reads that take any value, so no value is wrong: names,
 * queues, credentials (checked only against each other, in the cases above).
 */
const FREE_FORM = new Set([
  'OTEL_SERVICE_NAME',
  'TEMPORAL_TASK_QUEUE',
  'TEMPORAL_API_KEY',
  'OPENAI_API_KEY',
  'GOOGLE_API_KEY',
  'AGENT_API_HOST',
  'PHOENIX_API_KEY',
]);

/** Every variable named in the configuration loaders' sources. */
function variablesReadBySources(): string[] {
  const dir = new URL('../../src/config/', import.meta.url);
  const names = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(new URL(file, dir), 'utf8');
    for (const [, name] of text.matchAll(
      /['"`]((?:OTEL|INTERACTIVEAI|LANGFUSE|TEMPORAL|OPENINFERENCE|OPENAI|TRACE|ANTHROPIC|AZURE|GEMINI|GOOGLE|AGENT|PHOENIX)_[A-Z0-9_]+)['"`]/g,
    ))
      names.add(name);
  }
  return [...names].sort();
}

function load(loader: Loader, env: Env): unknown {
  switch (loader) {
    case 'telemetry':
      return loadTelemetryConfig(env);
    case 'ingest':
      return loadIngestCredentials(env);
    case 'temporal':
      return loadTemporalConfig(env);
    case 'privacy':
      return loadPrivacyRules(env);
    case 'links':
      return loadLinksConfig(env);
    case 'metrics':
      return loadMetricsConfig(env);
    case 'providers':
      return PROVIDER_MODELS.map((m) => providerSettings(routeModel(m, env), env));
    case 'http':
      return loadHttpApiConfig(env);
    case 'evals':
      return loadEvalBackends(env);
  }
}

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return undefined;
}

/** Shows a value with its control characters visible, for test names. */
const show = (env: Env) => JSON.stringify(env);

describe('configuration errors', () => {
  for (const c of CASES) {
    for (const loader of c.loaders) {
      it(`${c.variable}: ${c.why} (${loader} loader) ${show(c.env)}`, () => {
        const err = thrownBy(() => load(loader, c.env));
        expect(err, 'expected a ConfigError').toBeInstanceOf(ConfigError);
        const configError = err as ConfigError;
        expect(configError.variable).toBe(c.variable);
        expect(configError.name).toBe('ConfigError');
        expect(configError.message.startsWith(`${c.variable}: `), configError.message).toBe(true);
        expect(configError.message.length).toBeGreaterThan(c.variable.length + 2);
        expect(configError.message, 'the message must be a single line').not.toMatch(/[\r\n\u2028\u2029]/);
        const lower = configError.message.toLowerCase();
        for (const planted of PLANTED) {
          expect(lower, `message leaks ${planted}: ${configError.message}`).not.toContain(
            planted.toLowerCase(),
          );
        }
        if (c.mentions) expect(configError.message).toMatch(c.mentions);
      });
    }
  }

  it('covers every variable the loaders read, found in their sources', () => {
    const covered = new Set(CASES.map((c) => c.variable));
    const read = variablesReadBySources();
    // Guards the scan itself: it sees variables of each family.
    expect(read).toEqual(
      expect.arrayContaining([
        'OTEL_EXPORTER_OTLP_ENDPOINT',
        'TEMPORAL_TLS',
        'OPENINFERENCE_HIDE_INPUTS',
        'LANGFUSE_HOST',
      ]),
    );
    expect(
      read.filter((v) => !covered.has(v) && !FREE_FORM.has(v)),
      'variables with no error case',
    ).toEqual([]);
  });

  it('rejects a wrong value even when nothing else makes the variable matter', () => {
    // The contract: "A wrong value stops the process at start". A user who sets
    // OTEL_EXPORTER_OTLP_PROTOCOL=grpc (or a malformed header list) without an
    // endpoint must not silently get a console tree instead of an error.
    const unused: Env[] = [
      { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' },
      { OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/xml' },
      { OTEL_EXPORTER_OTLP_HEADERS: `Authorization: Bearer ${SECRET}` },
      { OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x=%zz' },
      { OTEL_EXPORTER_OTLP_COMPRESSION: 'brotli' },
      { OTEL_EXPORTER_OTLP_TIMEOUT: 'ten seconds' },
      { INTERACTIVEAI_HOST: 'ftp://app.example.com' },
      { LANGFUSE_BASE_URL: 'not a url' },
    ];
    const accepted = unused.filter(
      (env) => !(thrownBy(() => loadTelemetryConfig(env)) instanceof ConfigError),
    );
    expect(
      accepted.map((env) => Object.keys(env)[0]),
      'wrong values accepted without an error',
    ).toEqual([]);
  });

  it('ConfigError carries the variable and a "<VARIABLE>: <problem>" message', () => {
    const err = new ConfigError('SOME_VAR', 'expected something');
    expect(err).toBeInstanceOf(Error);
    expect(err.variable).toBe('SOME_VAR');
    expect(err.message).toBe('SOME_VAR: expected something');
  });
});

describe('runOrExit', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('turns a ConfigError into one stderr line and exit code 1', async () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const exit = vi.spyOn(process, 'exit').mockImplementation(((code?: number) => {
      throw new Error(`exit ${code}`);
    }) as typeof process.exit);

    await expect(
      runOrExit(async () => {
        loadTelemetryConfig({
          OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
          OTEL_EXPORTER_OTLP_HEADERS: `k=${SECRET}%zz`,
        });
      }),
    ).rejects.toThrow('exit 1');

    expect(exit).toHaveBeenCalledWith(1);
    const output = written.join('');
    expect(output).toMatch(/^configuration error: OTEL_EXPORTER_OTLP_HEADERS: [^\n]+\n$/);
    expect(output).not.toContain(SECRET);
    expect(output).not.toMatch(/\bat .*:\d+:\d+/); // no stack frames
  });

  it('rethrows errors that are not configuration errors and does not exit', async () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as typeof process.exit);
    const boom = new Error('boom');
    await expect(
      runOrExit(async () => {
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(exit).not.toHaveBeenCalled();
  });

  it('resolves and does not exit when main succeeds', async () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as typeof process.exit);
    let ran = false;
    await runOrExit(async () => {
      ran = true;
    });
    expect(ran).toBe(true);
    expect(exit).not.toHaveBeenCalled();
  });
});
