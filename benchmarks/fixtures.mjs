/**
 * The flag sets every evaluation benchmark shares, so FlagSwitch and the other SDKs are measured
 * on the same flags and contexts. Scenarios, as issue 2 defines them:
 *   A  a plain boolean flag
 *   B  a 25 % rollout
 *   C  ten rules where only the last matches, which splits 50/50
 *   D  an A/B/C experiment (an even three-way split, experiment running)
 */

const onOff = [
  { key: "off", value: false },
  { key: "on", value: true },
];

export const scenarioFlags = {
  A: {
    key: "A",
    version: 1,
    enabled: true,
    variations: onOff,
    offVariation: 0,
    fallthrough: { variation: 1 },
  },
  B: {
    key: "B",
    version: 1,
    enabled: true,
    variations: onOff,
    offVariation: 0,
    fallthrough: { rollout: { weights: [75000, 25000] } },
  },
  C: {
    key: "C",
    version: 1,
    enabled: true,
    variations: onOff,
    offVariation: 0,
    rules: Array.from({ length: 10 }, (_, i) => ({
      id: `rule-${i}`,
      clauses:
        i < 9
          ? [{ attribute: "country", op: "in", values: [`X${i}`, `Y${i}`, `Z${i}`] }]
          : [{ attribute: "plan", op: "in", values: ["enterprise", "team"] }],
      serve: i < 9 ? { variation: 0 } : { rollout: { weights: [50000, 50000] } },
    })),
    fallthrough: { variation: 0 },
  },
  D: {
    key: "D",
    version: 1,
    enabled: true,
    variations: [
      { key: "A", value: "control" },
      { key: "B", value: "treatment-b" },
      { key: "C", value: "treatment-c" },
    ],
    offVariation: 0,
    fallthrough: { rollout: { weights: [33334, 33333, 33333] } },
    experiment: { key: "checkout-test", running: true },
  },
};

/** A document holding the four scenario flags plus `fillerCount` more boolean flags. */
export function benchmarkDocument(fillerCount = 996) {
  const flags = { ...scenarioFlags };
  for (let i = 0; i < fillerCount; i++) {
    const key = `flag-${i}`;
    flags[key] = {
      key,
      version: 1,
      enabled: i % 3 !== 0,
      variations: onOff,
      offVariation: 0,
      rules: [
        {
          id: "r",
          clauses: [{ attribute: "plan", op: "in", values: ["enterprise"] }],
          serve: { variation: 1 },
        },
      ],
      fallthrough: i % 2 === 0 ? { variation: 0 } : { rollout: { weights: [50000, 50000] } },
    };
  }
  return { schemaVersion: 1, environment: "benchmark", version: 1, flags, segments: {} };
}

/**
 * `count` distinct contexts, every one matching scenario C's last rule. They go through JSON
 * once, as contexts read from a request do, so their strings are flat rather than V8 rope or
 * slice strings left over from building them.
 */
export function rotatingContexts(count = 10_000) {
  return flat(
    Array.from({ length: count }, (_, i) => ({
      key: `user-${i}-${(i * 2654435761) >>> 0}`,
      country: "DE",
      plan: i % 2 === 0 ? "enterprise" : "team",
    })),
  );
}

/** The same data with every string flat, as if it had been received as JSON. */
export function flat(value) {
  return JSON.parse(JSON.stringify(value));
}

/** A description of the machine for RESULTS.md. */
export async function machine() {
  const os = await import("node:os");
  return `${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}
