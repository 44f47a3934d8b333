/**
 * The mission's data set through the admin API: 500 projects (each with development, staging
 * and production) holding 10,000 flags in all — project "big" has 200 flags, the other 499
 * share the remaining 9,800 (19 or 20 each). In the two projects the benchmarks read ("big" and
 * "p-001") every second flag is switched on in production with a rule and a 50/50 rollout, as in
 * the other projects every fifth one, so the documents are realistic rather than empty.
 */
import { ADMIN_TOKEN } from "./server-process.mjs";

export const PROJECT_COUNT = 500;
export const FLAG_COUNT = 10_000;
export const BIG_PROJECT = "big";
export const BIG_PROJECT_FLAGS = 200;
/** The measured 20-flag project. */
export const SMALL_PROJECT = "p-001";

/** Every project's key and flag count. */
export function projectPlan() {
  const others = PROJECT_COUNT - 1;
  const rest = FLAG_COUNT - BIG_PROJECT_FLAGS;
  const base = Math.floor(rest / others);
  const extra = rest - base * others;
  const plan = [{ key: BIG_PROJECT, flags: BIG_PROJECT_FLAGS }];
  // The first `extra` projects get one more flag: p-001 is one of them (20 flags).
  for (let i = 1; i <= others; i += 1) {
    plan.push({ key: `p-${String(i).padStart(3, "0")}`, flags: base + (i <= extra ? 1 : 0) });
  }
  return plan;
}

/** An admin API call; throws with the answer when it is not a success. */
export async function admin(baseUrl, method, path, body) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${ADMIN_TOKEN}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

const targetedConfig = {
  enabled: true,
  rules: [
    {
      id: "europe",
      clauses: [{ attribute: "country", op: "in", values: ["DE", "FR", "NL", "ES", "IT"] }],
      serve: { variation: 0 },
    },
  ],
  fallthrough: { rollout: { weights: [50000, 50000] } },
};

async function seedProject(baseUrl, { key, flags }) {
  await admin(baseUrl, "POST", "/api/v1/projects", { key, name: `Project ${key}` });
  const measured = key === BIG_PROJECT || key === SMALL_PROJECT;
  for (let i = 0; i < flags; i += 1) {
    const flag = `flag-${String(i).padStart(3, "0")}`;
    await admin(baseUrl, "POST", `/api/v1/projects/${key}/flags`, {
      key: flag,
      clientSide: i % 3 === 0,
    });
    if (i % (measured ? 2 : 5) === 0) {
      await admin(
        baseUrl,
        "PATCH",
        `/api/v1/projects/${key}/environments/production/flags/${flag}`,
        targetedConfig,
      );
    }
  }
}

/**
 * Seeds through `baseUrl`, `concurrency` projects at a time (writes to one project are
 * serialised by its environments' versions; different projects proceed in parallel).
 * Returns the server SDK keys of the measured environments and the seeding time.
 */
export async function seed(baseUrl, concurrency = 8) {
  const started = performance.now();
  const queue = projectPlan();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await seedProject(baseUrl, next);
    }),
  );
  const key = async (project) =>
    (
      await admin(baseUrl, "POST", "/api/v1/keys", {
        kind: "server",
        name: "bench",
        project,
        environment: "production",
      })
    ).secret;
  return {
    smallKey: await key(SMALL_PROJECT),
    bigKey: await key(BIG_PROJECT),
    seconds: (performance.now() - started) / 1000,
  };
}
