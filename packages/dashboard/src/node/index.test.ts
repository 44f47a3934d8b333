// @vitest-environment node
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { dashboardDist, isDashboardBuilt } from "./index.ts";

describe("where the built dashboard is", () => {
  it("names the package's dist folder (the same from src/node and from dist/node)", () => {
    expect(resolve(dashboardDist)).toBe(resolve(import.meta.dirname, "../../dist"));
  });

  it("tells a built dashboard from an empty folder", () => {
    const folder = mkdtempSync(join(tmpdir(), "dashboard-dist-"));
    try {
      expect(isDashboardBuilt(folder)).toBe(false);
      mkdirSync(join(folder, "assets"));
      writeFileSync(join(folder, "index.html"), "<!doctype html>");
      expect(isDashboardBuilt(folder)).toBe(true);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
