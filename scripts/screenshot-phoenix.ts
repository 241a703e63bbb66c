// Regenerates docs/phoenix-trace.png: a real research-pipeline trace in Arize
// Phoenix's UI. Starts Phoenix (pinned, from scripts/setup-phoenix.sh), runs
// the research demo once with the offline model, exporting OTLP/HTTP to
// Phoenix, waits until Phoenix holds the whole trace, and has headless
// Chromium save the trace page with the planner's LLM call selected.
//
//   npx tsx scripts/screenshot-phoenix.ts [output.png]
//
// Needs: Chromium (Debian: `apt-get install chromium`; or CHROMIUM_PATH), the
// cached Temporal CLI (or TEMPORAL_ADDRESS), Python 3.10-3.13 for Phoenix.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  getPhoenixSpans,
  getPhoenixTraceCost,
  type PhoenixServer,
  type PhoenixSpan,
  phoenixTraceUrl,
  startPhoenix,
} from '../devtools/phoenix.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const output = process.argv[2] ?? join(root, 'docs', 'phoenix-trace.png');
const PROJECT = 'research-demo'; // the demo's service name, which is also its Phoenix project
const log = (line: string) => process.stderr.write(`[screenshot-phoenix] ${line}\n`);

function chromium(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    try {
      return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
    } catch {
      // next
    }
  }
  throw new Error('no Chromium found: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH');
}

/** Runs the demo against Phoenix, offline, and returns the trace id it prints. */
function runDemo(phoenix: PhoenixServer): Promise<string> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: phoenix.otlpHttpUrl,
    OTEL_SERVICE_NAME: PROJECT,
    OPENAI_AGENTS_DISABLE_TRACING: '1',
  };
  // The picture should not depend on a key that happens to be set: always the offline model.
  delete env.OPENAI_API_KEY;
  delete env.OPENAI_BASE_URL;
  const demo = join(root, 'examples', 'research', 'demo.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', demo], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      const traceId = /^trace id: ([0-9a-f]{32})$/m.exec(out)?.[1];
      if (code === 0 && traceId) return resolve(traceId);
      reject(
        new Error(`the demo exited with code ${code} without a trace id; its output:\n${out.slice(-3000)}`),
      );
    });
  });
}

/** Polls until Phoenix's copy of the trace has its root and stops growing. */
async function wholeTrace(phoenix: PhoenixServer, traceId: string): Promise<PhoenixSpan[]> {
  let last = -1;
  for (let i = 0; i < 120; i++) {
    const spans = await getPhoenixSpans(phoenix.baseUrl, PROJECT, traceId, { timeoutMs: 30_000 });
    const complete = spans.some((s) => s.name.startsWith('StartWorkflow:'));
    if (complete && spans.length === last) return spans;
    last = spans.length;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`Phoenix's copy of trace ${traceId} kept changing`);
}

async function main(): Promise<void> {
  const browser = chromium();
  log('starting Phoenix');
  const phoenix = await startPhoenix();
  const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
  try {
    log(`Phoenix at ${phoenix.baseUrl}; running the research demo`);
    const traceId = await runDemo(phoenix);
    const spans = await wholeTrace(phoenix, traceId);
    const cost = await getPhoenixTraceCost(phoenix.baseUrl, traceId);
    if (!cost) throw new Error(`Phoenix does not know trace ${traceId}`);
    // The planner's LLM call: its details show model, tokens and Phoenix's cost.
    const byId = new Map(spans.map((s) => [s.context.span_id, s]));
    const underPlanner = (s: PhoenixSpan) => {
      for (let p = byId.get(s.parent_id ?? ''); p; p = byId.get(p.parent_id ?? ''))
        if (p.name === 'agent PlannerAgent') return true;
      return false;
    };
    const selected = spans.find((s) => s.span_kind === 'LLM' && underPlanner(s));
    const url = phoenixTraceUrl(phoenix.baseUrl, cost.projectId, traceId, selected?.id);
    log(`trace ${traceId}: ${spans.length} spans, Phoenix cost $${cost.total.cost}; capturing ${url}`);
    execFileSync(
      browser,
      [
        '--headless',
        '--no-sandbox', // root in containers
        '--disable-gpu',
        '--hide-scrollbars',
        `--user-data-dir=${profile}`,
        '--window-size=1600,1300',
        // Lets the single-page app fetch and render before the capture.
        '--virtual-time-budget=20000',
        `--screenshot=${output}`,
        url,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 },
    );
    log(`saved ${output} (${statSync(output).size} bytes)`);
  } finally {
    rmSync(profile, { recursive: true, force: true });
    await phoenix.close();
  }
}

main().catch((err: Error) => {
  log(`failed: ${err.message}`);
  process.exit(1);
});
