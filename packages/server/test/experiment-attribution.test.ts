/**
 * Attribution and aggregation, as pure functions: worked examples of each rule, then a property
 * test — for any events, arriving in any order and cut into any batches, the incremental
 * aggregates (with pending conversions) equal a direct computation from the rules over all events.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type AttributionWindow,
  attributeBatch,
  type ContextMetricState,
  type ContextState,
  type ConversionEvent,
  contextsNeedingHistory,
  type ExposureEvent,
  metricStateKey,
  type PendingConversion,
} from "../src/experiments/attribution.js";

interface Totals {
  exposed: Record<string, number>;
  /** `${variation}/${eventKey}` → converting, sum, sumSquares. */
  metrics: Record<string, { converting: number; sum: number; sumSquares: number }>;
  excludedContexts: number;
  conversionsBeforeExposure: number;
}

interface Experiment {
  key: string;
  window: AttributionWindow;
}

interface TaggedExposure extends ExposureEvent {
  experimentKey: string;
}

/** What ingestion keeps in the database, in memory: per-experiment state, shared pending conversions. */
class MemoryAggregates {
  readonly contexts = new Map<string, Map<string, ContextState>>();
  readonly metrics = new Map<string, Map<string, ContextMetricState>>();
  readonly totals = new Map<string, Totals>();
  readonly pending = new Map<string, PendingConversion[]>();

  constructor(private readonly experiments: Experiment[]) {
    for (const { key } of experiments) {
      this.contexts.set(key, new Map());
      this.metrics.set(key, new Map());
      this.totals.set(key, {
        exposed: {},
        metrics: {},
        excludedContexts: 0,
        conversionsBeforeExposure: 0,
      });
    }
  }

  ingest(exposures: readonly TaggedExposure[], conversions: readonly ConversionEvent[]): void {
    const uncounted = new Set<number>();
    for (const { key, window } of this.experiments) {
      const contexts = this.contexts.get(key) as Map<string, ContextState>;
      const metrics = this.metrics.get(key) as Map<string, ContextMetricState>;
      const totals = this.totals.get(key) as Totals;
      const mine = exposures.filter((exposure) => exposure.experimentKey === key);
      // Like the database layer: only the pending conversions of the contexts asked for.
      const pending = new Map(
        contextsNeedingHistory(window, mine, contexts).map((contextKey) => [
          contextKey,
          this.pending.get(contextKey) ?? [],
        ]),
      );
      const changes = attributeBatch(window, mine, conversions, { contexts, metrics, pending });
      for (const [contextKey, state] of changes.contexts) contexts.set(contextKey, state);
      for (const [stateKey, { conversions: count, sum }] of changes.metrics) {
        metrics.set(stateKey, { conversions: count, sum });
      }
      for (const [variation, delta] of changes.variations) {
        totals.exposed[variation] = (totals.exposed[variation] ?? 0) + delta.exposed;
        for (const [eventKey, metric] of delta.metrics) {
          const id = `${variation}/${eventKey}`;
          const current = totals.metrics[id] ?? { converting: 0, sum: 0, sumSquares: 0 };
          totals.metrics[id] = {
            converting: current.converting + metric.converting,
            sum: current.sum + metric.sum,
            sumSquares: current.sumSquares + metric.sumSquares,
          };
        }
      }
      totals.excludedContexts += changes.excludedContexts;
      totals.conversionsBeforeExposure += changes.conversionsBeforeExposure;
      for (const index of changes.uncounted) uncounted.add(index);
    }
    for (const index of uncounted) {
      const conversion = conversions[index] as ConversionEvent;
      const list = this.pending.get(conversion.contextKey) ?? [];
      list.push({ ...conversion });
      this.pending.set(conversion.contextKey, list);
    }
  }

  /** Totals without zero entries, for comparison. */
  result(key: string): Totals {
    return normalize(this.totals.get(key) as Totals);
  }
}

