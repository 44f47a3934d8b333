/**
 * Evaluation through each SDK's client, side by side (tinybench): FlagSwitch's client with
 * exposure tracking on, GrowthBook, Unleash and LaunchDarkly, every one fed the same
 * 1,000-flag set offline and asked for scenarios A–D over the same 10,000 rotating contexts.
 *
 * Before timing, every SDK must serve what FlagSwitch serves: the same value wherever no
 * rollout decides, and each rollout's shares within two points (each SDK hashes its own way).
 * A mistranslated flag that served a default would otherwise look fast for nothing.
 *
 *   npm run build && node benchmarks/sdk/evaluation.mjs
 */
import { Bench } from "tinybench";
import { benchmarkDocument, machine, rotatingContexts } from "../fixtures.mjs";
import { printPerCall } from "../tinybench-report.mjs";
import { createFlagSwitch } from "./vendors/flagswitch.mjs";
import { createGrowthBook } from "./vendors/growthbook.mjs";
import { createLaunchDarkly } from "./vendors/launchdarkly.mjs";
import { createUnleash } from "./vendors/unleash.mjs";

const BATCH = 1000;
const document = benchmarkDocument();
const contexts = rotatingContexts();

const flagSwitch = await createFlagSwitch(document, contexts);
const growthBook = createGrowthBook(document, contexts);
const unleash = await createUnleash(document, contexts);
const launchDarkly = await createLaunchDarkly(document, contexts);

/** How each SDK reads one scenario's value for context i; LaunchDarkly's API is async only. */
const read = {
  FlagSwitch: {
    A: (i) => flagSwitch.client.boolVariation("A", flagSwitch.contexts[i], false),
    B: (i) => flagSwitch.client.boolVariation("B", flagSwitch.contexts[i], false),
    C: (i) => flagSwitch.client.boolVariation("C", flagSwitch.contexts[i], false),
    D: (i) => flagSwitch.client.stringVariation("D", flagSwitch.contexts[i], "control"),
  },
  GrowthBook: {
    A: (i) => growthBook.client.isOn("A", growthBook.contexts[i]),
    B: (i) => growthBook.client.isOn("B", growthBook.contexts[i]),
    C: (i) => growthBook.client.isOn("C", growthBook.contexts[i]),
    D: (i) => growthBook.client.getFeatureValue("D", "control", growthBook.contexts[i]),
  },
  Unleash: {
    A: (i) => unleash.client.isEnabled("A", unleash.contexts[i]),
    B: (i) => unleash.client.isEnabled("B", unleash.contexts[i]),
    C: (i) => unleash.client.isEnabled("C", unleash.contexts[i]),
    D: (i) => unleash.client.getVariant("D", unleash.contexts[i]).payload?.value ?? "control",
  },
  LaunchDarkly: {
    A: (i) => launchDarkly.client.variation("A", launchDarkly.contexts[i], false),
    B: (i) => launchDarkly.client.variation("B", launchDarkly.contexts[i], false),
    C: (i) => launchDarkly.client.variation("C", launchDarkly.contexts[i], false),
    D: (i) => launchDarkly.client.variation("D", launchDarkly.contexts[i], "control"),
  },
};

const expectedShares = {
  A: { true: 1 },
  B: { true: 0.25, false: 0.75 },
  C: { true: 0.5, false: 0.5 },
  D: { control: 0.33334, "treatment-b": 0.33333, "treatment-c": 0.33333 },
};

await checkEverySdkServesTheSameFlags();

const bench = new Bench({ time: 1000, warmupTime: 200 });
let offset = 0;
let sink = 0;
for (const scenario of ["A", "B", "C", "D"]) {
  for (const [sdk, scenarios] of Object.entries(read)) {
    const call = scenarios[scenario];
    const name = `${scenario}  ${sdk}`;
    if (sdk === "LaunchDarkly") {
      bench.add(name, async () => {
        offset = (offset + BATCH) % contexts.length;
        for (let i = offset; i < offset + BATCH; i++) if (await call(i)) sink++;
      });
    } else {
      bench.add(name, () => {
        offset = (offset + BATCH) % contexts.length;
        for (let i = offset; i < offset + BATCH; i++) if (call(i)) sink++;
      });
    }
  }
}
await bench.run();
console.log(
  `SDK evaluation, 1,000 flags, 10,000 rotating contexts — ${await machine()} — ${new Date().toISOString().slice(0, 10)}`,
);
printPerCall(bench.tasks, BATCH);
printRatios(bench.tasks);
await Promise.all([flagSwitch, growthBook, unleash, launchDarkly].map((sdk) => sdk.close()));
console.log(`FlagSwitch exposures delivered to its event sink: ${flagSwitch.exposures()}`);
if (sink === 0.5) console.log(sink);

/** The others' time per call divided by FlagSwitch's, per scenario. */
function printRatios(tasks) {
  const mean = (name) =>
    tasks.find((task) => task.name === name)?.result?.latency?.mean ?? Number.NaN;
  console.table(
    ["A", "B", "C", "D"].map((scenario) => {
      const ours = mean(`${scenario}  FlagSwitch`);
      const row = { scenario };
      for (const sdk of ["GrowthBook", "Unleash", "LaunchDarkly"]) {
        row[`${sdk} ÷ FlagSwitch`] = `${(mean(`${scenario}  ${sdk}`) / ours).toFixed(1)}×`;
      }
      return row;
    }),
  );
}

async function checkEverySdkServesTheSameFlags() {
  for (const scenario of ["A", "B", "C", "D"]) {
    const counts = Object.fromEntries(Object.keys(read).map((sdk) => [sdk, new Map()]));
    for (let i = 0; i < contexts.length; i++) {
      for (const [sdk, scenarios] of Object.entries(read)) {
        const value = String(await scenarios[scenario](i));
        const served = counts[sdk] ?? new Map();
        served.set(value, (served.get(value) ?? 0) + 1);
        counts[sdk] = served;
      }
    }
    for (const [sdk, served] of Object.entries(counts)) {
      for (const [value, count] of served) {
        const share = expectedShares[scenario][value];
        if (share === undefined || Math.abs(count / contexts.length - share) > 0.02) {
          throw new Error(
            `scenario ${scenario}: ${sdk} served ${value} to ${count} of ${contexts.length} contexts; the flag says ${JSON.stringify(expectedShares[scenario])}`,
          );
        }
      }
    }
  }
}
