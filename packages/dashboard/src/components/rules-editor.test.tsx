import { OPERATORS } from "@flagswitch/core";
import { fireEvent, render, screen, within } from "@testing-library/react";
import { useCallback, useState } from "react";
import { describe, expect, it } from "vitest";
import type { ConfigRule, ConfigVariation } from "../api/types.ts";
import { RulesEditor } from "./rules-editor.tsx";

const VARIATIONS: ConfigVariation[] = [
  { key: "on", value: true },
  { key: "off", value: false },
];

interface Seen {
  rules: ConfigRule[];
  problems: Map<string, string>;
}

/** Holds the rules like the flag page does, and exposes what the editor reports. */
function Host({ initial, seen }: { initial: ConfigRule[]; seen: Seen }) {
  const [rules, setRules] = useState(initial);
  const [, setTick] = useState(0);
  seen.rules = rules;
  const reportProblem = useCallback(
    (key: string, message: string | undefined) => {
      if (message === undefined) seen.problems.delete(key);
      else seen.problems.set(key, message);
      setTick((tick) => tick + 1);
    },
    [seen],
  );
  return (
    <RulesEditor
      rules={rules}
      variations={VARIATIONS}
      offVariation={1}
      segments={["beta-testers", "staff"]}
      onChange={setRules}
      reportProblem={reportProblem}
    />
  );
}

function renderEditor(initial: ConfigRule[] = []): Seen {
  const seen: Seen = { rules: initial, problems: new Map() };
  render(<Host initial={initial} seen={seen} />);
  return seen;
}

const rule = (id: string, attribute: string): ConfigRule => ({
  id,
  clauses: [{ attribute, op: "in", values: ["x"] }],
  serve: { variation: 0 },
});

describe("the rule editor", () => {
  it("adds a rule whose condition is filled in field by field", () => {
    const seen = renderEditor();
    fireEvent.click(screen.getByRole("button", { name: "+ Add rule" }));
    expect(seen.rules).toHaveLength(1);
    expect(seen.rules[0]?.serve).toEqual({ variation: 0 });
    expect([...seen.problems.values()]).toEqual([
      "Rule 1, condition 1: name the context attribute",
    ]);
    fireEvent.change(screen.getByLabelText("Attribute"), { target: { value: "country" } });
    fireEvent.change(screen.getByLabelText("Values"), { target: { value: "de\nfr" } });
    expect(seen.rules[0]?.clauses).toEqual([
      { attribute: "country", op: "in", values: ["de", "fr"] },
    ]);
    expect(seen.problems.size).toBe(0);
    expect(seen.rules[0]?.id).toMatch(/^rule-[0-9a-f]{8}$/);
  });

  it("offers every operator of the evaluation contract", () => {
    renderEditor([rule("a", "plan")]);
    const options = within(screen.getByLabelText("Operator")).getAllByRole("option");
    expect(options.map((option) => (option as HTMLOptionElement).value)).toEqual([...OPERATORS]);
  });

  it("checks values against the operator and holds the save until they are right", () => {
    const seen = renderEditor([rule("a", "age")]);
    fireEvent.change(screen.getByLabelText("Operator"), { target: { value: "gte" } });
    fireEvent.change(screen.getByLabelText("Values"), { target: { value: "eighteen" } });
    expect([...seen.problems.values()]).toEqual([
      'Rule 1, condition 1: line 1: "eighteen" is not a number',
    ]);
    expect(screen.getByLabelText("Values").getAttribute("aria-invalid")).toBe("true");
    fireEvent.change(screen.getByLabelText("Values"), { target: { value: "18" } });
    expect(seen.rules[0]?.clauses[0]).toEqual({ attribute: "age", op: "gte", values: [18] });
    expect(seen.problems.size).toBe(0);
  });

  it("types `in` values as numbers or booleans when asked (a type mismatch never matches)", () => {
    const seen = renderEditor([rule("a", "tier")]);
    fireEvent.change(screen.getByLabelText("Value type"), { target: { value: "number" } });
    fireEvent.change(screen.getByLabelText("Values"), { target: { value: "1\n2" } });
    expect(seen.rules[0]?.clauses[0]?.values).toEqual([1, 2]);
  });

  it("negates a condition", () => {
    const seen = renderEditor([rule("a", "country")]);
    fireEvent.click(screen.getByLabelText("NOT (negate)"));
    expect(seen.rules[0]?.clauses[0]).toEqual({
      attribute: "country",
      op: "in",
      values: ["x"],
      negate: true,
    });
    fireEvent.click(screen.getByLabelText("NOT (negate)"));
    expect(seen.rules[0]?.clauses[0]).toEqual({ attribute: "country", op: "in", values: ["x"] });
  });

  it("picks segments for `is in segment`, and needs at least one", () => {
    const seen = renderEditor([rule("a", "key")]);
    fireEvent.change(screen.getByLabelText("Operator"), { target: { value: "inSegment" } });
    expect(seen.rules[0]?.clauses[0]).toEqual({ attribute: "key", op: "inSegment", values: [] });
    expect([...seen.problems.values()]).toEqual([
      "Rule 1, condition 1: choose at least one segment",
    ]);
    fireEvent.click(screen.getByRole("checkbox", { name: "beta-testers" }));
    expect(seen.rules[0]?.clauses[0]?.values).toEqual(["beta-testers"]);
    expect(seen.problems.size).toBe(0);
  });

  it("needs no values for `exists`", () => {
    const seen = renderEditor([rule("a", "email")]);
    fireEvent.change(screen.getByLabelText("Operator"), { target: { value: "exists" } });
    expect(seen.rules[0]?.clauses[0]).toEqual({ attribute: "email", op: "exists", values: [] });
    expect(screen.queryByLabelText("Values")).toBeNull();
    expect(seen.problems.size).toBe(0);
  });

  it("moves rules up and down (order decides), adds AND conditions and deletes rules", () => {
    const seen = renderEditor([rule("first", "a"), rule("second", "b")]);
    expect(screen.getByRole("button", { name: "Move rule 1 up" })).toHaveProperty("disabled", true);
    fireEvent.click(screen.getByRole("button", { name: "Move rule 2 up" }));
    expect(seen.rules.map((item) => item.id)).toEqual(["second", "first"]);
    fireEvent.click(screen.getByRole("button", { name: "Move rule 1 down" }));
    expect(seen.rules.map((item) => item.id)).toEqual(["first", "second"]);
    fireEvent.click(screen.getAllByRole("button", { name: "+ Add condition" })[0] as HTMLElement);
    expect(seen.rules[0]?.clauses).toHaveLength(2);
    fireEvent.click(screen.getByRole("button", { name: "Delete rule 2" }));
    expect(seen.rules.map((item) => item.id)).toEqual(["first"]);
  });

  it("serves a rollout from a rule", () => {
    const seen = renderEditor([rule("a", "plan")]);
    fireEvent.click(screen.getByRole("radio", { name: "Percentage rollout" }));
    expect(seen.rules[0]?.serve).toEqual({ rollout: { weights: [100000, 0] } });
    fireEvent.click(screen.getByRole("button", { name: "50 %" }));
    expect(seen.rules[0]?.serve).toEqual({ rollout: { weights: [50000, 50000] } });
    fireEvent.change(screen.getByLabelText("Bucket by attribute"), {
      target: { value: "companyId" },
    });
    expect(seen.rules[0]?.serve).toEqual({
      rollout: { weights: [50000, 50000], bucketBy: "companyId" },
    });
  });
});
