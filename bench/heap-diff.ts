// What K parked runs hold in the workflow thread, by kind of object: compares
// two heap snapshots the thread-heap probe wrote (BENCH_HEAP_SNAPSHOTS), the
// one at rest and the one with K runs parked, and prints the difference per
// run by node type and by type + constructor name (kB and MB of 1000).
//
//   BENCH_HEAP_SNAPSHOTS=/tmp/snaps npm run bench -- --k 20 --modes c --rounds 1 \
//     --workflows 20 --warmup 3 --memory-probes 1 --no-doc
//   npx tsx bench/heap-diff.ts /tmp/snaps/workflow-<pid>-2.heapsnapshot /tmp/snaps/workflow-<pid>-3.heapsnapshot 20
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: {
    meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/**
 * Temporal's reusable context keeps each run's globals, while another run
 * executes, as `holder.bag = Object.getOwnPropertyDescriptors(globalThis)`:
 * the bags of more than 50 properties, with their size and their descriptors'.
 */
function globalsCopies(s: Snapshot): { count: number; globals: number; bytes: number } {
  const nf = s.snapshot.meta.node_fields.length;
  const ef = s.snapshot.meta.edge_fields.length;
  const edgeTypes = s.snapshot.meta.edge_types[0];
  const firstEdge: number[] = [];
  for (let i = 0, e = 0; i < s.nodes.length; i += nf, e += s.nodes[i - nf + 4] * ef) firstEdge.push(e);
  const properties = (node: number) => {
    const out: number[] = [];
    for (let j = 0, e = firstEdge[node / nf]; j < s.nodes[node + 4]; j++, e += ef)
      if (edgeTypes[s.edges[e]] === 'property') out.push(s.edges[e + 2]);
    return out;
  };
  const found = { count: 0, globals: 0, bytes: 0 };
  for (let node = 0; node < s.nodes.length; node += nf)
    for (let j = 0, e = firstEdge[node / nf]; j < s.nodes[node + 4]; j++, e += ef) {
      if (edgeTypes[s.edges[e]] !== 'property' || s.strings[s.edges[e + 1]] !== 'bag') continue;
      const bag = s.edges[e + 2];
      const descriptors = properties(bag);
      if (descriptors.length <= 50) continue;
      found.count += 1;
      found.globals = descriptors.length;
      found.bytes += s.nodes[bag + 3] + descriptors.reduce((sum, d) => sum + s.nodes[d + 3], 0);
    }
  return found;
}

/** Bytes and counts by "type" and by "type constructor". */
function tally(s: Snapshot): Map<string, { bytes: number; count: number }> {
  const fields = s.snapshot.meta.node_fields;
  const [type, name, size] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const types = s.snapshot.meta.node_types[0];
  const out = new Map<string, { bytes: number; count: number }>();
  const add = (key: string, bytes: number) => {
    const t = out.get(key) ?? { bytes: 0, count: 0 };
    t.bytes += bytes;
    t.count += 1;
    out.set(key, t);
  };
  for (let i = 0; i < s.nodes.length; i += fields.length) {
    const t = types[s.nodes[i + type]];
    // Strings are keyed by their text and code by its name: fold them, or every one is its own row.
    const n = t.includes('string') || t === 'number' ? '' : s.strings[s.nodes[i + name]].slice(0, 50);
    add(`type ${t}`, s.nodes[i + size]);
    add(`${t} ${n}`, s.nodes[i + size]);
  }
  return out;
}

const [rest, parked, k] = [process.argv[2], process.argv[3], Number(process.argv[4])];
if (!rest || !parked || !(k > 0)) {
  console.error(
    'usage: npx tsx bench/heap-diff.ts <at-rest.heapsnapshot> <parked.heapsnapshot> <runs parked>',
  );
  process.exit(2);
}
const snapshots = [rest, parked].map((path) => JSON.parse(readFileSync(path, 'utf8')) as Snapshot);
const [a, b] = snapshots.map(tally);
const [bagsBefore, bagsAfter] = snapshots.map(globalsCopies);
const rows = [...b].map(([key, v]) => {
  const before = a.get(key) ?? { bytes: 0, count: 0 };
  return { key, kb: (v.bytes - before.bytes) / 1000 / k, count: (v.count - before.count) / k };
});
const total = rows.filter((r) => r.key.startsWith('type ')).reduce((sum, r) => sum + r.kb, 0);
console.log(`per parked run: ${(total / 1000).toFixed(3)} MB`);
console.log(
  `of which copies of the sandbox's globals: ${(bagsAfter.count - bagsBefore.count) / k} per run, ` +
    `${bagsAfter.globals} globals, ${((bagsAfter.bytes - bagsBefore.bytes) / 1000 / k).toFixed(1)} KB per run`,
);
for (const r of rows.sort((x, y) => y.kb - x.kb).slice(0, 30))
  console.log(`${r.kb.toFixed(1).padStart(9)} KB  ${r.count.toFixed(1).padStart(9)} objects  ${r.key}`);
