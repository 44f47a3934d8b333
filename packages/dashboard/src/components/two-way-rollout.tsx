/**
 * A rollout between two variations: a slider, the exact percentage, and the usual steps
 * (5 → 25 → 50 → 100 %). The share goes to the `true` variation (else the first that is not the
 * off variation), the rest to the other one — the same choice as the server's /rollout action.
 */
import type { ConfigVariation } from "../api/types.ts";
import {
  formatWeight,
  percentToWeight,
  ROLLOUT_STEPS,
  rolloutRestIndex,
  rolloutTargetIndex,
  TOTAL_WEIGHT,
  twoWayWeights,
  weightToPercent,
} from "../lib/rollout.ts";
import { PercentInput } from "./percent-input.tsx";

export interface TwoWayRolloutProps {
  id: string;
  variations: readonly ConfigVariation[];
  offVariation: number;
  weights: number[];
  onChange(weights: number[]): void;
}

export function TwoWayRollout({
  id,
  variations,
  offVariation,
  weights,
  onChange,
}: TwoWayRolloutProps) {
  const target = rolloutTargetIndex(
    variations.map((variation) => variation.value),
    offVariation,
  );
  const rest = rolloutRestIndex(variations.length, offVariation, target);
  const weight = weights[target] ?? 0;
  const set = (next: number) => onChange(twoWayWeights(variations.length, target, rest, next));
  const targetKey = variations[target]?.key ?? "";
  const restKey = variations[rest]?.key ?? "";
  return (
    <>
      <div className="row">
        <label htmlFor={`${id}-range`}>
          Serve <code>{targetKey}</code> to
        </label>
        <input
          id={`${id}-range`}
          type="range"
          min={0}
          max={100}
          step={1}
          value={Math.round(weightToPercent(weight))}
          aria-valuetext={`${formatWeight(weight)} get ${targetKey}`}
          onChange={(event) => set(percentToWeight(Number(event.target.value)))}
          className="grow"
        />
        <PercentInput
          id={`${id}-percent`}
          label={`Percentage that gets ${targetKey}`}
          weight={weight}
          onChange={set}
          hiddenLabel
        />
      </div>
      <p className="hint">
        {formatWeight(weight)} of contexts get <code>{targetKey}</code>,{" "}
        {formatWeight(TOTAL_WEIGHT - weight)} get <code>{restKey}</code>. Raising the percentage
        only adds contexts: nobody switches back.
      </p>
      <fieldset className="steps plain">
        <legend className="visually-hidden">Rollout steps</legend>
        {ROLLOUT_STEPS.map((step) => (
          <button
            key={step}
            type="button"
            className="small"
            aria-pressed={weight === percentToWeight(step)}
            onClick={() => set(percentToWeight(step))}
          >
            {step} %
          </button>
        ))}
      </fieldset>
    </>
  );
}
