/** A flag's on/off state in every environment, at a glance (the current one outlined). */
import type { Environment, FlagSummary } from "../api/types.ts";

export interface EnvStatesProps {
  flag: FlagSummary;
  environments: readonly Environment[];
  current: string;
}

export function EnvStates({ flag, environments, current }: EnvStatesProps) {
  return (
    <ul
      className="env-states"
      aria-label={`${flag.key} by environment`}
      style={{ listStyle: "none", margin: 0, padding: 0 }}
    >
      {environments.map((environment) => {
        const on = flag.environments[environment.key]?.enabled === true;
        return (
          <li
            key={environment.key}
            className={`env-state${on ? " on" : ""}${environment.key === current ? " current" : ""}`}
            title={`${environment.name}: ${on ? "on" : "off"}`}
          >
            {environment.name}
            <span className="visually-hidden">: {on ? "on" : "off"}</span>
            <span className="state-word" aria-hidden="true">
              {on ? " on" : " off"}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
