import { describe, expect, it } from "vitest";
import { parseRoute, type Route, routeHref } from "./route.ts";

describe("hash routes", () => {
  it.each<[string, Route]>([
    ["", { name: "home" }],
    ["#/", { name: "home" }],
    ["#/projects/demo", { name: "flags", project: "demo" }],
    ["#/projects/demo/flags?env=production", { name: "flags", project: "demo", env: "production" }],
    ["#/projects/demo/flags/new", { name: "flag-new", project: "demo" }],
    [
      "#/projects/demo/flags/new-checkout?env=staging",
      { name: "flag", project: "demo", flag: "new-checkout", env: "staging" },
    ],
    [
      "#/projects/demo/segments/beta%20testers",
      { name: "segment", project: "demo", segment: "beta testers" },
    ],
    ["#/projects/demo/experiments/ab", { name: "experiment", project: "demo", experiment: "ab" }],
    [
      "#/projects/demo/audit?flag=x&env=production",
      { name: "audit", project: "demo", flag: "x", env: "production" },
    ],
    ["#/projects/demo/keys", { name: "keys", project: "demo" }],
    ["#/projects/demo/nowhere", { name: "not-found", path: "/projects/demo/nowhere" }],
    ["#/elsewhere", { name: "not-found", path: "/elsewhere" }],
  ])("%s", (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it("round-trips every route through its href", () => {
    const routes: Route[] = [
      { name: "flags", project: "p", env: "production" },
      { name: "flag", project: "my project", flag: "a/b", env: "dev" },
      { name: "segment-new", project: "p" },
      { name: "experiment-new", project: "p", env: "staging" },
      { name: "audit", project: "p", flag: "f" },
    ];
    for (const route of routes) expect(parseRoute(routeHref(route))).toEqual(route);
  });
});
