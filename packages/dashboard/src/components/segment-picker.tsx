/** Chooses segments by key (for `inSegment` clauses): a checkbox each, with a filter when there are many. */
import { useId, useState } from "react";

export interface SegmentPickerProps {
  legend: string;
  segments: readonly string[];
  selected: readonly string[];
  onChange(selected: string[]): void;
}

export function SegmentPicker({ legend, segments, selected, onChange }: SegmentPickerProps) {
  const [filter, setFilter] = useState("");
  const filterId = useId();
  // Keys selected but not (or no longer) in this environment stay visible so they can be removed.
  const all = [...new Set([...segments, ...selected])].sort();
  const shown =
    filter === "" ? all : all.filter((key) => key.toLowerCase().includes(filter.toLowerCase()));
  const toggle = (key: string, checked: boolean) =>
    onChange(checked ? [...selected, key] : selected.filter((candidate) => candidate !== key));
  return (
    <fieldset className="segment-picker">
      <legend>{legend}</legend>
      {all.length > 8 && (
        <div className="field">
          <label htmlFor={filterId}>Find a segment</label>
          <input
            id={filterId}
            type="search"
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
          />
        </div>
      )}
      {all.length === 0 ? (
        <p className="hint">
          This environment has no segments yet. Create one on the Segments page.
        </p>
      ) : (
        <div className="segment-options">
          {shown.map((key) => (
            <label key={key} className="inline-check">
              <input
                type="checkbox"
                checked={selected.includes(key)}
                onChange={(event) => toggle(key, event.target.checked)}
              />
              <code>{key}</code>
              {!segments.includes(key) && <span className="badge danger">missing</span>}
            </label>
          ))}
        </div>
      )}
    </fieldset>
  );
}
