// `npm run bench:levers`: what the content of a research run's trace weighs on
// the wire, and what each setting that trims it saves. Runs bench:spans once
// per setting, each in its own process (the settings are read at startup),
// and prints spans per run, OTLP/protobuf bytes per span and per run, and the
// encoding CPU per run, against the defaults.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Settings compared: OpenTelemetry's value limit and OpenInference's hiding switches. */
const LEVERS: [string, Record<string, string>][] = [
  ['defaults (value limit 32,768)', {}],
  ['OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT=4096', { OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '4096' }],
  ['OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT=1024', { OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '1024' }],
  ['OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT=256', { OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '256' }],
  [
    'OPENINFERENCE_HIDE_INPUT_MESSAGES + _OUTPUT_MESSAGES',
    {
      OPENINFERENCE_HIDE_INPUT_MESSAGES: 'true',
      OPENINFERENCE_HIDE_OUTPUT_MESSAGES: 'true',
    },
  ],
  [
    'OPENINFERENCE_HIDE_INPUTS + _OUTPUTS',
    { OPENINFERENCE_HIDE_INPUTS: 'true', OPENINFERENCE_HIDE_OUTPUTS: 'true' },
  ],
];

interface Weight {
  spans: number;
  bytesPerRun: number;
  msPerRun: number;
}

const SPAN_COST = fileURLToPath(new URL('./span-cost.ts', import.meta.url));

function weigh(env: Record<string, string>): Weight {
  const out = execFileSync(process.execPath, ['--import', 'tsx', SPAN_COST, '--summary'], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as Weight;
}

const rows: string[] = [];
let base: Weight | undefined;
for (const [name, env] of LEVERS) {
  process.stderr.write(`[levers] ${name}\n`);
  const w = weigh(env);
  base ??= w;
  rows.push(
    [
      name.padEnd(54),
      String(w.spans).padStart(5),
      String(Math.round(w.bytesPerRun / w.spans)).padStart(10),
      String(Math.round(w.bytesPerRun)).padStart(10),
      `${Math.round((100 * w.bytesPerRun) / base.bytesPerRun)} %`.padStart(7),
      w.msPerRun.toFixed(2).padStart(10),
    ].join('  '),
  );
}
const header = ['setting'.padEnd(54), 'spans', 'bytes/span', ' bytes/run', 'vs dflt', 'encode ms'].join('  ');
process.stdout.write(
  ['OTLP/protobuf weight of one research run', header, '-'.repeat(header.length), ...rows].join('\n') + '\n',
);
