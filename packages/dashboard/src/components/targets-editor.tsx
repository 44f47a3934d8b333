/**
 * Individual targets: context keys that always get a given variation (checked before rules).
 * One list per variation, keys one per line or separated by commas.
 */
import type { ConfigVariation, Target } from "../api/types.ts";
import { TargetList } from "./target-list.tsx";

export interface TargetsEditorProps {
  id: string;
  targets: readonly Target[];
  variations: readonly ConfigVariation[];
  onChange(targets: Target[]): void;
}

export function TargetsEditor({ id, targets, variations, onChange }: TargetsEditorProps) {
  return (
    <div className="stack">
      {variations.map((variation, index) => (
        <TargetList
          key={variation.key}
          id={`${id}-${index}`}
          variation={variation}
          values={targets.find((target) => target.variation === index)?.values ?? []}
          onChange={(values) => {
            const others = targets.filter((target) => target.variation !== index);
            // A key is in at most one list: the newest assignment wins.
            const cleaned = others
              .map((target) => ({
                ...target,
                values: target.values.filter((key) => !values.includes(key)),
              }))
              .filter((target) => target.values.length > 0);
            const next = values.length > 0 ? [...cleaned, { variation: index, values }] : cleaned;
            onChange(next.sort((a, b) => a.variation - b.variation));
          }}
        />
      ))}
    </div>
  );
}
