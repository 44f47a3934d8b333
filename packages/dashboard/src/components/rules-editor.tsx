/** The ordered targeting rules of a flag: the first rule whose conditions all match decides. */

import { newIdempotencyKey } from "../api/idempotency-key.ts";
import type { ConfigRule, ConfigVariation } from "../api/types.ts";
import { EMPTY_CLAUSE, RuleEditor } from "./rule-editor.tsx";

export interface RulesEditorProps {
  rules: readonly ConfigRule[];
  variations: readonly ConfigVariation[];
  offVariation: number;
  segments: readonly string[];
  onChange(rules: ConfigRule[]): void;
  reportProblem(key: string, message: string | undefined): void;
}

/** A short random id, unique within the flag (rule ids appear in evaluation reasons). */
export function newRuleId(existing: readonly { id: string }[]): string {
  for (;;) {
    const id = `rule-${newIdempotencyKey().slice(0, 8)}`;
    if (!existing.some((rule) => rule.id === id)) return id;
  }
}

export function RulesEditor({
  rules,
  variations,
  offVariation,
  segments,
  onChange,
  reportProblem,
}: RulesEditorProps) {
  const move = (index: number, delta: -1 | 1) => {
    const target = index + delta;
    if (target < 0 || target >= rules.length) return;
    const next = [...rules];
    const [moved] = next.splice(index, 1);
    if (moved) next.splice(target, 0, moved);
    onChange(next);
  };
  const servedWhenOn = variations.findIndex((_, index) => index !== offVariation);
  return (
    <div>
      {rules.length === 0 && (
        <p className="hint">
          No rules: every context not targeted individually gets the default below.
        </p>
      )}
      {rules.map((rule, index) => (
        <RuleEditor
          key={rule.id}
          rule={rule}
          index={index}
          count={rules.length}
          variations={variations}
          offVariation={offVariation}
          segments={segments}
          onChange={(next) =>
            onChange(rules.map((current) => (current.id === rule.id ? next : current)))
          }
          onMove={(delta) => move(index, delta)}
          onRemove={() => onChange(rules.filter((current) => current.id !== rule.id))}
          reportProblem={reportProblem}
        />
      ))}
      <button
        type="button"
        onClick={() =>
          onChange([
            ...rules,
            {
              id: newRuleId(rules),
              clauses: [EMPTY_CLAUSE],
              serve: { variation: Math.max(0, servedWhenOn) },
            },
          ])
        }
      >
        + Add rule
      </button>
    </div>
  );
}
