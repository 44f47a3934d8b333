/**
 * The typed admin API client the pages use. Every write sends `If-Match` when the caller passes
 * the version it read (the server answers 412 when someone else saved first) and an
 * `Idempotency-Key` (see http.ts). Reads that page with cursors are gathered by `allPages`.
 */
import type { OpenApiDocument } from "./capabilities.ts";
import { type ChangeStreamHandlers, followChanges } from "./change-stream.ts";
import type { ExperimentResults } from "./experiment-results.ts";
import { createHttp, type Http, type HttpOptions, type QueryValue } from "./http.ts";
import type {
  ApiKey,
  ApiKeyKind,
  AuditEntry,
  ConfigVariation,
  CreatedApiKey,
  Environment,
  Experiment,
  FlagConfig,
  FlagDocument,
  FlagSettings,
  FlagSummary,
  FlagVersion,
  Metric,
  Page,
  Project,
  Role,
  Segment,
  SegmentRule,
} from "./types.ts";

export interface FlagListQuery {
  q?: string;
  tag?: string;
  archived?: boolean;
  environment?: string;
  enabled?: boolean;
  limit?: number;
  cursor?: string;
}

export interface NewFlag {
  key: string;
  name?: string;
  description?: string;
  tags?: string[];
  clientSide?: boolean;
  /** Absent: a boolean flag (`on` = true, `off` = false). */
  variations?: ConfigVariation[];
  offVariation?: number;
  comment?: string;
}

export interface FlagMetadataChange {
  name?: string;
  description?: string;
  tags?: string[];
  clientSide?: boolean;
  comment?: string;
}

export type FlagSettingsChange = Partial<FlagSettings> & { comment?: string };

export interface SegmentFields {
  name?: string;
  description?: string;
  included?: string[];
  excluded?: string[];
  rules?: SegmentRule[];
  comment?: string;
}

export interface NewExperiment {
  key: string;
  name?: string;
  hypothesis?: string;
  flag: string;
  environment: string;
  /** Issue 6's fields: sent only when given (servers before it refuse unknown fields). */
  controlVariation?: string;
  primaryMetric?: Metric;
  secondaryMetrics?: Metric[];
  comment?: string;
}

/** An admin token (a role, optionally limited to one project) or an SDK key (one environment). */
export type NewApiKey =
  | { kind: "admin"; name: string; role: Role; project?: string; comment?: string }
  | {
      kind: "server" | "client";
      name: string;
      project: string;
      environment: string;
      comment?: string;
    };

export interface AuditQuery {
  project?: string;
  environment?: string;
  flag?: string;
  actor?: string;
  action?: string;
  resourceType?: string;
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
}

export interface Versioned<T> {
  data: T;
  /** The version from the ETag header (for the next If-Match). */
  etag: string | null;
}

export type ApiClient = ReturnType<typeof createApiClient>;

