/**
 * GrowthBook's JavaScript SDK fed the benchmark flags offline: a GrowthBookClient (its
 * server-side, multi-user class) initialised synchronously from a features payload, no API
 * host, no tracking callback. Contexts are hashed by their "key" attribute.
 */
import { GrowthBookClient } from "@growthbook/growthbook";

/**
 * Translates a FlagSwitch flag into a GrowthBook feature the way a GrowthBook user would set it
 * up: a fixed serve is a force rule; a two-way rollout outside an experiment is a percentage
 * rollout (force with coverage); an experiment or a split of more than two variations is an
 * experiment rule.
 */
export function growthBookFeature(flag) {
  if (flag.prerequisites?.length || flag.targets?.length) {
    throw new Error(`flag ${flag.key}: prerequisites and targets are not translated`);
  }
  const valueAt = (index) => flag.variations[index].value;
  if (!flag.enabled) return { defaultValue: valueAt(flag.offVariation) };
  const seed = flag.salt ?? flag.key;
  const experiment = flag.experiment?.running === true;
  const rules = [];
  // restServesFirst: what follows serves variation 0 anyway, so a two-way rollout needs no
  // second rule for it.
  const addRules = (id, condition, serve, restServesFirst) => {
    const rule = { id, ...(condition ? { condition } : {}) };
    if ("variation" in serve) {
      rules.push({ ...rule, force: valueAt(serve.variation) });
      return;
    }
    const { weights, bucketBy } = serve.rollout;
    Object.assign(rule, { hashAttribute: bucketBy ?? "key", seed });
    if (weights.length === 2 && !experiment) {
      rules.push({ ...rule, force: valueAt(1), coverage: weights[1] / 100000 });
      if (!restServesFirst)
        rules.push({ id: `${id}-rest`, ...(condition ? { condition } : {}), force: valueAt(0) });
      return;
    }
    rules.push({
      ...rule,
      key: flag.experiment?.key ?? flag.key,
      variations: weights.map((_, index) => valueAt(index)),
      weights: weights.map((weight) => weight / 100000),
      coverage: 1,
    });
  };
  const fallthroughFirst = "variation" in flag.fallthrough && flag.fallthrough.variation === 0;
  const flagRules = flag.rules ?? [];
  flagRules.forEach((rule, i) => {
    addRules(
      rule.id,
      growthBookCondition(flag.key, rule.clauses),
      rule.serve,
      i === flagRules.length - 1 && fallthroughFirst,
    );
  });
  if ("variation" in flag.fallthrough)
    return { defaultValue: valueAt(flag.fallthrough.variation), rules };
  addRules("fallthrough", undefined, flag.fallthrough, true);
  return { defaultValue: valueAt(0), rules };
}

/** A MongoDB-style condition matching when every clause matches. */
function growthBookCondition(flagKey, clauses) {
  const all = clauses.map((clause) => {
    if (clause.op !== "in")
      throw new Error(`flag ${flagKey}: operator ${clause.op} is not translated`);
    const condition = { [clause.attribute]: { $in: clause.values } };
    return clause.negate ? { $not: condition } : condition;
  });
  return all.length === 1 ? all[0] : { $and: all };
}

/** A GrowthBook client holding every flag of `document`, and its user contexts. */
export function createGrowthBook(document, contexts) {
  const features = Object.fromEntries(
    Object.values(document.flags).map((flag) => [flag.key, growthBookFeature(flag)]),
  );
  const client = new GrowthBookClient();
  client.initSync({ payload: { features } });
  return {
    name: "GrowthBook @growthbook/growthbook",
    client,
    contexts: contexts.map(({ key, country, plan }) => ({ attributes: { key, country, plan } })),
    close: () => client.destroy(),
  };
}
