import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { ExperimentResults } from "../api/experiment-results.ts";
import { ExperimentResultsView } from "./experiment-results-view.tsx";

/** An A/B/C result in the documented shape (issue 6); the numbers only need to be consistent. */
function results(srmMismatch: boolean): ExperimentResults {
  return {
    experiment: "checkout-button-test",
    control: "control",
    verdict:
      "green beats control on checkout-completed: +48.1 % (95 % CI +21.0 % … +75.2 %), p < 0.001, 99.9 % chance to beat control",
    srm: {
      chiSquare: srmMismatch ? 31.4 : 0.42,
      pValue: srmMismatch ? 0.00001 : 0.81,
      mismatch: srmMismatch,
    },
    multipleExposures: 3,
    metrics: [
      {
        eventKey: "checkout-completed",
        kind: "binomial",
        primary: true,
        variations: [
          {
            variation: "control",
            exposed: 1012,
            converted: 101,
            rate: 0.0998,
            interval: [0.0828, 0.1198],
          },
          {
            variation: "blue",
            exposed: 995,
            converted: 119,
            rate: 0.1196,
            interval: [0.1007, 0.1415],
            comparison: {
              absoluteLift: 0.0198,
              relativeLift: 0.198,
              relativeLiftInterval: [-0.05, 0.446],
              pValue: 0.157,
              chanceToBeatControl: 0.921,
            },
          },
          {
            variation: "green",
            exposed: 993,
            converted: 147,
            rate: 0.148,
            interval: [0.1274, 0.1713],
            comparison: {
              absoluteLift: 0.0482,
              relativeLift: 0.481,
              relativeLiftInterval: [0.21, 0.752],
              pValue: 0.0008,
              adjustedPValue: 0.0016,
              chanceToBeatControl: 0.999,
            },
          },
        ],
      },
    ],
  };
}

describe("experiment results", () => {
  it("shows the verdict, each variation's rate with its interval, lift, p-value and chance to beat control", () => {
    render(<ExperimentResultsView results={results(false)} />);
    expect(screen.getByTestId("experiment-verdict").textContent).toContain("green beats control");
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.getByText(/3 contexts saw more than one variation/)).toBeTruthy();

    const rows = within(
      screen.getByRole("table", { name: "checkout-completed by variation" }),
    ).getAllByRole("row");
    const cells = (index: number) =>
      within(rows[index] as HTMLElement)
        .getAllByRole("cell")
        .map((cell) => cell.textContent);
    expect(rows[1]?.textContent).toContain("(control)");
    expect(cells(1)).toEqual(["1,012", "101", "10.0 % (8.3 % … 12.0 %)", "—", "—", "—"]);
    expect(cells(3)).toEqual([
      "993",
      "147",
      "14.8 % (12.7 % … 17.1 %)",
      "+48.1 % (+21.0 % … +75.2 %)",
      "0.002",
      "99.9 %",
    ]);
  });

  it("draws every interval in an SVG chart with a line at control's rate", () => {
    const { container } = render(<ExperimentResultsView results={results(false)} />);
    const chart = screen.getByRole("img", {
      name: /checkout-completed: conversion rate by variation/,
    });
    expect(chart.getAttribute("aria-label")).toContain(
      "green: 14.8 % (95 % interval 12.7 % to 17.1 %)",
    );
    expect(container.querySelectorAll("line.ci")).toHaveLength(3);
    expect(container.querySelectorAll("circle.point")).toHaveLength(3);
    const control = container.querySelector("line.control-line");
    const controlPoint = container.querySelectorAll("circle.point")[0];
    expect(control?.getAttribute("x1")).toBe(controlPoint?.getAttribute("cx"));
    // Each interval spans low → high around its point.
    for (const [index, line] of [...container.querySelectorAll("line.ci")].entries()) {
      const point = Number(container.querySelectorAll("circle.point")[index]?.getAttribute("cx"));
      expect(Number(line.getAttribute("x1"))).toBeLessThan(point);
      expect(Number(line.getAttribute("x2"))).toBeGreaterThan(point);
    }
  });

  it("warns about a sample-ratio mismatch", () => {
    render(<ExperimentResultsView results={results(true)} />);
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain("Sample-ratio mismatch");
    expect(alert.textContent).toContain("χ² = 31.40, p < 0.001");
  });
});
