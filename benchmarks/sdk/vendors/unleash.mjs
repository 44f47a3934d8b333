/**
 * Unleash's Node SDK fed the benchmark flags offline: bootstrapped from a features payload
 * into an in-memory store, with polling (refreshInterval 0) and metrics turned off.
 */
import { InMemStorageProvider, Unleash } from "unleash-client";

/**
 * Translates a FlagSwitch boolean flag into an Unleash toggle: each rule becomes a
 * flexibleRollout strategy with its clauses as constraints (100 % when it serves "on", its
 * rollout share when it splits, 0 % when it serves "off"), the fallthrough a strategy without
 * constraints. Unleash turns a toggle on when any strategy does, where FlagSwitch stops at the
 * first matching rule; the two agree whenever an "off" rule's condition matches nobody the
 * later rules serve, as in the fixtures (checked before timing). A flag of more than two
 * variations becomes a toggle with weighted variants, read with getVariant.
 */
export function unleashFeature(flag) {
  if (flag.prerequisites?.length || flag.targets?.length) {
    throw new Error(`flag ${flag.key}: prerequisites and targets are not translated`);
  }
  const groupId = flag.salt ?? flag.key;
  const strategy = (constraints, serve) => {
    const percent = "variation" in serve ? serve.variation * 100 : serve.rollout.weights[1] / 1000;
    return {
      name: "flexibleRollout",
      constraints,
      parameters: { rollout: String(percent), stickiness: "userId", groupId },
    };
  };
  if (flag.variations.length > 2) {
    const weights = flag.fallthrough.rollout?.weights;
    if (!weights || flag.rules?.length)
      throw new Error(`flag ${flag.key}: only a plain split of many variations is translated`);
    return {
      name: flag.key,
      enabled: flag.enabled,
      strategies: [{ name: "default", parameters: {}, constraints: [] }],
      variants: flag.variations.map((variation, i) => ({
        name: variation.key,
        weight: Math.round(weights[i] / 100),
        weightType: "fix",
        stickiness: "userId",
        payload: { type: "string", value: String(variation.value) },
      })),
    };
  }
  const strategies = (flag.rules ?? []).map((rule) =>
    strategy(
      rule.clauses.map((clause) => {
        if (clause.op !== "in")
          throw new Error(`flag ${flag.key}: operator ${clause.op} is not translated`);
        return {
          contextName: clause.attribute,
          operator: "IN",
          values: clause.values.map(String),
          inverted: clause.negate === true,
        };
      }),
      rule.serve,
    ),
  );
  if (!("variation" in flag.fallthrough && flag.fallthrough.variation === 0)) {
    strategies.push(strategy([], flag.fallthrough));
  }
  return { name: flag.key, enabled: flag.enabled, strategies };
}

/** A ready Unleash client holding every flag of `document`, and its contexts. */
export async function createUnleash(document, contexts) {
  const client = new Unleash({
    appName: "flagswitch-benchmark",
    url: "http://127.0.0.1:9/api/",
    refreshInterval: 0,
    disableMetrics: true,
    storageProvider: new InMemStorageProvider(),
    bootstrap: { data: Object.values(document.flags).map(unleashFeature) },
    skipInstanceCountWarning: true,
  });
  client.on("error", () => {});
  await new Promise((resolve) => client.once("synchronized", resolve));
  return {
    name: "Unleash unleash-client",
    client,
    contexts: contexts.map(({ key, country, plan }) => ({
      userId: key,
      properties: { country, plan },
    })),
    close: () => client.destroy(),
  };
}
