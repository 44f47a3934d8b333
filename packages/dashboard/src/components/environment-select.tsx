/** A select of the project's environments by name, valued by key; optionally led by an "any" choice. */
import type { Environment } from "../api/types.ts";

export interface EnvironmentSelectProps {
  id: string;
  environments: readonly Environment[];
  value: string;
  onChange(environmentKey: string): void;
  /** Label of a leading choice with the empty value (filters: no environment chosen). */
  anyLabel?: string;
}

export function EnvironmentSelect({
  id,
  environments,
  value,
  onChange,
  anyLabel,
}: EnvironmentSelectProps) {
  return (
    <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
      {anyLabel !== undefined && <option value="">{anyLabel}</option>}
      {environments.map((environment) => (
        <option key={environment.key} value={environment.key}>
          {environment.name}
        </option>
      ))}
    </select>
  );
}
