/**
 * One targeting rule: every condition must match (AND), then it serves a variation or a
 * rollout. Rules are evaluated in order, so each can move up and down with buttons (keyboard
 * users cannot drag).
 */
import type { Clause, ConfigRule, ConfigVariation } from "../api/types.ts";
import { ClauseEditor } from "./clause-editor.tsx";
import { ServeEditor } from "./serve-editor.tsx";

export interface RuleEditorProps {
  rule: ConfigRule;
  index: number;
  count: number;
  variations: readonly ConfigVariation[];
  offVariation: number;
  segments: readonly string[];
  onChange(rule: ConfigRule): void;
  onMove(delta: -1 | 1): void;
  onRemove(): void;
  /** Stable: collects what keeps the draft from being saved. */
  reportProblem(key: string, message: string | undefined): void;
}

export const EMPTY_CLAUSE: Clause = { attribute: "", op: "in", values: [] };

export function RuleEditor(props: RuleEditorProps) {
  const {
    rule,
    index,
    count,
    variations,
    offVariation,
    segments,
    onChange,
    onMove,
    onRemove,
    reportProblem,
  } = props;
  const id = `rule-${rule.id}`;
  const setClause = (position: number, clause: Clause) =>
    onChange({
      ...rule,
      clauses: rule.clauses.map((current, at) => (at === position ? clause : current)),
    });
  return (
    <section className="rule" aria-labelledby={`${id}-title`}>
      <div className="rule-header">
        <h3 id={`${id}-title`}>
          Rule {index + 1}
          {rule.description ? `: ${rule.description}` : ""}{" "}
          <span className="badge mono">{rule.id}</span>
        </h3>
        <div className="row">
          <button
            type="button"
            className="small"
            onClick={() => onMove(-1)}
            disabled={index === 0}
            aria-label={`Move rule ${index + 1} up`}
          >
            ↑ Up
          </button>
          <button
            type="button"
            className="small"
            onClick={() => onMove(1)}
            disabled={index === count - 1}
            aria-label={`Move rule ${index + 1} down`}
          >
            ↓ Down
          </button>
          <button
            type="button"
            className="small danger"
            onClick={onRemove}
            aria-label={`Delete rule ${index + 1}`}
          >
            Delete rule
          </button>
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-description`}>Description (for people; optional)</label>
        <input
          id={`${id}-description`}
          value={rule.description ?? ""}
          onChange={(event) => {
            const { description: _dropped, ...rest } = rule;
            const value = event.target.value;
            onChange(value === "" ? rest : { ...rest, description: value });
          }}
        />
      </div>
      <fieldset>
        <legend>If all of these match</legend>
        {rule.clauses.length === 0 && (
          <p className="hint">No conditions: this rule matches every context.</p>
        )}
        {rule.clauses.map((clause, position) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: clauses have no ids; the editor re-syncs its text from the values
          <div key={`${rule.id}-${position}`}>
            {position > 0 && <span className="clause-and">AND</span>}
            <ClauseEditor
              id={`${id}-clause-${position}`}
              index={position}
              clause={clause}
              segments={segments}
              onChange={(next) => setClause(position, next)}
              onRemove={() =>
                onChange({ ...rule, clauses: rule.clauses.filter((_, at) => at !== position) })
              }
              label={`Rule ${index + 1}, condition ${position + 1}`}
              reportProblem={reportProblem}
            />
          </div>
        ))}
        <button
          type="button"
          className="small"
          onClick={() => onChange({ ...rule, clauses: [...rule.clauses, EMPTY_CLAUSE] })}
        >
          + Add condition
        </button>
      </fieldset>
      <ServeEditor
        id={`${id}-serve`}
        legend="Then serve"
        serve={rule.serve}
        variations={variations}
        offVariation={offVariation}
        onChange={(serve) => onChange({ ...rule, serve })}
      />
    </section>
  );
}
