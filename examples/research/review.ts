import { createInterface } from 'node:readline/promises';
import type { PlanDecision, PlannedSearch } from './shared.js';

/** Shows the search plan and asks the person at the terminal to approve, reject or edit it. */
export async function askForDecision(plan: PlannedSearch[]): Promise<PlanDecision> {
  process.stdout.write('\nSearch plan awaiting review:\n');
  plan.forEach((s, i) => process.stdout.write(`  ${i + 1}. ${s.query}  — ${s.reason}\n`));
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = (
      await rl.question('Approve [a], reject [r], or keep only some searches [e.g. 1,3,4]? ')
    ).trim();
    if (answer === '' || /^a(pprove)?$/i.test(answer)) return { action: 'approve' };
    if (/^r(eject)?$/i.test(answer)) {
      const reason = (await rl.question('Reason: ')).trim() || 'rejected at the terminal';
      return { action: 'reject', reason };
    }
    const picked = answer
      .split(/[\s,]+/)
      .map(Number)
      .filter((n) => Number.isInteger(n) && n >= 1 && n <= plan.length)
      .map((n) => plan[n - 1]);
    return picked.length ? { action: 'edit', searches: picked } : { action: 'approve' };
  } finally {
    rl.close();
  }
}
