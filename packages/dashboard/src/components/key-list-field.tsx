/** A textarea of context keys, one per line or separated by commas, with their count in its label. */
import { parseKeyList } from "../lib/clause-values.ts";
import { FieldErrors } from "./field-errors.tsx";

export interface KeyListFieldProps {
  id: string;
  label: string;
  /** How many keys the list holds now (shown after the label). */
  count: number;
  /** The text as typed; the owner keeps it so that a reload or merge can replace it. */
  text: string;
  hint: string;
  /** Server messages for this field, shown under it with the id `${id}-error`. */
  messages?: readonly string[] | undefined;
  onChange(text: string, keys: string[]): void;
}

export function KeyListField({
  id,
  label,
  count,
  text,
  hint,
  messages,
  onChange,
}: KeyListFieldProps) {
  return (
    <div className="field">
      <label htmlFor={id}>
        {label} ({count})
      </label>
      <textarea
        id={id}
        value={text}
        rows={6}
        onChange={(event) => onChange(event.target.value, parseKeyList(event.target.value))}
      />
      <span className="hint">{hint}</span>
      <FieldErrors id={`${id}-error`} messages={messages} />
    </div>
  );
}
