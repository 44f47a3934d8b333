/**
 * Several base URLs for failover: requests go to the preferred one; a network error or 5xx
 * moves the preference to the next, so an outage of one region costs one failed request.
 */
export class Endpoints {
  readonly #bases: string[];
  #preferred = 0;

  constructor(baseUrl: string | readonly string[]) {
    const list = typeof baseUrl === "string" ? [baseUrl] : [...baseUrl];
    this.#bases = list.map((base) => base.replace(/\/+$/, ""));
    if (this.#bases.length === 0) this.#bases.push("");
  }

  get size(): number {
    return this.#bases.length;
  }

  /** The URL of `path` on the base URL `attempt` places after the preferred one. */
  url(path: string, attempt = 0): string {
    return `${this.#bases[(this.#preferred + attempt) % this.#bases.length]}${path}`;
  }

  /** The base `attempt` places after the preferred one answered: prefer it from now on. */
  succeeded(attempt: number): void {
    this.#preferred = (this.#preferred + attempt) % this.#bases.length;
  }

  /**
   * The preferred base failed: prefer the next one. Given the URL that failed, only when it is
   * still on the preferred base — a late failure on an old base must not move the client away
   * from one that another request has just found working.
   */
  failed(url?: string): void {
    const preferred = this.#bases[this.#preferred] ?? "";
    if (url !== undefined && !url.startsWith(`${preferred}/`)) return;
    this.#preferred = (this.#preferred + 1) % this.#bases.length;
  }
}

/** The SDK key as the Authorization header carries it. */
export function authorization(key: string): string {
  return /^bearer /i.test(key) ? key : `Bearer ${key}`;
}
