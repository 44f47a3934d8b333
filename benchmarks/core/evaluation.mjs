/**
 * @flagswitch/core evaluation speed (tinybench): scenarios A–D over 10,000 rotating contexts,
 * evaluateAll over a 10,000-flag document, and xxh32 of 40-byte keys, the hand-written
 * TypeScript against xxhash-wasm.
 *
 * Each task runs a batch of 1,000 calls so that tinybench's own per-iteration cost (timer
 * reads, ~40 ns) does not swamp calls that take tens of nanoseconds; figures are per call.
 *
 *   npm run build && node benchmarks/core/evaluation.mjs
 */
import { bucket, evaluate, evaluateAll, validateDocument, xxh32 } from "@flagswitch/core";
import { Bench } from "tinybench";
import xxhashWasm from "xxhash-wasm";
import { benchmarkDocument, flat, machine, rotatingContexts } from "../fixtures.mjs";
import { printPerCall } from "../tinybench-report.mjs";

const BATCH = 1000;

function validated(document) {
  const checked = validateDocument(document);
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  return checked.document;
}

const document = validated(benchmarkDocument());
const tenThousandFlags = validated(benchmarkDocument(9_996));
const contexts = rotatingContexts();
const keys40 = flat(
  contexts.map(({ key }) => `${key}-padding-to-forty-bytes`.slice(0, 40).padEnd(40, "x")),
);
const wasm = await xxhashWasm();

let sink = 0;
/** Runs `call` on the next BATCH contexts (or keys) of the rotation. */
function batch(items, call) {
  let offset = 0;
  return () => {
    offset = (offset + BATCH) % items.length;
    for (let i = offset; i < offset + BATCH; i++) sink ^= call(items[i]);
  };
}

const bench = new Bench({ time: 1500, warmupTime: 300 });
bench
  .add(
    "A  boolean flag",
    batch(contexts, (c) => evaluate(document, "A", c, false).variationIndex),
  )
  .add(
    "B  25 % rollout",
    batch(contexts, (c) => evaluate(document, "B", c, false).variationIndex),
  )
  .add(
    "C  10 rules, last matches, 50/50",
    batch(contexts, (c) => evaluate(document, "C", c, false).variationIndex),
  )
  .add(
    "D  A/B/C experiment",
    batch(contexts, (c) => evaluate(document, "D", c, "control").variationIndex),
  )
  .add(
    "xxh32 40-byte key, TypeScript (inline UTF-8)",
    batch(keys40, (key) => xxh32(key)),
  )
  .add(
    "xxh32 40-byte key, xxhash-wasm h32",
    batch(keys40, (key) => wasm.h32(key)),
  )
  .add(
    "bucket(salt, key), TypeScript",
    batch(contexts, ({ key }) => bucket("new-checkout", key)),
  )
  .add(
    "bucket(salt, key), xxhash-wasm h32 of salt + '.' + key",
    batch(contexts, ({ key }) => Math.floor((wasm.h32(`new-checkout.${key}`) * 100000) / 2 ** 32)),
  );

const whole = new Bench({ time: 1500, warmupTime: 300 });
let next = 0;
whole.add("evaluateAll, 10,000 flags", () => {
  next = (next + 1) % contexts.length;
  sink ^= Object.keys(evaluateAll(tenThousandFlags, contexts[next])).length;
});

await bench.run();
await whole.run();
console.log(`core evaluation — ${await machine()} — ${new Date().toISOString().slice(0, 10)}`);
printPerCall(bench.tasks, BATCH);
printPerCall(whole.tasks);
if (sink === 0.5) console.log(sink);
