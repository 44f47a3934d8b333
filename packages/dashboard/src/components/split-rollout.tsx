/** A split across three or more variations: one exact share each, the others rebalanced to 100 %. */
import type { ConfigVariation } from "../api/types.ts";
import { evenWeights, rebalanceWeights } from "../lib/rollout.ts";
import { PercentInput } from "./percent-input.tsx";
import { variationColor } from "./variation-colors.ts";

export interface SplitRolloutProps {
  id: string;
  variations: readonly ConfigVariation[];
  weights: number[];
  onChange(weights: number[]): void;
}

export function SplitRollout({ id, variations, weights, onChange }: SplitRolloutProps) {
  return (
    <>
      <div className="stack">
        {variations.map((variation, index) => (
          <div className="row" key={variation.key}>
            <span
              className="swatch"
              style={{ background: variationColor(index) }}
              aria-hidden="true"
            />
            <PercentInput
              id={`${id}-share-${index}`}
              label={`Share for ${variation.key}`}
              weight={weights[index] ?? 0}
              onChange={(weight) => onChange(rebalanceWeights(weights, index, weight))}
            />
          </div>
        ))}
      </div>
      <div>
        <button
          type="button"
          className="small"
          onClick={() => onChange(evenWeights(variations.length))}
        >
          Split evenly
        </button>
      </div>
    </>
  );
}