export function createApiClient(options: HttpOptions) {
  const http: Http = createHttp(options);
  const get = async <T>(path: string, query?: Record<string, QueryValue>, signal?: AbortSignal) =>
    (await http.request<T>({ method: "GET", path, query: query ?? {}, signal })).data;
  const write = async <T>(
    method: "POST" | "PUT" | "PATCH" | "DELETE",
    path: string,
    body: unknown,
    ifMatch?: number,
  ) => (await http.request<T>({ method, path, body, ifMatch })).data;

  const project = (key: string) => `/api/v1/projects/${encodeURIComponent(key)}`;
  const environment = (projectKey: string, environmentKey: string) =>
    `${project(projectKey)}/environments/${encodeURIComponent(environmentKey)}`;
  const flag = (projectKey: string, flagKey: string) =>
    `${project(projectKey)}/flags/${encodeURIComponent(flagKey)}`;
  const flagConfig = (projectKey: string, environmentKey: string, flagKey: string) =>
    `${environment(projectKey, environmentKey)}/flags/${encodeURIComponent(flagKey)}`;
  const segment = (projectKey: string, environmentKey: string, segmentKey: string) =>
    `${environment(projectKey, environmentKey)}/segments/${encodeURIComponent(segmentKey)}`;
  const experiment = (projectKey: string, experimentKey: string) =>
    `${project(projectKey)}/experiments/${encodeURIComponent(experimentKey)}`;

  return {
    http,

    projects: {
      list: (query: { q?: string; limit?: number; cursor?: string } = {}) =>
        get<Page<Project>>("/api/v1/projects", { ...query }),
      get: (key: string, signal?: AbortSignal) => get<Project>(project(key), undefined, signal),
      /** The project with an ETag, for polling with If-None-Match. */
      getIfChanged: async (key: string, etag: string | undefined, signal?: AbortSignal) => {
        const response = await http.request<Project>({
          method: "GET",
          path: project(key),
          ifNoneMatch: etag,
          signal,
        });
        return response.status === 304 ? undefined : { data: response.data, etag: response.etag };
      },
      create: (body: { key: string; name?: string; description?: string }) =>
        write<Project>("POST", "/api/v1/projects", body),
    },

    environments: {
      list: (projectKey: string) =>
        get<{ items: Environment[] }>(`${project(projectKey)}/environments`),
      /** The environment's flag document exactly as server-side SDKs get it. */
      document: (projectKey: string, environmentKey: string, signal?: AbortSignal) =>
        get<FlagDocument>(`${environment(projectKey, environmentKey)}/document`, undefined, signal),
    },

    flags: {
      list: (projectKey: string, query: FlagListQuery = {}, signal?: AbortSignal) =>
        get<Page<FlagSummary>>(`${project(projectKey)}/flags`, { ...query }, signal),
      get: (projectKey: string, flagKey: string) => get<FlagSummary>(flag(projectKey, flagKey)),
      create: (projectKey: string, body: NewFlag) =>
        write<FlagSummary>("POST", `${project(projectKey)}/flags`, body),
      update: (projectKey: string, flagKey: string, version: number, body: FlagMetadataChange) =>
        write<FlagSummary>("PATCH", flag(projectKey, flagKey), body, version),
      archive: (projectKey: string, flagKey: string, version: number, archived: boolean) =>
        write<FlagSummary>(
          "POST",
          `${flag(projectKey, flagKey)}/${archived ? "archive" : "unarchive"}`,
          {},
          version,
        ),
      remove: (projectKey: string, flagKey: string, version: number) =>
        write<void>("DELETE", flag(projectKey, flagKey), {}, version),
      copy: (
        projectKey: string,
        flagKey: string,
        from: string,
        to: string,
        targetVersion: number,
      ) =>
        write<FlagConfig>("POST", `${flag(projectKey, flagKey)}/copy`, { from, to }, targetVersion),
    },

    flagConfigs: {
      get: (projectKey: string, environmentKey: string, flagKey: string, signal?: AbortSignal) =>
        get<FlagConfig>(flagConfig(projectKey, environmentKey, flagKey), undefined, signal),
      update: (
        projectKey: string,
        environmentKey: string,
        flagKey: string,
        version: number,
        change: FlagSettingsChange,
      ) =>
        write<FlagConfig>(
          "PATCH",
          flagConfig(projectKey, environmentKey, flagKey),
          change,
          version,
        ),
      toggle: (
        projectKey: string,
        environmentKey: string,
        flagKey: string,
        version: number,
        enabled: boolean,
        comment?: string,
      ) =>
        write<FlagConfig>(
          "POST",
          `${flagConfig(projectKey, environmentKey, flagKey)}/toggle`,
          comment ? { enabled, comment } : { enabled },
          version,
        ),
      versions: (
        projectKey: string,
        environmentKey: string,
        flagKey: string,
        query: { limit?: number; cursor?: string } = {},
      ) =>
        get<Page<FlagVersion>>(`${flagConfig(projectKey, environmentKey, flagKey)}/versions`, {
          ...query,
        }),
      version: (projectKey: string, environmentKey: string, flagKey: string, version: number) =>
        get<FlagVersion>(`${flagConfig(projectKey, environmentKey, flagKey)}/versions/${version}`),
      rollback: (
        projectKey: string,
        environmentKey: string,
        flagKey: string,
        toVersion: number,
        currentVersion?: number,
        comment?: string,
      ) =>
        write<FlagConfig>(
          "POST",
          `${flagConfig(projectKey, environmentKey, flagKey)}/rollback`,
          comment ? { toVersion, comment } : { toVersion },
          currentVersion,
        ),
    },

    segments: {
      list: (
        projectKey: string,
        environmentKey: string,
        query: { limit?: number; cursor?: string; q?: string } = {},
      ) => get<Page<Segment>>(`${environment(projectKey, environmentKey)}/segments`, { ...query }),
      get: (projectKey: string, environmentKey: string, segmentKey: string) =>
        get<Segment>(segment(projectKey, environmentKey, segmentKey)),
      create: (projectKey: string, environmentKey: string, body: SegmentFields & { key: string }) =>
        write<Segment>("POST", `${environment(projectKey, environmentKey)}/segments`, body),
      update: (
        projectKey: string,
        environmentKey: string,
        segmentKey: string,
        version: number,
        body: SegmentFields,
      ) => write<Segment>("PATCH", segment(projectKey, environmentKey, segmentKey), body, version),
      remove: (projectKey: string, environmentKey: string, segmentKey: string, version: number) =>
        write<void>("DELETE", segment(projectKey, environmentKey, segmentKey), {}, version),
    },

    experiments: {
      list: (
        projectKey: string,
        query: {
          limit?: number;
          cursor?: string;
          status?: string;
          environment?: string;
          flag?: string;
        } = {},
      ) => get<Page<Experiment>>(`${project(projectKey)}/experiments`, { ...query }),
      get: (projectKey: string, experimentKey: string) =>
        get<Experiment>(experiment(projectKey, experimentKey)),
      create: (projectKey: string, body: NewExperiment) =>
        write<Experiment>("POST", `${project(projectKey)}/experiments`, body),
      start: (projectKey: string, experimentKey: string, version: number) =>
        write<Experiment>("POST", `${experiment(projectKey, experimentKey)}/start`, {}, version),
      stop: (projectKey: string, experimentKey: string, version: number) =>
        write<Experiment>("POST", `${experiment(projectKey, experimentKey)}/stop`, {}, version),
      results: (projectKey: string, experimentKey: string) =>
        get<ExperimentResults>(`${experiment(projectKey, experimentKey)}/results`),
    },

    keys: {
      list: (
        query: {
          project?: string;
          environment?: string;
          kind?: ApiKeyKind;
          includeRevoked?: boolean;
          limit?: number;
          cursor?: string;
        } = {},
      ) => get<Page<ApiKey>>("/api/v1/keys", { ...query }),
      /** The answer holds the key's secret: shown once, never again. */
      create: (body: NewApiKey) => write<CreatedApiKey>("POST", "/api/v1/keys", body),
      revoke: (id: string, comment?: string) =>
        write<ApiKey>(
          "DELETE",
          `/api/v1/keys/${encodeURIComponent(id)}`,
          comment ? { comment } : {},
        ),
      rotate: (id: string, gracePeriodSeconds?: number) =>
        write<CreatedApiKey>(
          "POST",
          `/api/v1/keys/${encodeURIComponent(id)}/rotate`,
          gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds },
        ),
    },

    /** The server's OpenAPI document: what it accepts (see capabilities.ts). */
    openApi: () => get<OpenApiDocument>("/api/openapi.json"),

    /** The signed-in token: its name, role and project. */
    me: () => get<{ id: string; name: string; role: Role; project: string | null }>("/api/v1/me"),

    audit: {
      list: (query: AuditQuery = {}, signal?: AbortSignal) =>
        get<Page<AuditEntry>>("/api/v1/audit", { ...query }, signal),
    },

    /** Every committed write, live (see change-stream.ts); settles when the stream ends. */
    changes: {
      follow: (handlers: ChangeStreamHandlers) => followChanges(options, handlers),
    },
  };
}

/** Follows `nextCursor` until the last page (lists the dashboard filters locally, e.g. flags). */
export async function allPages<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  maxPages = 200,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const result = await fetchPage(cursor);
    items.push(...result.items);
    if (result.nextCursor === null) return items;
    cursor = result.nextCursor;
  }
  return items;
}
