import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { FlagSettings } from "../api/types.ts";
import { ConflictDialog } from "./conflict-dialog.tsx";

const base: FlagSettings = {
  enabled: true,
  variations: [
    { key: "on", value: true },
    { key: "off", value: false },
  ],
  offVariation: 1,
  prerequisites: [],
  targets: [],
  rules: [],
  fallthrough: { rollout: { weights: [5000, 95000] } },
  salt: null,
};

describe("the 412 conflict dialog", () => {
  it("shows their change and mine, and re-applies mine on theirs without losing either", () => {
    const theirs: FlagSettings = { ...base, targets: [{ variation: 0, values: ["vip"] }] };
    const mine: FlagSettings = { ...base, fallthrough: { rollout: { weights: [25000, 75000] } } };
    let merged: FlagSettings | undefined;
    render(
      <ConflictDialog
        subject="this flag"
        base={base}
        baseVersion={7}
        mine={mine}
        theirs={theirs}
        theirsVersion={9}
        onReapply={(value) => {
          merged = value;
        }}
        onDiscard={() => {}}
        onCancel={() => {}}
      />,
    );
    expect(screen.getByRole("heading", { name: "Someone else changed this flag" })).toBeTruthy();
    expect(screen.getByRole("list", { name: "Their changes" }).textContent).toContain('"vip"');
    expect(screen.getByRole("list", { name: "Your changes" }).textContent).toContain("25000");
    expect(
      screen.getByText("Your changes and theirs do not overlap: re-applying keeps both."),
    ).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Re-apply my changes on version 9" }));
    expect(merged).toEqual({
      ...base,
      targets: [{ variation: 0, values: ["vip"] }],
      fallthrough: { rollout: { weights: [25000, 75000] } },
    });
  });

  it("names what both changed differently", () => {
    const theirs: FlagSettings = { ...base, offVariation: 0 };
    const mine: FlagSettings = { ...base, offVariation: 1, enabled: false };
    const both: FlagSettings = { ...base, fallthrough: { variation: 0 } };
    render(
      <ConflictDialog
        subject="this flag"
        base={base}
        baseVersion={1}
        mine={{ ...mine, fallthrough: { variation: 1 } }}
        theirs={{ ...theirs, ...both }}
        theirsVersion={2}
        onReapply={() => {}}
        onDiscard={() => {}}
        onCancel={() => {}}
      />,
    );
    expect(screen.getByRole("status").textContent).toContain(
      "You both changed fallthrough.variation",
    );
  });
});
