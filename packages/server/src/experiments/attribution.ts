/**
 * Attribution, incrementally, one batch at a time — pure: state in, changes out.
 *
 * The rules (issue 6):
 *  - a context belongs to the variation of its first exposure (by event time);
 *  - a context exposed to two variations is excluded from every count (and counted in health);
 *  - a conversion counts at or after the context's first exposure and before the experiment
 *    stopped;
 *  - results are the same whatever order events arrive in, within a batch or across batches.
 *
 * Order-independence is the hard part: a conversion can arrive before the exposure it follows
 * (two SDKs, a browser and a server, flushing at different times), and an exposure with an earlier
 * time can arrive after a later one, moving the context's first exposure back. We keep per-context
 * *pending conversions*: every conversion that some running experiment could not count when it
 * arrived (no exposure yet, or one that came later) is stored by context. When an exposure creates
 * a context's first exposure, or moves it earlier from `old` to `new`, exactly the pending
 * conversions with time in [`new`, `old`) become countable — those at or after `old` were counted
 * on arrival — so nothing is counted twice and nothing is lost. The alternative, recomputing a
 * context from its raw events, needs an index over raw events by context for every event key,
 * including the many no experiment measures; pending conversions hold only keys that running
 * experiments measure, and nothing at all in the common case (exposure first, conversion later).
 */

export interface ExposureEvent {
  contextKey: string;
  variation: string;
  /** Event time, epoch ms (already clamped to when the server received it). */
  ts: number;
}

export interface ConversionEvent {
  contextKey: string;
  eventKey: string;
  ts: number;
  /** `track`'s value; a conversion without one adds 0 to value metrics. */
  value: number;
}

/** What attribution needs to know about one experiment. */
export interface AttributionWindow {
  /** Epoch ms; conversions from before it are not "before exposure" health events. */
  startedAt: number;
  /** Epoch ms; nothing at or after it counts. `null` while running. */
  stoppedAt: number | null;
  /** The conversion event keys the experiment's metrics use. */
  eventKeys: ReadonlySet<string>;
}

export interface ContextState {
  variation: string;
  firstTs: number;
  excluded: boolean;
  /** Conversions (after the start) that came before this context's first exposure. */
  beforeExposure: number;
}

/** A context's counted conversions for one event key. */
export interface ContextMetricState {
  conversions: number;
  sum: number;
}

export interface PendingConversion {
  contextKey: string;
  eventKey: string;
  ts: number;
  value: number;
}

/** The stored state of the contexts a batch touches. */
export interface AttributionState {
  contexts: ReadonlyMap<string, ContextState>;
  /** By `metricStateKey(context, eventKey)`. */
  metrics: ReadonlyMap<string, ContextMetricState>;
  /** Pending conversions of the contexts `contextsNeedingHistory` named (any event key). */
  pending: ReadonlyMap<string, readonly PendingConversion[]>;
}

export interface MetricDelta {
  converting: number;
  sum: number;
  sumSquares: number;
}

export interface VariationDelta {
  exposed: number;
  metrics: Map<string, MetricDelta>;
}

export interface AttributionChanges {
  /** Context rows to write (new or changed), by context key. */
  contexts: Map<string, ContextState>;
  /** Context-metric rows to write, by `metricStateKey`. */
  metrics: Map<string, ContextMetricState & { contextKey: string; eventKey: string }>;
  /** Changes to add to the per-variation totals. */
  variations: Map<string, VariationDelta>;
  excludedContexts: number;
  conversionsBeforeExposure: number;
  /** Indexes (into the batch's conversions) this experiment could not count yet: keep them pending. */
  uncounted: number[];
}

export function metricStateKey(contextKey: string, eventKey: string): string {
  return `${contextKey}\u0000${eventKey}`;
}

interface ExposureSummary {
  variations: Set<string>;
  firstTs: number;
}

/** A batch's exposures per context: the variations seen and the earliest time (before the stop). */
function summarizeExposures(
  window: AttributionWindow,
  exposures: readonly ExposureEvent[],
): Map<string, ExposureSummary> {
  const stoppedAt = window.stoppedAt ?? Number.POSITIVE_INFINITY;
  const byContext = new Map<string, ExposureSummary>();
  for (const exposure of exposures) {
    if (exposure.ts >= stoppedAt) continue;
    const summary = byContext.get(exposure.contextKey);
    if (summary) {
      summary.variations.add(exposure.variation);
      if (exposure.ts < summary.firstTs) summary.firstTs = exposure.ts;
    } else {
      byContext.set(exposure.contextKey, {
        variations: new Set([exposure.variation]),
        firstTs: exposure.ts,
      });
    }
  }
  return byContext;
}

/**
 * The contexts whose pending conversions `attributeBatch` needs: those this batch exposes for the
 * first time, or exposes earlier than before (and that are not excluded).
 */
export function contextsNeedingHistory(
  window: AttributionWindow,
  exposures: readonly ExposureEvent[],
  contexts: ReadonlyMap<string, ContextState>,
): string[] {
  const needed: string[] = [];
  for (const [contextKey, summary] of summarizeExposures(window, exposures)) {
    const stored = contexts.get(contextKey);
    if (!stored) {
      if (summary.variations.size === 1) needed.push(contextKey);
    } else if (
      !stored.excluded &&
      summary.firstTs < stored.firstTs &&
      summary.variations.size === 1 &&
      summary.variations.has(stored.variation)
    ) {
      needed.push(contextKey);
    }
  }
  return needed;
}

