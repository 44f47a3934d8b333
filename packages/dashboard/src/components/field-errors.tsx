/** The messages for one input, linked to it with `aria-describedby={id}`. */
export interface FieldErrorsProps {
  id: string;
  messages: readonly string[] | undefined;
}

export function FieldErrors({ id, messages }: FieldErrorsProps) {
  if (!messages || messages.length === 0) return null;
  return (
    <p className="field-error" id={id}>
      {messages.join("; ")}
    </p>
  );
}
