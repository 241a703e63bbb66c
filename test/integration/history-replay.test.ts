// Histories recorded by released versions of this library (test/history_files,
// made by scripts/record-histories.ts) must replay under the current code with
// no nondeterminism and no exported span: a user upgrading the library while
// runs are in flight loses none of them.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness.js';
import { researchWorkflowsPath } from '../support/research.js';
import { RESEARCH_SHARED_MODULES } from '../../examples/research/worker.js';

const DIR = fileURLToPath(new URL('../history_files', import.meta.url));
const WORKFLOWS: Record<string, string> = {
  research: researchWorkflowsPath,
  'research-review': researchWorkflowsPath,
  llm: fileURLToPath(new URL('../fixtures/llm-workflows.ts', import.meta.url)),
};
const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h?.close());

describe('recorded histories replay under the current code', () => {
  it('has histories of the released version and of this one', () => {
    expect(files.some((f) => f.includes('-e31953c'))).toBe(true);
    expect(files.length).toBeGreaterThanOrEqual(6);
  });

  it.each(files)('%s', async (file) => {
    const kind = Object.keys(WORKFLOWS)
      .sort((a, b) => b.length - a.length)
      .find((k) => file.startsWith(`${k}-`))!;
    const history = historyFromJSON(JSON.parse(readFileSync(`${DIR}/${file}`, 'utf8')));
    const before = (await h.spans()).length;
    // As the research worker runs them: its stateless modules shared between runs.
    const bundlerOptions =
      WORKFLOWS[kind] === researchWorkflowsPath ? { preloadModules: RESEARCH_SHARED_MODULES } : undefined;
    // Throws DeterminismViolationError (or any workflow task failure) on a mismatch.
    await Worker.runReplayHistory(
      { workflowsPath: WORKFLOWS[kind], plugins: [h.plugin], bundlerOptions },
      history,
    );
    expect((await h.spans()).length, 'a replay exports nothing').toBe(before);
  });
});