/** Applies one batch's exposures, then its conversions, to the stored state of one experiment. */
export function attributeBatch(
  window: AttributionWindow,
  exposures: readonly ExposureEvent[],
  conversions: readonly ConversionEvent[],
  state: AttributionState,
): AttributionChanges {
  const stoppedAt = window.stoppedAt ?? Number.POSITIVE_INFINITY;
  const changes: AttributionChanges = {
    contexts: new Map(),
    metrics: new Map(),
    variations: new Map(),
    excludedContexts: 0,
    conversionsBeforeExposure: 0,
    uncounted: [],
  };

  const contextOf = (contextKey: string): ContextState | undefined =>
    changes.contexts.get(contextKey) ?? state.contexts.get(contextKey);
  const metricOf = (contextKey: string, eventKey: string): ContextMetricState => {
    const key = metricStateKey(contextKey, eventKey);
    return changes.metrics.get(key) ?? state.metrics.get(key) ?? { conversions: 0, sum: 0 };
  };
  const variationDelta = (variation: string): VariationDelta => {
    let delta = changes.variations.get(variation);
    if (!delta) {
      delta = { exposed: 0, metrics: new Map() };
      changes.variations.set(variation, delta);
    }
    return delta;
  };
  const metricDelta = (variation: string, eventKey: string): MetricDelta => {
    const metrics = variationDelta(variation).metrics;
    let delta = metrics.get(eventKey);
    if (!delta) {
      delta = { converting: 0, sum: 0, sumSquares: 0 };
      metrics.set(eventKey, delta);
    }
    return delta;
  };
  const count = (contextKey: string, variation: string, eventKey: string, value: number) => {
    const current = metricOf(contextKey, eventKey);
    const delta = metricDelta(variation, eventKey);
    if (current.conversions === 0) delta.converting += 1;
    const sum = current.sum + value;
    delta.sum += value;
    // The variation's sum of squares is over per-context sums: replace this context's square.
    delta.sumSquares += sum * sum - current.sum * current.sum;
    changes.metrics.set(metricStateKey(contextKey, eventKey), {
      contextKey,
      eventKey,
      conversions: current.conversions + 1,
      sum,
    });
  };
  const exclude = (contextKey: string, stored: ContextState) => {
    variationDelta(stored.variation).exposed -= 1;
    for (const eventKey of window.eventKeys) {
      const current = metricOf(contextKey, eventKey);
      if (current.conversions === 0) continue;
      const delta = metricDelta(stored.variation, eventKey);
      delta.converting -= 1;
      delta.sum -= current.sum;
      delta.sumSquares -= current.sum * current.sum;
    }
    changes.excludedContexts += 1;
    changes.conversionsBeforeExposure -= stored.beforeExposure;
    changes.contexts.set(contextKey, { ...stored, excluded: true, beforeExposure: 0 });
  };
  /** The context's pending conversions this experiment measures, from before it stopped. */
  const pendingOf = (contextKey: string): PendingConversion[] =>
    (state.pending.get(contextKey) ?? []).filter(
      (pending) => window.eventKeys.has(pending.eventKey) && pending.ts < stoppedAt,
    );

  for (const [contextKey, summary] of summarizeExposures(window, exposures)) {
    const stored = contextOf(contextKey);
    const [onlyVariation] = summary.variations;
    if (!stored) {
      if (summary.variations.size > 1 || onlyVariation === undefined) {
        changes.excludedContexts += 1;
        changes.contexts.set(contextKey, {
          variation: onlyVariation ?? "",
          firstTs: summary.firstTs,
          excluded: true,
          beforeExposure: 0,
        });
        continue;
      }
      variationDelta(onlyVariation).exposed += 1;
      let before = 0;
      for (const pending of pendingOf(contextKey)) {
        if (pending.ts >= summary.firstTs) {
          count(contextKey, onlyVariation, pending.eventKey, pending.value);
        } else if (pending.ts >= window.startedAt) {
          before += 1;
        }
      }
      changes.conversionsBeforeExposure += before;
      changes.contexts.set(contextKey, {
        variation: onlyVariation,
        firstTs: summary.firstTs,
        excluded: false,
        beforeExposure: before,
      });
    } else if (stored.excluded) {
      // Excluded for good: nothing it does counts any more.
    } else if (summary.variations.size > 1 || !summary.variations.has(stored.variation)) {
      exclude(contextKey, stored);
    } else if (summary.firstTs < stored.firstTs) {
      // The first exposure moves earlier: pending conversions in [new, old) count now, and the
      // ones among them that were "before exposure" no longer are.
      let noLongerBefore = 0;
      for (const pending of pendingOf(contextKey)) {
        if (pending.ts < summary.firstTs || pending.ts >= stored.firstTs) continue;
        count(contextKey, stored.variation, pending.eventKey, pending.value);
        if (pending.ts >= window.startedAt) noLongerBefore += 1;
      }
      changes.conversionsBeforeExposure -= noLongerBefore;
      changes.contexts.set(contextKey, {
        ...stored,
        firstTs: summary.firstTs,
        beforeExposure: stored.beforeExposure - noLongerBefore,
      });
    }
  }

  conversions.forEach((conversion, index) => {
    if (!window.eventKeys.has(conversion.eventKey) || conversion.ts >= stoppedAt) return;
    const context = contextOf(conversion.contextKey);
    if (!context) {
      changes.uncounted.push(index);
    } else if (context.excluded) {
      // An excluded context's conversions never count.
    } else if (conversion.ts >= context.firstTs) {
      count(conversion.contextKey, context.variation, conversion.eventKey, conversion.value);
    } else {
      changes.uncounted.push(index);
      if (conversion.ts >= window.startedAt) {
        changes.conversionsBeforeExposure += 1;
        changes.contexts.set(conversion.contextKey, {
          ...context,
          beforeExposure: context.beforeExposure + 1,
        });
      }
    }
  });
  return changes;
}