/** The rules applied directly to every event at once (issue 6, item 3). */
function reference(
  window: AttributionWindow,
  exposures: readonly ExposureEvent[],
  conversions: readonly ConversionEvent[],
): Totals {
  const stoppedAt = window.stoppedAt ?? Number.POSITIVE_INFINITY;
  const totals: Totals = {
    exposed: {},
    metrics: {},
    excludedContexts: 0,
    conversionsBeforeExposure: 0,
  };
  const contexts = new Map<string, { variations: Set<string>; first: number }>();
  for (const exposure of exposures) {
    if (exposure.ts >= stoppedAt) continue;
    const context = contexts.get(exposure.contextKey) ?? {
      variations: new Set<string>(),
      first: Number.POSITIVE_INFINITY,
    };
    context.variations.add(exposure.variation);
    context.first = Math.min(context.first, exposure.ts);
    contexts.set(exposure.contextKey, context);
  }
  for (const [contextKey, { variations, first }] of contexts) {
    if (variations.size > 1) {
      totals.excludedContexts += 1;
      continue;
    }
    const [variation] = [...variations] as [string];
    totals.exposed[variation] = (totals.exposed[variation] ?? 0) + 1;
    for (const eventKey of window.eventKeys) {
      const counted = conversions.filter(
        (conversion) =>
          conversion.contextKey === contextKey &&
          conversion.eventKey === eventKey &&
          conversion.ts >= first &&
          conversion.ts < stoppedAt,
      );
      if (counted.length === 0) continue;
      const sum = counted.reduce((total, conversion) => total + conversion.value, 0);
      const id = `${variation}/${eventKey}`;
      const current = totals.metrics[id] ?? { converting: 0, sum: 0, sumSquares: 0 };
      totals.metrics[id] = {
        converting: current.converting + 1,
        sum: current.sum + sum,
        sumSquares: current.sumSquares + sum * sum,
      };
    }
    totals.conversionsBeforeExposure += conversions.filter(
      (conversion) =>
        conversion.contextKey === contextKey &&
        window.eventKeys.has(conversion.eventKey) &&
        conversion.ts >= window.startedAt &&
        conversion.ts < first,
    ).length;
  }
  return normalize(totals);
}

function normalize(totals: Totals): Totals {
  return {
    exposed: Object.fromEntries(Object.entries(totals.exposed).filter(([, count]) => count !== 0)),
    metrics: Object.fromEntries(
      Object.entries(totals.metrics).filter(
        ([, metric]) => metric.converting !== 0 || metric.sum !== 0 || metric.sumSquares !== 0,
      ),
    ),
    excludedContexts: totals.excludedContexts,
    conversionsBeforeExposure: totals.conversionsBeforeExposure,
  };
}

const checkout = new Set(["checkout", "revenue"]);
const running: AttributionWindow = { startedAt: 100, stoppedAt: null, eventKeys: checkout };
const exposure = (contextKey: string, variation: string, ts: number): TaggedExposure => ({
  experimentKey: "exp",
  contextKey,
  variation,
  ts,
});
const conversion = (
  contextKey: string,
  ts: number,
  value = 0,
  eventKey = "checkout",
): ConversionEvent => ({ contextKey, eventKey, ts, value });

function run(
  window: AttributionWindow,
  batches: Array<{ exposures?: TaggedExposure[]; conversions?: ConversionEvent[] }>,
): Totals {
  const store = new MemoryAggregates([{ key: "exp", window }]);
  for (const batch of batches) store.ingest(batch.exposures ?? [], batch.conversions ?? []);
  return store.result("exp");
}

