/**
 * One condition of a rule: attribute, operator (every operator of docs/evaluation.md), values
 * typed as the operator needs them, and NOT. What cannot be saved is said next to the input
 * and reported up, so the page can hold the save until it is fixed.
 */
import { OPERATORS, type Operator } from "@flagswitch/core";
import { useEffect, useState } from "react";
import type { Clause } from "../api/types.ts";
import {
  type ClauseValue,
  formatClauseValues,
  inferValueType,
  parseClauseValues,
  type ValueType,
} from "../lib/clause-values.ts";
import { OPERATOR_INFO } from "../lib/operators.ts";
import { SegmentPicker } from "./segment-picker.tsx";

export interface ClauseEditorProps {
  id: string;
  index: number;
  clause: Clause;
  segments: readonly string[];
  onChange(clause: Clause): void;
  onRemove(): void;
  /** Where this condition is, for messages, e.g. "Rule 2, condition 1". */
  label: string;
  /** Says (or clears, with undefined) what keeps this condition from being saved. Must be stable. */
  reportProblem(key: string, message: string | undefined): void;
}

export function ClauseEditor(props: ClauseEditorProps) {
  const { id, index, clause, segments, onChange, onRemove, label, reportProblem } = props;
  const kind = OPERATOR_INFO[clause.op].valueKind;
  const [text, setText] = useState(() => formatClauseValues(clause.values));
  const [valueType, setValueType] = useState<ValueType>(() => inferValueType(clause.values));
  const [valuesProblem, setValuesProblem] = useState<string | undefined>();

  // The values changed from outside (a reload, a merge, a neighbour removed): show them.
  useEffect(() => {
    setText((current) => {
      const parsed = parseClauseValues(clause.op, current, valueType);
      const same = parsed.ok && JSON.stringify(parsed.values) === JSON.stringify(clause.values);
      return same || (!parsed.ok && clause.values.length === 0)
        ? current
        : formatClauseValues(clause.values);
    });
  }, [clause.values, clause.op, valueType]);
  useEffect(() => () => reportProblem(id, undefined), [id, reportProblem]);

  const attributeProblem =
    clause.attribute.trim() === "" ? "name the context attribute" : undefined;
  const segmentProblem =
    kind === "segment" && clause.values.length === 0 ? "choose at least one segment" : undefined;
  const problem =
    attributeProblem ??
    segmentProblem ??
    (kind === "segment" || kind === "none" ? undefined : valuesProblem);
  useEffect(
    () => reportProblem(id, problem ? `${label}: ${problem}` : undefined),
    [id, label, problem, reportProblem],
  );

  const applyText = (nextText: string, op: Operator, type: ValueType) => {
    setText(nextText);
    const parsed = parseClauseValues(op, nextText, type);
    if (parsed.ok) {
      setValuesProblem(undefined);
      onChange({ ...clause, op, values: parsed.values });
    } else {
      setValuesProblem(parsed.message);
      if (op !== clause.op) onChange({ ...clause, op, values: [] });
    }
  };

  const changeOperator = (op: Operator) => {
    const nextKind = OPERATOR_INFO[op].valueKind;
    if (nextKind === "none") return onChange({ ...clause, op, values: [] });
    if (nextKind === "segment") {
      const keep = clause.values.filter(
        (value): value is string => typeof value === "string" && segments.includes(value),
      );
      return onChange({ ...clause, op, values: keep });
    }
    applyText(kind === "segment" ? "" : text, op, valueType);
  };

  const valuesId = `${id}-values`;
  const errorId = `${id}-error`;
  return (
    <div className="clause">
      <div className="field">
        <label htmlFor={`${id}-attribute`}>Attribute</label>
        <input
          id={`${id}-attribute`}
          value={clause.attribute}
          placeholder="e.g. country"
          aria-invalid={attributeProblem ? true : undefined}
          onChange={(event) => onChange({ ...clause, attribute: event.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-op`}>Operator</label>
        <select
          id={`${id}-op`}
          value={clause.op}
          onChange={(event) => changeOperator(event.target.value as Operator)}
        >
          {OPERATORS.map((op) => (
            <option key={op} value={op}>
              {OPERATOR_INFO[op].label} ({op})
            </option>
          ))}
        </select>
        <label className="inline-check">
          <input
            type="checkbox"
            checked={clause.negate === true}
            onChange={(event) => {
              const { negate: _dropped, ...rest } = clause;
              onChange(event.target.checked ? { ...rest, negate: true } : rest);
            }}
          />
          NOT (negate)
        </label>
      </div>
      <div className="field">
        {kind === "segment" ? (
          <SegmentPicker
            legend="Segments"
            segments={segments}
            selected={clause.values.filter((value): value is string => typeof value === "string")}
            onChange={(selected) => onChange({ ...clause, values: selected as ClauseValue[] })}
          />
        ) : kind === "none" ? (
          <p className="hint">{OPERATOR_INFO[clause.op].hint}</p>
        ) : (
          <>
            <label htmlFor={valuesId}>Values</label>
            {kind === "typed" && (
              <select
                aria-label="Value type"
                value={valueType}
                onChange={(event) => {
                  const type = event.target.value as ValueType;
                  setValueType(type);
                  applyText(text, clause.op, type);
                }}
              >
                <option value="string">text</option>
                <option value="number">number</option>
                <option value="boolean">true/false</option>
              </select>
            )}
            <textarea
              id={valuesId}
              value={text}
              rows={Math.min(6, Math.max(1, text.split("\n").length))}
              aria-invalid={valuesProblem ? true : undefined}
              aria-describedby={`${id}-hint${valuesProblem ? ` ${errorId}` : ""}`}
              onChange={(event) => applyText(event.target.value, clause.op, valueType)}
            />
            <span className="hint" id={`${id}-hint`}>
              {OPERATOR_INFO[clause.op].hint}
            </span>
          </>
        )}
        {problem && (
          <p className="field-error" id={errorId}>
            {problem}
          </p>
        )}
      </div>
      <div>
        <button
          type="button"
          className="small danger"
          onClick={onRemove}
          aria-label={`Remove condition ${index + 1}`}
        >
          Remove
        </button>
      </div>
    </div>
  );
}
