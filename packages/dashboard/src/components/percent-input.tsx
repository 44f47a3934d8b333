/**
 * A percentage typed exactly (up to three decimals). What is typed is kept as text until it
 * parses, so "12." on the way to "12.5" is not rewritten under the cursor; a bad value is named.
 */
import { useState } from "react";
import { formatPercentNumber, parsePercent, weightToPercent } from "../lib/rollout.ts";

export interface PercentInputProps {
  id: string;
  label: string;
  weight: number;
  onChange(weight: number): void;
  /** Visually hide the label (the surrounding text already says what it is). */
  hiddenLabel?: boolean;
}

export function PercentInput({
  id,
  label,
  weight,
  onChange,
  hiddenLabel = false,
}: PercentInputProps) {
  const [text, setText] = useState(() => formatPercentNumber(weightToPercent(weight)));
  const [message, setMessage] = useState<string | undefined>();
  const [shownWeight, setShownWeight] = useState(weight);

  // The weight changed from outside (a step button, the slider, a reload): show it, unless the
  // text already says it ("12.50" stays as typed). Adjusting state while rendering, not in an
  // effect, so the input never shows the old value for a frame.
  if (weight !== shownWeight) {
    setShownWeight(weight);
    const parsed = parsePercent(text);
    if (!(parsed.ok && parsed.weight === weight))
      setText(formatPercentNumber(weightToPercent(weight)));
    setMessage(undefined);
  }

  const errorId = `${id}-error`;
  return (
    <span className="percent-field">
      <label htmlFor={id} className={hiddenLabel ? "visually-hidden" : undefined}>
        {label}
      </label>
      <input
        id={id}
        className="percent-input"
        inputMode="decimal"
        value={text}
        aria-invalid={message ? true : undefined}
        aria-describedby={message ? errorId : undefined}
        onChange={(event) => {
          const value = event.target.value;
          setText(value);
          const parsed = parsePercent(value);
          if (parsed.ok) {
            setMessage(undefined);
            if (parsed.weight !== weight) onChange(parsed.weight);
          } else {
            setMessage(parsed.message);
          }
        }}
      />{" "}
      %
      {message && (
        <span className="field-error" id={errorId} role="alert">
          {" "}
          {message}
        </span>
      )}
    </span>
  );
}
