/**
 * The dashboard's places, as hash URLs (`#/projects/demo/flags/checkout?env=production`). A hash
 * router needs nothing from the server that serves the files, and the admin token never appears
 * in any URL: it lives in sessionStorage only.
 */

export type Route =
  | { name: "home" }
  | { name: "flags"; project: string; env?: string }
  | { name: "flag-new"; project: string; env?: string }
  | { name: "flag"; project: string; flag: string; env?: string }
  | { name: "segments"; project: string; env?: string }
  | { name: "segment-new"; project: string; env?: string }
  | { name: "segment"; project: string; segment: string; env?: string }
  | { name: "experiments"; project: string; env?: string }
  | { name: "experiment-new"; project: string; env?: string }
  | { name: "experiment"; project: string; experiment: string; env?: string }
  | { name: "audit"; project: string; env?: string; flag?: string }
  | { name: "keys"; project: string; env?: string }
  | { name: "not-found"; path: string };

export type ProjectRoute = Extract<Route, { project: string }>;
export type Section = "flags" | "segments" | "experiments" | "audit" | "keys";

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, "");
  const [pathPart = "", queryPart = ""] = raw.split("?", 2);
  const query = new URLSearchParams(queryPart);
  const segments = pathPart
    .split("/")
    .filter((segment) => segment !== "")
    .map(safeDecode);
  if (segments.length === 0) return { name: "home" };
  const [root, project, section, item, ...rest] = segments;
  if (root !== "projects" || project === undefined || rest.length > 0) return notFound(pathPart);
  const env = query.get("env") ?? undefined;
  const withEnv = <R extends object>(route: R): R & { env?: string } =>
    env ? { ...route, env } : route;
  switch (section) {
    case undefined:
    case "flags":
      if (item === undefined) return withEnv({ name: "flags", project });
      if (item === "new" && section === "flags") return withEnv({ name: "flag-new", project });
      return section === "flags"
        ? withEnv({ name: "flag", project, flag: item })
        : notFound(pathPart);
    case "segments":
      if (item === undefined) return withEnv({ name: "segments", project });
      if (item === "new") return withEnv({ name: "segment-new", project });
      return withEnv({ name: "segment", project, segment: item });
    case "experiments":
      if (item === undefined) return withEnv({ name: "experiments", project });
      if (item === "new") return withEnv({ name: "experiment-new", project });
      return withEnv({ name: "experiment", project, experiment: item });
    case "audit": {
      if (item !== undefined) return notFound(pathPart);
      const flag = query.get("flag");
      return withEnv(flag ? { name: "audit", project, flag } : { name: "audit", project });
    }
    case "keys":
      return item === undefined ? withEnv({ name: "keys", project }) : notFound(pathPart);
    default:
      return notFound(pathPart);
  }
}

export function routeHref(route: Route): string {
  if (route.name === "home") return "#/";
  if (route.name === "not-found") return `#${route.path}`;
  const base = `#/projects/${encodeURIComponent(route.project)}`;
  let path: string;
  switch (route.name) {
    case "flags":
      path = `${base}/flags`;
      break;
    case "flag-new":
      path = `${base}/flags/new`;
      break;
    case "flag":
      path = `${base}/flags/${encodeURIComponent(route.flag)}`;
      break;
    case "segments":
      path = `${base}/segments`;
      break;
    case "segment-new":
      path = `${base}/segments/new`;
      break;
    case "segment":
      path = `${base}/segments/${encodeURIComponent(route.segment)}`;
      break;
    case "experiments":
      path = `${base}/experiments`;
      break;
    case "experiment-new":
      path = `${base}/experiments/new`;
      break;
    case "experiment":
      path = `${base}/experiments/${encodeURIComponent(route.experiment)}`;
      break;
    case "audit":
      path = `${base}/audit`;
      break;
    case "keys":
      path = `${base}/keys`;
      break;
  }
  const query = new URLSearchParams();
  if (route.env) query.set("env", route.env);
  if (route.name === "audit" && route.flag) query.set("flag", route.flag);
  const text = query.toString();
  return text === "" ? path : `${path}?${text}`;
}

export function sectionOf(route: Route): Section | undefined {
  switch (route.name) {
    case "flags":
    case "flag":
    case "flag-new":
      return "flags";
    case "segments":
    case "segment":
    case "segment-new":
      return "segments";
    case "experiments":
    case "experiment":
    case "experiment-new":
      return "experiments";
    case "audit":
      return "audit";
    case "keys":
      return "keys";
    default:
      return undefined;
  }
}

function notFound(path: string): Route {
  return { name: "not-found", path: `/${path.replace(/^\//, "")}` };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
