/**
 * Semantic versions (SemVer 2.0.0 precedence) for the `semver*` operators. A missing minor or
 * patch counts as 0 ("2.1" = "2.1.0"); build metadata is ignored. Numeric parts are kept as
 * digit strings and compared by length, then digit by digit, so any size compares exactly in
 * every SDK language.
 */

export interface SemanticVersion {
  readonly core: readonly [string, string, string];
  /** Dot-separated prerelease identifiers; empty for a release. */
  readonly prerelease: readonly string[];
}

const SEMVER =
  /^(0|[1-9]\d*)(?:\.(0|[1-9]\d*))?(?:\.(0|[1-9]\d*))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;
const NUMERIC = /^\d+$/;

/** The parsed version, or `undefined` when `text` is not one. */
export function parseSemver(text: string): SemanticVersion | undefined {
  const match = SEMVER.exec(text);
  if (!match) return undefined;
  const prerelease = match[4] === undefined ? [] : match[4].split(".");
  for (const identifier of prerelease) {
    if (NUMERIC.test(identifier) && identifier.length > 1 && identifier[0] === "0")
      return undefined;
  }
  return { core: [match[1] as string, match[2] ?? "0", match[3] ?? "0"], prerelease };
}

/** Negative, zero or positive as `a` sorts before, equal to, or after `b`. */
export function compareSemver(a: SemanticVersion, b: SemanticVersion): number {
  for (let i = 0; i < 3; i++) {
    const order = compareDigits(a.core[i] as string, b.core[i] as string);
    if (order !== 0) return order;
  }
  if (a.prerelease.length === 0 || b.prerelease.length === 0) {
    return b.prerelease.length - a.prerelease.length; // a release sorts after its prereleases
  }
  const shared = Math.min(a.prerelease.length, b.prerelease.length);
  for (let i = 0; i < shared; i++) {
    const order = compareIdentifier(a.prerelease[i] as string, b.prerelease[i] as string);
    if (order !== 0) return order;
  }
  return a.prerelease.length - b.prerelease.length;
}

function compareIdentifier(a: string, b: string): number {
  const aNumeric = NUMERIC.test(a);
  const bNumeric = NUMERIC.test(b);
  if (aNumeric && bNumeric) return compareDigits(a, b);
  if (aNumeric !== bNumeric) return aNumeric ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareDigits(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
