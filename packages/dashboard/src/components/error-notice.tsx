/** A failed request, said plainly: the server's detail and each field it named. */
import { ApiError, describeError } from "../api/problem.ts";

export interface ErrorNoticeProps {
  error: unknown;
  /** What was being done, e.g. "Saving the flag". */
  action?: string;
}

export function ErrorNotice({ error, action }: ErrorNoticeProps) {
  if (error === undefined || error === null) return null;
  const fields =
    error instanceof ApiError ? error.fieldErrors.filter((item) => item.field !== "") : [];
  return (
    <div className="notice error" role="alert">
      <strong>{action ? `${action} failed: ` : "Something went wrong: "}</strong>
      {describeError(error)}
      {fields.length > 0 && (
        <ul>
          {fields.map((item) => (
            <li key={`${item.in}:${item.field}:${item.message}`}>
              <code>{item.field}</code>: {item.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