describe("attribution rules, worked examples", () => {
  it("puts a context in the variation of its first exposure and counts a later conversion once per context", () => {
    const totals = run(running, [
      { exposures: [exposure("u1", "b", 200), exposure("u1", "b", 300)] },
      { conversions: [conversion("u1", 250), conversion("u1", 400)] },
    ]);
    expect(totals.exposed).toEqual({ b: 1 });
    expect(totals.metrics["b/checkout"]).toEqual({ converting: 1, sum: 0, sumSquares: 0 });
  });

  it("excludes a context exposed to two variations, with everything it had counted", () => {
    const totals = run(running, [
      { exposures: [exposure("u1", "a", 200), exposure("u2", "a", 200)] },
      { conversions: [conversion("u1", 210, 5, "revenue")] },
      { exposures: [exposure("u1", "b", 300)] },
    ]);
    expect(totals).toEqual({
      exposed: { a: 1 },
      metrics: {},
      excludedContexts: 1,
      conversionsBeforeExposure: 0,
    });
  });

  it("does not count a conversion before the first exposure, and reports it in health", () => {
    const totals = run(running, [
      { exposures: [exposure("u1", "a", 200)] },
      { conversions: [conversion("u1", 150), conversion("u1", 50)] },
    ]);
    expect(totals.metrics).toEqual({});
    // The one at 50 happened before the experiment started: not a health problem.
    expect(totals.conversionsBeforeExposure).toBe(1);
  });

  it("counts a conversion that arrives before its exposure (pending until the exposure comes)", () => {
    const totals = run(running, [
      { conversions: [conversion("u1", 260, 7, "revenue"), conversion("u1", 250, 3, "revenue")] },
      { exposures: [exposure("u1", "b", 240)] },
    ]);
    expect(totals.metrics["b/revenue"]).toEqual({ converting: 1, sum: 10, sumSquares: 100 });
  });

  it("counts pending conversions in [new, old) when an earlier exposure arrives late", () => {
    const totals = run(running, [
      { exposures: [exposure("u1", "a", 300)] },
      { conversions: [conversion("u1", 250, 2, "revenue"), conversion("u1", 350, 3, "revenue")] },
      { exposures: [exposure("u1", "a", 200)] },
    ]);
    expect(totals.metrics["a/revenue"]).toEqual({ converting: 1, sum: 5, sumSquares: 25 });
    expect(totals.conversionsBeforeExposure).toBe(0);
  });

  it("keeps per-context sums so the variation's sum of squares is over contexts, not events", () => {
    const totals = run(running, [
      { exposures: [exposure("u1", "a", 200), exposure("u2", "a", 200)] },
      {
        conversions: [
          conversion("u1", 210, 2, "revenue"),
          conversion("u1", 220, 3, "revenue"),
          conversion("u2", 230, 4, "revenue"),
        ],
      },
    ]);
    // Per context: 5 and 4 → sum 9, sum of squares 25 + 16 = 41 (not 4 + 9 + 16).
    expect(totals.metrics["a/revenue"]).toEqual({ converting: 2, sum: 9, sumSquares: 41 });
  });

  it("ignores exposures and conversions at or after the stop", () => {
    const stopped: AttributionWindow = { ...running, stoppedAt: 500 };
    const totals = run(stopped, [
      { exposures: [exposure("u1", "a", 400), exposure("u2", "a", 500)] },
      { conversions: [conversion("u1", 499), conversion("u1", 500, 9, "revenue")] },
    ]);
    expect(totals.exposed).toEqual({ a: 1 });
    expect(totals.metrics).toEqual({ "a/checkout": { converting: 1, sum: 0, sumSquares: 0 } });
  });

  it("processes a batch's exposures before its conversions, whatever their order in the batch", () => {
    const totals = run(running, [
      { conversions: [conversion("u1", 300)], exposures: [exposure("u1", "a", 200)] },
    ]);
    expect(totals.metrics["a/checkout"]?.converting).toBe(1);
  });

  it("asks for the pending conversions of new and earlier-exposed contexts only", () => {
    const contexts = new Map<string, ContextState>([
      ["old", { variation: "a", firstTs: 200, excluded: false, beforeExposure: 0 }],
      ["earlier", { variation: "a", firstTs: 200, excluded: false, beforeExposure: 0 }],
      ["gone", { variation: "a", firstTs: 200, excluded: true, beforeExposure: 0 }],
    ]);
    const needed = contextsNeedingHistory(
      running,
      [
        exposure("old", "a", 300),
        exposure("earlier", "a", 150),
        exposure("gone", "a", 100),
        exposure("new", "b", 300),
        exposure("twice", "a", 300),
        exposure("twice", "b", 300),
      ],
      contexts,
    );
    expect(needed.sort()).toEqual(["earlier", "new"]);
  });

  it("keys context metric state by context and event key without ambiguity", () => {
    expect(metricStateKey("a", "b:c")).not.toBe(metricStateKey("a:b", "c"));
  });
});

