/** An on/off switch: a button with role="switch", operable with Space and Enter. */
export interface ToggleSwitchProps {
  checked: boolean;
  label: string;
  onChange(checked: boolean): void;
  disabled?: boolean;
}

export function ToggleSwitch({ checked, label, onChange, disabled = false }: ToggleSwitchProps) {
  return (
    <button
      type="button"
      role="switch"
      className="switch"
      aria-checked={checked}
      aria-label={label}
      disabled={disabled}
      onClick={() => onChange(!checked)}
    >
      <span className="track" aria-hidden="true" />
      <span aria-hidden="true">{checked ? "On" : "Off"}</span>
    </button>
  );
}
