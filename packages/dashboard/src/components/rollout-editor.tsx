/**
 * A percentage rollout. With two variations it is one slider with the exact percentage and the
 * usual steps (5 → 25 → 50 → 100 %); with more, one exact share per variation, the others
 * rebalanced in proportion so the split always adds up to 100 %.
 */
import type { ConfigVariation } from "../api/types.ts";
import { formatWeight, sumWeights, TOTAL_WEIGHT } from "../lib/rollout.ts";
import { RolloutBar } from "./rollout-bar.tsx";
import { SplitRollout } from "./split-rollout.tsx";
import { TwoWayRollout } from "./two-way-rollout.tsx";

export interface RolloutEditorProps {
  id: string;
  variations: readonly ConfigVariation[];
  offVariation: number;
  weights: readonly number[];
  onChange(weights: number[]): void;
}

export function RolloutEditor({
  id,
  variations,
  offVariation,
  weights,
  onChange,
}: RolloutEditorProps) {
  const normalized = variations.map((_, index) => weights[index] ?? 0);
  const total = sumWeights(normalized);
  return (
    <div className="rollout">
      {variations.length === 2 ? (
        <TwoWayRollout
          id={id}
          variations={variations}
          offVariation={offVariation}
          weights={normalized}
          onChange={onChange}
        />
      ) : (
        <SplitRollout id={id} variations={variations} weights={normalized} onChange={onChange} />
      )}
      <RolloutBar variations={variations} weights={normalized} />
      {total !== TOTAL_WEIGHT && (
        <p className="field-error" role="alert">
          The shares add up to {formatWeight(total)}, not 100 %.
        </p>
      )}
    </div>
  );
}
