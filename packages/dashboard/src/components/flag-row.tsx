/** One flag in the list: key (a link to its page), name, tags, and its state per environment. */

import type { Environment, FlagSummary } from "../api/types.ts";
import { routeHref } from "../app/route.ts";
import { EnvStates } from "./env-states.tsx";

export interface FlagRowProps {
  flag: FlagSummary;
  project: string;
  environment: string;
  environments: readonly Environment[];
  top: number;
  position: number;
  total: number;
}

export function FlagRow({
  flag,
  project,
  environment,
  environments,
  top,
  position,
  total,
}: FlagRowProps) {
  return (
    <li className="flag-row" style={{ top }} aria-posinset={position} aria-setsize={total}>
      <div className="names">
        <a href={routeHref({ name: "flag", project, flag: flag.key, env: environment })}>
          {flag.key}
        </a>
        <div className="flag-name">
          {flag.name !== flag.key ? flag.name : flag.description || "\u00a0"}
          {flag.archived && <span className="badge">archived</span>}
        </div>
      </div>
      <div className="tags">
        {flag.tags.map((tag) => (
          <span className="badge" key={tag}>
            {tag}
          </span>
        ))}
      </div>
      <EnvStates flag={flag} environments={environments} current={environment} />
    </li>
  );
}
