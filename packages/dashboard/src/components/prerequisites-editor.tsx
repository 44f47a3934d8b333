/**
 * Prerequisites: other flags that must be on and serve a given variation for this flag to be
 * evaluated at all (otherwise it serves its off variation).
 */
import type { Prerequisite } from "../api/types.ts";

export interface FlagOption {
  key: string;
  /** The flag's variation keys in this environment, when known. */
  variations: readonly string[];
}

export interface PrerequisitesEditorProps {
  id: string;
  prerequisites: readonly Prerequisite[];
  /** Other flags of the project (never this one). */
  flags: readonly FlagOption[];
  onChange(prerequisites: Prerequisite[]): void;
}

export function PrerequisitesEditor({
  id,
  prerequisites,
  flags,
  onChange,
}: PrerequisitesEditorProps) {
  const set = (index: number, prerequisite: Prerequisite) =>
    onChange(prerequisites.map((current, at) => (at === index ? prerequisite : current)));
  const available = flags.filter(
    (flag) => !prerequisites.some((prerequisite) => prerequisite.flag === flag.key),
  );
  return (
    <div className="stack">
      {prerequisites.length === 0 && <p className="hint">No prerequisites.</p>}
      {prerequisites.map((prerequisite, index) => {
        const option = flags.find((flag) => flag.key === prerequisite.flag);
        const variations = option?.variations ?? [];
        return (
          <div className="row" key={prerequisite.flag}>
            <span>
              Flag <code>{prerequisite.flag}</code>{" "}
              {option ? "" : <span className="badge danger">not found</span>} must serve
            </span>
            <label className="visually-hidden" htmlFor={`${id}-${index}-variation`}>
              Variation of {prerequisite.flag} that must be served
            </label>
            {variations.length > 0 ? (
              <select
                id={`${id}-${index}-variation`}
                value={prerequisite.variation}
                onChange={(event) => set(index, { ...prerequisite, variation: event.target.value })}
              >
                {!variations.includes(prerequisite.variation) && (
                  <option value={prerequisite.variation}>{prerequisite.variation}</option>
                )}
                {variations.map((key) => (
                  <option key={key} value={key}>
                    {key}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={`${id}-${index}-variation`}
                value={prerequisite.variation}
                onChange={(event) => set(index, { ...prerequisite, variation: event.target.value })}
              />
            )}
            <button
              type="button"
              className="small danger"
              onClick={() => onChange(prerequisites.filter((_, at) => at !== index))}
              aria-label={`Remove prerequisite ${prerequisite.flag}`}
            >
              Remove
            </button>
          </div>
        );
      })}
      {available.length > 0 && (
        <div className="row">
          <label htmlFor={`${id}-add`}>Add a prerequisite</label>
          <select
            id={`${id}-add`}
            value=""
            onChange={(event) => {
              const flag = flags.find((candidate) => candidate.key === event.target.value);
              if (flag)
                onChange([
                  ...prerequisites,
                  { flag: flag.key, variation: flag.variations[0] ?? "on" },
                ]);
            }}
          >
            <option value="">Choose a flag…</option>
            {available.map((flag) => (
              <option key={flag.key} value={flag.key}>
                {flag.key}
              </option>
            ))}
          </select>
        </div>
      )}
    </div>
  );
}
