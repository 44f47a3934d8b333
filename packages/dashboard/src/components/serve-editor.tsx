/**
 * What a rule or the default serves: one variation, or a percentage rollout across them
 * (bucketed by the context key unless another attribute is named).
 */
import type { ConfigVariation, Serve } from "../api/types.ts";
import {
  percentToWeight,
  rolloutRestIndex,
  rolloutTargetIndex,
  twoWayWeights,
} from "../lib/rollout.ts";
import { RolloutEditor } from "./rollout-editor.tsx";

export interface ServeEditorProps {
  id: string;
  legend: string;
  serve: Serve;
  variations: readonly ConfigVariation[];
  offVariation: number;
  onChange(serve: Serve): void;
}

export function ServeEditor({
  id,
  legend,
  serve,
  variations,
  offVariation,
  onChange,
}: ServeEditorProps) {
  const isRollout = "rollout" in serve;
  const startRollout = () => {
    // Start from what was served: 100 % of that variation, so switching mode changes nobody.
    const values = variations.map((variation) => variation.value);
    const current =
      "variation" in serve ? serve.variation : rolloutTargetIndex(values, offVariation);
    const rest = rolloutRestIndex(variations.length, offVariation, current);
    onChange({
      rollout: { weights: twoWayWeights(variations.length, current, rest, percentToWeight(100)) },
    });
  };
  const firstServed = isRollout
    ? Math.max(
        0,
        serve.rollout.weights.findIndex((weight) => weight > 0),
      )
    : serve.variation;
  return (
    <fieldset>
      <legend>{legend}</legend>
      <div className="row" role="radiogroup" aria-label={`${legend}: kind`}>
        <label className="inline-check">
          <input
            type="radio"
            name={`${id}-kind`}
            checked={!isRollout}
            onChange={() => onChange({ variation: firstServed })}
          />
          One variation
        </label>
        <label className="inline-check">
          <input
            type="radio"
            name={`${id}-kind`}
            checked={isRollout}
            onChange={startRollout}
            disabled={variations.length < 2}
          />
          Percentage rollout
        </label>
      </div>
      {!isRollout ? (
        <div className="field">
          <label htmlFor={`${id}-variation`}>Variation</label>
          <select
            id={`${id}-variation`}
            value={serve.variation}
            onChange={(event) => onChange({ variation: Number(event.target.value) })}
          >
            {variations.map((variation, index) => (
              <option key={variation.key} value={index}>
                {variation.key} ({JSON.stringify(variation.value)})
              </option>
            ))}
          </select>
        </div>
      ) : (
        <>
          <RolloutEditor
            id={`${id}-rollout`}
            variations={variations}
            offVariation={offVariation}
            weights={serve.rollout.weights}
            onChange={(weights) => onChange({ rollout: { ...serve.rollout, weights } })}
          />
          <div className="field">
            <label htmlFor={`${id}-bucket`}>Bucket by attribute</label>
            <input
              id={`${id}-bucket`}
              value={serve.rollout.bucketBy ?? ""}
              placeholder="key"
              aria-describedby={`${id}-bucket-hint`}
              onChange={(event) => {
                const { bucketBy: _dropped, ...rest } = serve.rollout;
                const value = event.target.value.trim();
                onChange({ rollout: value === "" ? rest : { ...rest, bucketBy: value } });
              }}
            />
            <span className="hint" id={`${id}-bucket-hint`}>
              Contexts with the same value of this attribute get the same variation (default: the
              context key).
            </span>
          </div>
        </>
      )}
    </fieldset>
  );
}
