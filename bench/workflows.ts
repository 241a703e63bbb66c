// The workflows the benchmark bundles: the research pipeline as it is, plus
// a probe that runs full garbage collections inside the workflow thread's V8
// isolate (the children run with --expose-gc, which gives every context a
// `gc` function), so memory can be compared at rest without the garbage
// that V8's heap-growth policy leaves lying around. Sandbox-safe.
export { ResearchWorkflow } from '../examples/research/workflow.js';

/** Collects garbage in the workflow isolate; false when `gc` is not exposed. */
export async function benchCollectGarbage(): Promise<boolean> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return false;
  gc();
  gc();
  return true;
}
