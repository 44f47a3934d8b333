/**
 * The universal entry runs in browsers, Deno and workers: nothing reachable from src/index.ts may
 * import a Node built-in. Only src/node.ts adds the file source and the file cache.
 */
import "./support/no-unhandled-rejections.js";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { expect, it } from "vitest";

/** Every module reachable from `entry` through relative imports, with what each imports. */
function importGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (graph.has(file)) continue;
    const source = readFileSync(file, "utf8");
    const specifiers = [...source.matchAll(/(?:import|export)[^"']*?from\s+["']([^"']+)["']/g)].map(
      (match) => match[1] ?? "",
    );
    graph.set(file, specifiers);
    for (const specifier of specifiers) {
      if (specifier.startsWith("."))
        pending.push(resolve(dirname(file), specifier.replace(/\.js$/, ".ts")));
    }
  }
  return graph;
}

const src = resolve(import.meta.dirname, "../src");

it("keeps Node built-ins out of the universal entry", () => {
  const graph = importGraph(resolve(src, "index.ts"));
  expect(graph.size).toBeGreaterThan(10);
  const offenders = [...graph].flatMap(([file, specifiers]) =>
    specifiers.filter((s) => s.startsWith("node:")).map((s) => `${file} imports ${s}`),
  );
  expect(offenders).toEqual([]);
});

it("gives the Node entry the file source and file cache", () => {
  const graph = importGraph(resolve(src, "node.ts"));
  expect(graph.has(resolve(src, "sources/file.ts"))).toBe(true);
  expect(graph.has(resolve(src, "file-cache.ts"))).toBe(true);
});
