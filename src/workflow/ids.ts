// Deterministic trace and span ids for spans made inside a workflow.
//
// A replayed workflow must recreate its open spans (RunWorkflow, agent spans)
// with the ids it had before, because children already exported by an earlier
// worker point at them. So ids derive from the run id and a per-run counter
// instead of from randomness, which would also consume the workflow's seeded
// random stream and change user-visible behaviour.

/** 53-bit string hash (cyrb53 construction), deterministic and dependency-free. */
function hash53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

function hex64(text: string, seed: number): string {
  const a = hash53(text, seed).toString(16).padStart(14, '0').slice(-8);
  const b = hash53(text, seed + 0x9e3779b9)
    .toString(16)
    .padStart(14, '0')
    .slice(-8);
  const id = a + b;
  // An all-zero id is invalid in W3C trace context.
  return /^0+$/.test(id) ? '0000000000000001' : id;
}

/** A 16-hex-digit span id for the `seq`-th span of a run. */
export function deterministicSpanId(runId: string, seq: number): string {
  return hex64(`${runId}/span/${seq}`, 1);
}

/** A 32-hex-digit trace id for a run started without a trace context. */
export function deterministicTraceId(runId: string): string {
  return hex64(`${runId}/trace`, 2) + hex64(`${runId}/trace`, 3);
}
