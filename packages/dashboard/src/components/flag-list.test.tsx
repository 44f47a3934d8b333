import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Environment, FlagSummary } from "../api/types.ts";
import { FlagList } from "./flag-list.tsx";

const environment = (key: string, position: number): Environment => ({
  key,
  name: key[0]?.toUpperCase() + key.slice(1),
  position,
  documentVersion: 1,
  version: 1,
  createdAt: "2025-01-01T00:00:00Z",
  updatedAt: "2025-01-01T00:00:00Z",
});

const ENVIRONMENTS = [environment("development", 0), environment("production", 1)];

const flags: FlagSummary[] = Array.from({ length: 1000 }, (_, index) => ({
  key: `flag-${String(index).padStart(4, "0")}`,
  name: `Flag ${index}`,
  description: "",
  tags: index % 2 ? ["odd"] : ["even"],
  clientSide: false,
  archived: false,
  version: 1,
  createdAt: "2025-01-01T00:00:00Z",
  updatedAt: "2025-01-01T00:00:00Z",
  environments: {
    development: { enabled: true, version: 1 },
    production: { enabled: index % 3 === 0, version: 1 },
  },
}));

describe("the windowed flag list", () => {
  it("puts only the visible rows (and a margin) in the DOM, announcing the full count", () => {
    let rendered = 0;
    render(
      <FlagList
        flags={flags}
        project="p"
        environment="production"
        environments={ENVIRONMENTS}
        scrollResetKey=""
        onRendered={() => rendered++}
      />,
    );
    const rows = screen
      .getAllByRole("listitem")
      .filter((item) => item.classList.contains("flag-row"));
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(60);
    expect(rows[0]?.getAttribute("aria-setsize")).toBe("1000");
    expect(rows[0]?.getAttribute("aria-posinset")).toBe("1");
    expect(screen.getByRole("link", { name: "flag-0000" }).getAttribute("href")).toBe(
      "#/projects/p/flags/flag-0000?env=production",
    );
    expect(screen.getByRole("list", { name: "flag-0000 by environment" }).textContent).toContain(
      "Production: on",
    );
    expect(screen.getByRole("list", { name: "flag-0001 by environment" }).textContent).toContain(
      "Production: off",
    );
    expect(rendered).toBe(1);
  });

  it("renders the rows scrolled to", () => {
    render(
      <FlagList
        flags={flags}
        project="p"
        environment="production"
        environments={ENVIRONMENTS}
        scrollResetKey=""
      />,
    );
    const container = screen.getByTestId("flag-list");
    container.scrollTop = 64 * 500;
    fireEvent.scroll(container);
    expect(screen.queryByRole("link", { name: "flag-0000" })).toBeNull();
    expect(screen.getByRole("link", { name: "flag-0500" })).toBeTruthy();
    const row = screen.getByRole("link", { name: "flag-0500" }).closest("li");
    expect(row?.getAttribute("aria-posinset")).toBe("501");
    expect(row?.style.top).toBe(`${64 * 500}px`);
  });

  it("says when nothing matches", () => {
    render(
      <FlagList
        flags={[]}
        project="p"
        environment="production"
        environments={ENVIRONMENTS}
        scrollResetKey=""
      />,
    );
    expect(screen.getByText("No flags match.")).toBeTruthy();
  });
});
