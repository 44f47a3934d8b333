/** The variations of a new multivariate flag: a key and a typed value each (text, number, true/false, JSON). */
import type { VariationDraft, VariationType } from "../lib/variation-values.ts";

export interface VariationsEditorProps {
  id: string;
  drafts: readonly VariationDraft[];
  problems: ReadonlyMap<number | "", string>;
  onChange(drafts: VariationDraft[]): void;
}

const TYPE_LABEL: Record<VariationType, string> = {
  string: "text",
  number: "number",
  boolean: "true/false",
  json: "JSON",
};

export function VariationsEditor({ id, drafts, problems, onChange }: VariationsEditorProps) {
  const set = (index: number, draft: VariationDraft) =>
    onChange(drafts.map((current, at) => (at === index ? draft : current)));
  return (
    <div className="stack">
      {drafts.map((draft, index) => {
        const rowId = `${id}-${index}`;
        const problem = problems.get(index);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; keys may be empty or duplicate while typing
          <fieldset key={index}>
            <legend>Variation {index + 1}</legend>
            <div className="row">
              <div className="field">
                <label htmlFor={`${rowId}-key`}>Key</label>
                <input
                  id={`${rowId}-key`}
                  value={draft.key}
                  onChange={(event) => set(index, { ...draft, key: event.target.value })}
                />
              </div>
              <div className="field">
                <label htmlFor={`${rowId}-type`}>Type</label>
                <select
                  id={`${rowId}-type`}
                  value={draft.type}
                  onChange={(event) => {
                    const type = event.target.value as VariationType;
                    set(index, { ...draft, type, text: type === "boolean" ? "true" : draft.text });
                  }}
                >
                  {(Object.keys(TYPE_LABEL) as VariationType[]).map((type) => (
                    <option key={type} value={type}>
                      {TYPE_LABEL[type]}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field grow">
                <label htmlFor={`${rowId}-value`}>Value</label>
                {draft.type === "boolean" ? (
                  <select
                    id={`${rowId}-value`}
                    value={draft.text}
                    onChange={(event) => set(index, { ...draft, text: event.target.value })}
                  >
                    <option value="true">true</option>
                    <option value="false">false</option>
                  </select>
                ) : draft.type === "json" ? (
                  <textarea
                    id={`${rowId}-value`}
                    value={draft.text}
                    aria-invalid={problem ? true : undefined}
                    aria-describedby={problem ? `${rowId}-error` : undefined}
                    onChange={(event) => set(index, { ...draft, text: event.target.value })}
                  />
                ) : (
                  <input
                    id={`${rowId}-value`}
                    value={draft.text}
                    inputMode={draft.type === "number" ? "decimal" : undefined}
                    aria-invalid={problem ? true : undefined}
                    aria-describedby={problem ? `${rowId}-error` : undefined}
                    onChange={(event) => set(index, { ...draft, text: event.target.value })}
                  />
                )}
              </div>
              <button
                type="button"
                className="small danger"
                disabled={drafts.length <= 2}
                onClick={() => onChange(drafts.filter((_, at) => at !== index))}
                aria-label={`Remove variation ${index + 1}`}
              >
                Remove
              </button>
            </div>
            {problem && (
              <p className="field-error" id={`${rowId}-error`}>
                {problem}
              </p>
            )}
          </fieldset>
        );
      })}
      <button
        type="button"
        onClick={() =>
          onChange([...drafts, { key: "", type: drafts[0]?.type ?? "string", text: "" }])
        }
      >
        + Add variation
      </button>
      {problems.get("") && <p className="field-error">{problems.get("")}</p>}
    </div>
  );
}
