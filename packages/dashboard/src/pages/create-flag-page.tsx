/**
 * Create a flag: boolean (on/off) or multivariate with typed variation values. It appears, off,
 * in every environment; the server's field errors are shown next to the fields they name.
 */
import { type FormEvent, useState } from "react";
import { ApiError, fieldMessages } from "../api/problem.ts";
import { useProject } from "../app/project-context.ts";
import { routeHref } from "../app/route.ts";
import { useSession } from "../app/session-context.ts";
import { useNavigate } from "../app/use-hash-route.ts";
import { ErrorNotice } from "../components/error-notice.tsx";
import { FieldErrors } from "../components/field-errors.tsx";
import { VariationsEditor } from "../components/variations-editor.tsx";
import { checkVariations, type VariationDraft } from "../lib/variation-values.ts";

const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function CreateFlagPage() {
  const { client } = useSession();
  const { project, environment } = useProject();
  const navigate = useNavigate();
  const [key, setKey] = useState("");
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [tags, setTags] = useState("");
  const [clientSide, setClientSide] = useState(false);
  const [kind, setKind] = useState<"boolean" | "multivariate">("boolean");
  const [drafts, setDrafts] = useState<VariationDraft[]>([
    { key: "control", type: "string", text: "control" },
    { key: "treatment", type: "string", text: "treatment" },
  ]);
  const [offVariation, setOffVariation] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [touched, setTouched] = useState(false);

  const checked = checkVariations(drafts);
  const keyProblem =
    key === ""
      ? "give the flag a key"
      : KEY_PATTERN.test(key)
        ? undefined
        : "letters, digits, '.', '_' or '-', starting with a letter or digit";
  const serverMessages = fieldMessages(error);
  const messagesFor = (field: string) => serverMessages.get(field);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (keyProblem || (kind === "multivariate" && checked.problems.size > 0)) return;
    setBusy(true);
    setError(undefined);
    try {
      const created = await client.flags.create(project.key, {
        key,
        ...(name.trim() ? { name: name.trim() } : {}),
        ...(description.trim() ? { description: description.trim() } : {}),
        tags: tags
          .split(",")
          .map((tag) => tag.trim())
          .filter((tag) => tag !== ""),
        clientSide,
        ...(kind === "multivariate" ? { variations: checked.variations, offVariation } : {}),
      });
      navigate({ name: "flag", project: project.key, flag: created.key, env: environment.key });
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  };

  const serverVariationProblems = new Map(checked.problems);
  if (error instanceof ApiError) {
    drafts.forEach((_, index) => {
      const messages = error.messagesFor(`variations[${index}]`);
      if (messages.length > 0) serverVariationProblems.set(index, messages.join("; "));
    });
  }

  return (
    <>
      <div className="page-header">
        <div>
          <p className="breadcrumb">
            <a href={routeHref({ name: "flags", project: project.key, env: environment.key })}>
              Flags
            </a>{" "}
            /
          </p>
          <h1>Create a flag</h1>
        </div>
      </div>
      <form className="card" onSubmit={submit} noValidate>
        <div className="two-columns">
          <div className="field">
            <label htmlFor="flag-key">Key</label>
            <input
              id="flag-key"
              value={key}
              onChange={(event) => setKey(event.target.value)}
              placeholder="new-checkout"
              spellCheck={false}
              aria-invalid={(touched && keyProblem) || messagesFor("key") ? true : undefined}
              aria-describedby="flag-key-hint flag-key-error"
              required
            />
            <span className="hint" id="flag-key-hint">
              What code asks for: <code>client.boolVariation("{key || "new-checkout"}", …)</code>.
              It cannot change later.
            </span>
            <FieldErrors
              id="flag-key-error"
              messages={touched && keyProblem ? [keyProblem] : messagesFor("key")}
            />
          </div>
          <div className="field">
            <label htmlFor="flag-name">Name</label>
            <input
              id="flag-name"
              value={name}
              onChange={(event) => setName(event.target.value)}
              placeholder="New checkout"
            />
            <FieldErrors id="flag-name-error" messages={messagesFor("name")} />
          </div>
        </div>
        <div className="field">
          <label htmlFor="flag-description">Description</label>
          <textarea
            id="flag-description"
            value={description}
            onChange={(event) => setDescription(event.target.value)}
            style={{ fontFamily: "var(--font)" }}
          />
        </div>
        <div className="two-columns">
          <div className="field">
            <label htmlFor="flag-tags">Tags (comma-separated)</label>
            <input
              id="flag-tags"
              value={tags}
              onChange={(event) => setTags(event.target.value)}
              placeholder="checkout, team-payments"
            />
            <FieldErrors id="flag-tags-error" messages={messagesFor("tags")} />
          </div>
          <div className="field">
            <span className="field-label">Browsers</span>
            <label className="inline-check">
              <input
                type="checkbox"
                checked={clientSide}
                onChange={(event) => setClientSide(event.target.checked)}
              />
              Available to client-side (browser) SDKs
            </label>
          </div>
        </div>
        <fieldset>
          <legend>Kind</legend>
          <div className="row">
            <label className="inline-check">
              <input
                type="radio"
                name="flag-kind"
                checked={kind === "boolean"}
                onChange={() => setKind("boolean")}
              />
              Boolean (<code>on</code> = true, <code>off</code> = false)
            </label>
            <label className="inline-check">
              <input
                type="radio"
                name="flag-kind"
                checked={kind === "multivariate"}
                onChange={() => setKind("multivariate")}
              />
              Multivariate (strings, numbers, JSON…)
            </label>
          </div>
        </fieldset>
        {kind === "multivariate" && (
          <>
            <VariationsEditor
              id="variation"
              drafts={drafts}
              problems={touched || error ? serverVariationProblems : new Map()}
              onChange={setDrafts}
            />
            <div className="field" style={{ marginTop: "1rem" }}>
              <label htmlFor="flag-off-variation">Served when the flag is off</label>
              <select
                id="flag-off-variation"
                value={offVariation}
                onChange={(event) => setOffVariation(Number(event.target.value))}
              >
                {drafts.map((draft, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the index is the variation's identity here
                  <option key={index} value={index}>
                    {draft.key || `variation ${index + 1}`}
                  </option>
                ))}
              </select>
              <FieldErrors id="flag-off-variation-error" messages={messagesFor("offVariation")} />
            </div>
          </>
        )}
        <ErrorNotice error={error} action="Creating the flag" />
        <div className="row">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? "Creating…" : "Create flag"}
          </button>
          <a
            className="button"
            href={routeHref({ name: "flags", project: project.key, env: environment.key })}
          >
            Cancel
          </a>
        </div>
      </form>
    </>
  );
}
