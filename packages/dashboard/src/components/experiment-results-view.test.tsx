import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { ExperimentResults } from "../api/experiment-results.ts";
import { ExperimentResultsView } from "./experiment-results-view.tsx";

/** An A/B/C result in the server's shape (issue 6); the numbers only need to be consistent. */
function results(srmMismatch: boolean): ExperimentResults {
  const comparison = (
    relativeLift: number,
    interval: [number, number],
    pValue: number,
    adjustedPValue: number,
    chanceToBeatControl: number,
    text: string,
  ) => ({
    absoluteLift: relativeLift * 0.0998,
    absoluteLiftInterval: [interval[0] * 0.0998, interval[1] * 0.0998] as [number, number],
    relativeLift,
    relativeLiftInterval: interval,
    pValue,
    adjustedPValue,
    chanceToBeatControl,
    expectedLoss: 0.0001,
    verdict: { outcome: "winner" as const, text },
  });
  return {
    experiment: {
      key: "checkout-button-test",
      project: "demo",
      flag: "checkout-button",
      environment: "production",
      status: "running",
      hypothesis: "",
      startedAt: "2026-11-20T10:00:00.000Z",
      stoppedAt: null,
    },
    generatedAt: "2026-11-25T10:00:00.000Z",
    controlVariation: "control",
    alpha: 0.05,
    variations: [
      { key: "control", control: true, weight: 34000, exposed: srmMismatch ? 1500 : 1012 },
      { key: "blue", control: false, weight: 33000, exposed: 995 },
      { key: "green", control: false, weight: 33000, exposed: 993 },
    ],
    sampleRatio: {
      chiSquare: srmMismatch ? 31.4 : 0.42,
      degreesOfFreedom: 2,
      pValue: srmMismatch ? 0.00001 : 0.81,
      mismatch: srmMismatch,
    },
    health: {
      excludedContexts: 3,
      conversionsBeforeExposure: 0,
      forcedChanges: 0,
      warnings: [
        ...(srmMismatch
          ? ["sample-ratio mismatch: exposed counts control 1500, blue 995, green 993 do not fit"]
          : []),
        "3 context(s) were exposed to more than one variation and are excluded from every count",
      ],
    },
    verdict: {
      outcome: "winner",
      text: "green beats control on checkout-completed: +48.1 % (95 % CI +21.0 % … +75.2 %)",
    },
    metrics: [
      {
        eventKey: "checkout-completed",
        kind: "binomial",
        primary: true,
        variations: [
          {
            variation: "control",
            control: true,
            exposed: 1012,
            converting: 101,
            sum: 0,
            estimate: 0.0998,
            interval: [0.0828, 0.1198],
            comparison: null,
          },
          {
            variation: "blue",
            control: false,
            exposed: 995,
            converting: 119,
            sum: 0,
            estimate: 0.1196,
            interval: [0.1007, 0.1415],
            comparison: {
              ...comparison(0.198, [-0.05, 0.446], 0.157, 0.157, 0.921, "no clear difference"),
              verdict: { outcome: "inconclusive", text: "blue: no clear difference yet" },
            },
          },
          {
            variation: "green",
            control: false,
            exposed: 993,
            converting: 147,
            sum: 0,
            estimate: 0.148,
            interval: [0.1274, 0.1713],
            comparison: comparison(
              0.481,
              [0.21, 0.752],
              0.0008,
              0.0016,
              0.999,
              "green beats control",
            ),
          },
        ],
      },
      {
        eventKey: "order-value",
        kind: "value",
        primary: false,
        variations: [
          {
            variation: "control",
            control: true,
            exposed: 1012,
            converting: 90,
            sum: 5060,
            estimate: 5,
            interval: [4.2, 5.8],
            comparison: null,
          },
          {
            variation: "blue",
            control: false,
            exposed: 995,
            converting: 2,
            sum: 12,
            estimate: 0.012,
            interval: null,
            comparison: {
              absoluteLift: -4.988,
              absoluteLiftInterval: null,
              relativeLift: null,
              relativeLiftInterval: null,
              pValue: 0.5,
              adjustedPValue: 0.5,
              chanceToBeatControl: null,
              expectedLoss: null,
              verdict: { outcome: "insufficient-data", text: "too few conversions to tell" },
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
    expect(
      within(screen.getByRole("list", { name: "Warnings about these results" })).getByText(
        /exposed to more than one variation/,
      ),
    ).toBeTruthy();

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
    // Two charts: 3 + 2 points; "blue" has no value interval yet (too little data).
    expect(container.querySelectorAll("line.ci")).toHaveLength(4);
    expect(container.querySelectorAll("circle.point")).toHaveLength(5);
    const control = container.querySelector("line.control-line");
    const controlPoint = container.querySelectorAll("circle.point")[0];
    expect(control?.getAttribute("x1")).toBe(controlPoint?.getAttribute("cx"));
    // Each interval spans low → high around its point.
    const firstChart = container.querySelectorAll("svg.interval-chart")[0] as Element;
    for (const [index, line] of [...firstChart.querySelectorAll("line.ci")].entries()) {
      const point = Number(firstChart.querySelectorAll("circle.point")[index]?.getAttribute("cx"));
      expect(Number(line.getAttribute("x1"))).toBeLessThan(point);
      expect(Number(line.getAttribute("x2"))).toBeGreaterThan(point);
    }
  });

  it("warns about a sample-ratio mismatch", () => {
    render(<ExperimentResultsView results={results(true)} />);
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain("Sample-ratio mismatch");
    expect(alert.textContent).toContain("χ² = 31.40, p < 0.001");
    // Observed against configured shares: control has 1500 of 3488 exposures, configured 34 %.
    expect(within(alert).getByRole("list").textContent).toContain(
      "control: 43.0 % of exposures, configured 34.0 %",
    );
    // The mismatch is not repeated among the other warnings.
    expect(
      within(screen.getByRole("list", { name: "Warnings about these results" })).queryByText(
        /sample-ratio/,
      ),
    ).toBeNull();
  });

  it("shows value metrics with means, the absolute lift when no relative one exists, and gaps plainly", () => {
    render(<ExperimentResultsView results={results(false)} />);
    const rows = within(
      screen.getByRole("table", { name: "order-value by variation" }),
    ).getAllByRole("row");
    const cells = (index: number) =>
      within(rows[index] as HTMLElement)
        .getAllByRole("cell")
        .map((cell) => cell.textContent);
    expect(cells(1)).toEqual(["1,012", "5060.00", "5.00 (4.20 … 5.80)", "—", "—", "—"]);
    expect(cells(2)).toEqual(["995", "12.00", "0.01 (no interval yet)", "−4.99", "0.500", "—"]);
    expect(
      within(screen.getByRole("list", { name: "order-value: verdict per variation" })).getByText(
        /too few conversions/,
      ),
    ).toBeTruthy();
  });
});
