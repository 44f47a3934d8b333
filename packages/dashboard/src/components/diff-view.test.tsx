import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { diffValues } from "../lib/diff.ts";
import { DiffView } from "./diff-view.tsx";

describe("the diff view", () => {
  it("shows each change with what it was and what it becomes", () => {
    const changes = diffValues(
      { enabled: false, fallthrough: { variation: 1 }, targets: [{ variation: 0, values: ["a"] }] },
      {
        enabled: true,
        fallthrough: { variation: 0 },
        targets: [{ variation: 0, values: ["a", "b"] }],
      },
    );
    render(<DiffView changes={changes} label="Changes to Production" />);
    const items = screen.getAllByRole("listitem").map((item) => item.textContent);
    expect(items).toEqual([
      "enabledchangedbefore: false → after: true",
      "fallthrough.variationchangedbefore: 1 → after: 0",
      'targets[0].valuesadded after: "b"',
    ]);
    expect(screen.getByRole("list", { name: "Changes to Production" })).toBeTruthy();
  });

  it("says when nothing changed", () => {
    render(<DiffView changes={[]} emptyText="Identical." />);
    expect(screen.getByText("Identical.")).toBeTruthy();
  });

  it("cuts long lists and counts the rest", () => {
    const keys = Array.from({ length: 250 }, (_, index) => `user-${index}`);
    render(<DiffView changes={diffValues({ included: [] }, { included: keys })} limit={10} />);
    expect(screen.getAllByRole("listitem")).toHaveLength(10);
    expect(screen.getByText("…and 240 more changes.")).toBeTruthy();
  });
});
