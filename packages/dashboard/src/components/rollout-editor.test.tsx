import { fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import type { ConfigVariation } from "../api/types.ts";
import { RolloutEditor } from "./rollout-editor.tsx";

interface HostProps {
  variations: ConfigVariation[];
  initial: number[];
  offVariation: number;
  seen: { weights: number[] };
}

function Host({ variations, initial, offVariation, seen }: HostProps) {
  const [weights, setWeights] = useState(initial);
  seen.weights = weights;
  return (
    <RolloutEditor
      id="r"
      variations={variations}
      offVariation={offVariation}
      weights={weights}
      onChange={setWeights}
    />
  );
}

function renderRollout(variations: ConfigVariation[], initial: number[], offVariation = 1) {
  const seen = { weights: initial };
  render(
    <Host variations={variations} initial={initial} offVariation={offVariation} seen={seen} />,
  );
  return seen;
}

const BOOLEAN: ConfigVariation[] = [
  { key: "on", value: true },
  { key: "off", value: false },
];

describe("the rollout slider", () => {
  it("steps 5 → 25 → 50 → 100 % with exact weights and says who gets what", () => {
    const seen = renderRollout(BOOLEAN, [0, 100000]);
    const expected: Record<string, number[]> = {
      "5 %": [5000, 95000],
      "25 %": [25000, 75000],
      "50 %": [50000, 50000],
      "100 %": [100000, 0],
    };
    for (const [step, weights] of Object.entries(expected)) {
      fireEvent.click(screen.getByRole("button", { name: step }));
      expect(seen.weights).toEqual(weights);
      expect(screen.getByRole("button", { name: step }).getAttribute("aria-pressed")).toBe("true");
      expect((screen.getByLabelText("Percentage that gets on") as HTMLInputElement).value).toBe(
        step.replace(" %", ""),
      );
    }
    fireEvent.click(screen.getByRole("button", { name: "25 %" }));
    expect(screen.getByText(/25 % of contexts get/).textContent).toContain("75 % get off");
  });

  it("takes an exact percentage with up to three decimals, and names a bad one", () => {
    const seen = renderRollout(BOOLEAN, [25000, 75000]);
    const input = screen.getByLabelText("Percentage that gets on");
    fireEvent.change(input, { target: { value: "12.345" } });
    expect(seen.weights).toEqual([12345, 87655]);
    fireEvent.change(input, { target: { value: "12.3456" } });
    expect(screen.getByRole("alert").textContent).toContain("at most three decimals");
    expect(seen.weights).toEqual([12345, 87655]);
    fireEvent.change(input, { target: { value: "101" } });
    expect(screen.getByRole("alert").textContent).toContain("cannot exceed 100");
    expect(seen.weights).toEqual([12345, 87655]);
  });

  it("moves with the range input by whole percents", () => {
    const seen = renderRollout(BOOLEAN, [0, 100000]);
    fireEvent.change(screen.getByRole("slider"), { target: { value: "33" } });
    expect(seen.weights).toEqual([33000, 67000]);
  });

  it("gives the share to the variation that is not off when none is `true`", () => {
    const seen = renderRollout(
      [
        { key: "old", value: "v1" },
        { key: "new", value: "v2" },
      ],
      [100000, 0],
      0,
    );
    fireEvent.click(screen.getByRole("button", { name: "25 %" }));
    expect(seen.weights).toEqual([75000, 25000]);
  });

  it("splits three variations exactly, rebalancing the others", () => {
    const variations: ConfigVariation[] = [
      { key: "control", value: "grey" },
      { key: "blue", value: "blue" },
      { key: "green", value: "green" },
    ];
    const seen = renderRollout(variations, [34000, 33000, 33000], 0);
    fireEvent.change(screen.getByLabelText("Share for control"), { target: { value: "50" } });
    expect(seen.weights).toEqual([50000, 25000, 25000]);
    fireEvent.click(screen.getByRole("button", { name: "Split evenly" }));
    expect(seen.weights).toEqual([33334, 33333, 33333]);
    expect((screen.getByLabelText("Share for blue") as HTMLInputElement).value).toBe("33.333");
  });
});