describe("attribution is order-independent (property)", () => {
  const contextKeys = ["u1", "u2", "u3"];
  type ScenarioEvent =
    | (TaggedExposure & { kind: "exposure" })
    | (ConversionEvent & { kind: "conversion" });
  const eventArbitrary: fc.Arbitrary<ScenarioEvent> = fc.oneof(
    fc.record({
      kind: fc.constant("exposure" as const),
      experimentKey: fc.constantFrom("x", "x", "y"),
      contextKey: fc.constantFrom(...contextKeys),
      variation: fc.constantFrom("a", "b"),
      ts: fc.integer({ min: 0, max: 40 }),
    }),
    fc.record({
      kind: fc.constant("conversion" as const),
      contextKey: fc.constantFrom(...contextKeys),
      eventKey: fc.constantFrom("checkout", "revenue", "other"),
      ts: fc.integer({ min: 0, max: 40 }),
      value: fc.integer({ min: 0, max: 5 }),
    }),
  );
  const scenario = fc.record({
    events: fc.array(eventArbitrary, { maxLength: 40 }),
    stopX: fc.option(fc.integer({ min: 10, max: 40 }), { nil: null }),
    startY: fc.integer({ min: 0, max: 20 }),
    cuts: fc.array(fc.nat(), { maxLength: 20 }),
    order: fc.array(fc.nat(), { maxLength: 40 }),
  });

  it("matches the rules applied to all events at once, for two experiments sharing event keys", () => {
    fc.assert(
      fc.property(scenario, ({ events, stopX, startY, cuts, order }) => {
        const experiments: Experiment[] = [
          { key: "x", window: { startedAt: 5, stoppedAt: stopX, eventKeys: checkout } },
          {
            key: "y",
            window: { startedAt: startY, stoppedAt: null, eventKeys: new Set(["revenue"]) },
          },
        ];
        // Any arrival order: a permutation driven by `order`, then cut into batches at `cuts`.
        const arrival = events
          .map((event, index) => ({ event, rank: order[index] ?? index }))
          .sort((a, b) => a.rank - b.rank)
          .map(({ event }) => event);
        const boundaries = [...new Set(cuts.map((cut) => cut % (arrival.length + 1)))].sort(
          (a, b) => a - b,
        );
        const store = new MemoryAggregates(experiments);
        let start = 0;
        for (const end of [...boundaries, arrival.length]) {
          const batch = arrival.slice(start, end);
          start = Math.max(start, end);
          store.ingest(
            batch.filter((event) => event.kind === "exposure"),
            batch.filter((event) => event.kind === "conversion"),
          );
        }
        for (const { key, window } of experiments) {
          const exposures = events.filter(
            (event): event is TaggedExposure & { kind: "exposure" } =>
              event.kind === "exposure" && event.experimentKey === key,
          );
          const conversions = events.filter(
            (event): event is ConversionEvent & { kind: "conversion" } =>
              event.kind === "conversion",
          );
          expect(store.result(key)).toEqual(reference(window, exposures, conversions));
        }
      }),
      { numRuns: 3000 },
    );
  });
});
