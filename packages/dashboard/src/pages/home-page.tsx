/**
 * Where signing in lands: straight into the only project, or a list to choose from — and a
 * form to create the first project when there is none.
 */
import { type FormEvent, useEffect, useState } from "react";
import { allPages } from "../api/client.ts";
import { fieldMessages } from "../api/problem.ts";
import { routeHref } from "../app/route.ts";
import { useSession } from "../app/session-context.ts";
import { useNavigate } from "../app/use-hash-route.ts";
import { ErrorNotice } from "../components/error-notice.tsx";
import { FieldErrors } from "../components/field-errors.tsx";
import { useAsync } from "../lib/use-async.ts";

export function HomePage() {
  const { client, signOut } = useSession();
  const navigate = useNavigate();
  const [key, setKey] = useState("");
  const [name, setName] = useState("");
  const [error, setError] = useState<unknown>();
  const projects = useAsync(
    () => allPages((cursor) => client.projects.list({ limit: 200, ...(cursor ? { cursor } : {}) })),
    [client],
  );

  useEffect(() => {
    const only = projects.data?.length === 1 ? projects.data[0] : undefined;
    if (only) navigate({ name: "flags", project: only.key }, { replace: true });
  }, [projects.data, navigate]);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      const project = await client.projects.create({
        key,
        ...(name.trim() ? { name: name.trim() } : {}),
      });
      navigate({ name: "flags", project: project.key });
    } catch (reason) {
      setError(reason);
    }
  };

  const messages = fieldMessages(error);
  return (
    <main id="main" className="sign-in" style={{ maxWidth: "40rem" }}>
      <div className="row spread">
        <h1>Projects</h1>
        <button type="button" className="small" onClick={signOut}>
          Sign out
        </button>
      </div>
      <ErrorNotice error={projects.error} action="Loading projects" />
      {projects.data && projects.data.length > 0 && (
        <ul className="card">
          {projects.data.map((project) => (
            <li key={project.key}>
              <a href={routeHref({ name: "flags", project: project.key })}>{project.name}</a>{" "}
              <code>{project.key}</code>
            </li>
          ))}
        </ul>
      )}
      <form className="card" onSubmit={create} noValidate>
        <h2>Create a project</h2>
        <p className="hint">It starts with development, staging and production environments.</p>
        <div className="field">
          <label htmlFor="project-key">Key</label>
          <input
            id="project-key"
            value={key}
            onChange={(event) => setKey(event.target.value)}
            aria-describedby="project-key-error"
          />
          <FieldErrors id="project-key-error" messages={messages.get("key")} />
        </div>
        <div className="field">
          <label htmlFor="project-name">Name</label>
          <input id="project-name" value={name} onChange={(event) => setName(event.target.value)} />
        </div>
        <ErrorNotice error={error} action="Creating the project" />
        <button type="submit" className="primary" disabled={key === ""}>
          Create project
        </button>
      </form>
    </main>
  );
}
