/**
 * LaunchDarkly's Node server SDK fed the benchmark flags offline, through its TestData source
 * with flags in LaunchDarkly's own JSON model: no connection, no events.
 */
import { init, integrations } from "@launchdarkly/node-server-sdk";

/**
 * Translates a FlagSwitch flag into LaunchDarkly's model, for the parts the fixtures use:
 * variations, on/off, `in` clauses, variation and rollout serves, experiments. Weights are in
 * the same unit (0.001 %) in both, and both hash with the flag's salt.
 */
export function launchDarklyFlag(flag) {
  if (flag.prerequisites?.length || flag.targets?.length) {
    throw new Error(`flag ${flag.key}: prerequisites and targets are not translated`);
  }
  const experiment = flag.experiment?.running === true;
  const serve = (served) => {
    if ("variation" in served) return { variation: served.variation };
    const { weights, bucketBy } = served.rollout;
    return {
      rollout: {
        variations: weights.map((weight, variation) => ({ variation, weight })),
        ...(experiment ? { kind: "experiment" } : {}),
        ...(bucketBy && bucketBy !== "key" ? { bucketBy } : {}),
      },
    };
  };
  return {
    key: flag.key,
    version: flag.version,
    on: flag.enabled,
    variations: flag.variations.map((variation) => variation.value),
    offVariation: flag.offVariation,
    salt: flag.salt ?? flag.key,
    targets: [],
    contextTargets: [],
    prerequisites: [],
    rules: (flag.rules ?? []).map((rule) => ({
      id: rule.id,
      clauses: rule.clauses.map((clause) => {
        if (clause.op !== "in")
          throw new Error(`flag ${flag.key}: operator ${clause.op} is not translated`);
        return {
          contextKind: "user",
          attribute: clause.attribute,
          op: "in",
          values: clause.values,
          negate: clause.negate === true,
        };
      }),
      ...serve(rule.serve),
    })),
    fallthrough: serve(flag.fallthrough),
    trackEvents: false,
    trackEventsFallthrough: false,
  };
}

const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** A ready LaunchDarkly client holding every flag of `document`, and its contexts. */
export async function createLaunchDarkly(document, contexts) {
  const data = new integrations.TestData();
  for (const flag of Object.values(document.flags))
    await data.usePreconfiguredFlag(launchDarklyFlag(flag));
  const client = init("benchmark-sdk-key", {
    updateProcessor: data.getFactory(),
    sendEvents: false,
    diagnosticOptOut: true,
    logger: silent,
  });
  await client.waitForInitialization({ timeout: 10 });
  return {
    name: "LaunchDarkly node-server-sdk",
    client,
    contexts: contexts.map(({ key, country, plan }) => ({ kind: "user", key, country, plan })),
    close: () => client.close(),
  };
}
