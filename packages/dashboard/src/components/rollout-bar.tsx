/** A rollout drawn as one stacked bar, with a legend that says each share in words. */
import type { ConfigVariation } from "../api/types.ts";
import { formatWeight, weightToPercent } from "../lib/rollout.ts";
import { variationColor } from "./variation-colors.ts";

export interface RolloutBarProps {
  variations: readonly ConfigVariation[];
  weights: number[];
}

export function RolloutBar({ variations, weights }: RolloutBarProps) {
  return (
    <>
      <div className="rollout-bar" aria-hidden="true">
        {variations.map((variation, index) => (
          <span
            key={variation.key}
            style={{
              width: `${weightToPercent(weights[index] ?? 0)}%`,
              background: variationColor(index),
            }}
          />
        ))}
      </div>
      <div className="rollout-legend">
        {variations.map((variation, index) => (
          <span key={variation.key}>
            <span
              className="swatch"
              style={{ background: variationColor(index) }}
              aria-hidden="true"
            />
            <code>{variation.key}</code> {formatWeight(weights[index] ?? 0)}
          </span>
        ))}
      </div>
    </>
  );
}
