/** A segment's rules: a context is in the segment when every condition of any one rule matches. */
import type { SegmentRule } from "../api/types.ts";
import { ClauseEditor } from "./clause-editor.tsx";
import { EMPTY_CLAUSE } from "./rule-editor.tsx";

export interface SegmentRulesEditorProps {
  rules: readonly SegmentRule[];
  segments: readonly string[];
  onChange(rules: SegmentRule[]): void;
  reportProblem(key: string, message: string | undefined): void;
}

export function SegmentRulesEditor({
  rules,
  segments,
  onChange,
  reportProblem,
}: SegmentRulesEditorProps) {
  const setRule = (index: number, rule: SegmentRule) =>
    onChange(rules.map((current, at) => (at === index ? rule : current)));
  return (
    <div>
      {rules.length === 0 && (
        <p className="hint">No rules: only the included keys are in this segment.</p>
      )}
      {rules.map((rule, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: segment rules have no ids; their position is their identity
        <fieldset className="rule" key={index}>
          <legend>
            Rule {index + 1}
            {index > 0 ? " (or)" : ""}: all of these match
          </legend>
          {rule.clauses.map((clause, position) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: clauses have no ids
            <div key={position}>
              {position > 0 && <span className="clause-and">AND</span>}
              <ClauseEditor
                id={`segment-rule-${index}-clause-${position}`}
                index={position}
                clause={clause}
                segments={segments}
                label={`Rule ${index + 1}, condition ${position + 1}`}
                reportProblem={reportProblem}
                onChange={(next) =>
                  setRule(index, {
                    clauses: rule.clauses.map((current, at) => (at === position ? next : current)),
                  })
                }
                onRemove={() =>
                  setRule(index, { clauses: rule.clauses.filter((_, at) => at !== position) })
                }
              />
            </div>
          ))}
          <div className="row">
            <button
              type="button"
              className="small"
              onClick={() => setRule(index, { clauses: [...rule.clauses, EMPTY_CLAUSE] })}
            >
              + Add condition
            </button>
            <button
              type="button"
              className="small danger"
              onClick={() => onChange(rules.filter((_, at) => at !== index))}
              aria-label={`Delete segment rule ${index + 1}`}
            >
              Delete rule
            </button>
          </div>
        </fieldset>
      ))}
      <button type="button" onClick={() => onChange([...rules, { clauses: [EMPTY_CLAUSE] }])}>
        + Add rule
      </button>
    </div>
  );
}
