/** The context keys that always get one variation, typed one per line (or separated by commas). */
import { useEffect, useState } from "react";
import type { ConfigVariation } from "../api/types.ts";
import { parseKeyList } from "../lib/clause-values.ts";

export interface TargetListProps {
  id: string;
  variation: ConfigVariation;
  values: readonly string[];
  onChange(values: string[]): void;
}

export function TargetList({ id, variation, values, onChange }: TargetListProps) {
  const [text, setText] = useState(() => values.join("\n"));
  useEffect(() => {
    setText((current) =>
      parseKeyList(current).join("\n") === values.join("\n") ? current : values.join("\n"),
    );
  }, [values]);
  return (
    <div className="field">
      <label htmlFor={id}>
        Always serve <code>{variation.key}</code> to ({values.length}{" "}
        {values.length === 1 ? "key" : "keys"})
      </label>
      <textarea
        id={id}
        value={text}
        rows={Math.min(6, Math.max(2, values.length + 1))}
        placeholder="user-1&#10;user-2"
        onChange={(event) => {
          setText(event.target.value);
          onChange(parseKeyList(event.target.value));
        }}
      />
    </div>
  );
}
