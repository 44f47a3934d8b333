/**
 * Everything about a flag that is configured per environment, as one form over a draft:
 * the default serve (with the rollout slider), individual targets, ordered rules,
 * prerequisites, and the off variation. Saving is the page's business.
 */
import type { FlagSettings } from "../api/types.ts";
import { type FlagOption, PrerequisitesEditor } from "./prerequisites-editor.tsx";
import { RulesEditor } from "./rules-editor.tsx";
import { ServeEditor } from "./serve-editor.tsx";
import { TargetsEditor } from "./targets-editor.tsx";

export interface FlagSettingsFormProps {
  flagKey: string;
  draft: FlagSettings;
  segments: readonly string[];
  otherFlags: readonly FlagOption[];
  onChange(draft: FlagSettings): void;
  reportProblem(key: string, message: string | undefined): void;
}

export function FlagSettingsForm({
  flagKey,
  draft,
  segments,
  otherFlags,
  onChange,
  reportProblem,
}: FlagSettingsFormProps) {
  const set = <K extends keyof FlagSettings>(key: K, value: FlagSettings[K]) =>
    onChange({ ...draft, [key]: value });
  return (
    <>
      <section className="card" aria-labelledby="section-default">
        <h2 id="section-default">Default rule</h2>
        <p className="hint">
          When the flag is on, contexts that no target or rule matches get this.
        </p>
        <ServeEditor
          id="fallthrough"
          legend="Serve"
          serve={draft.fallthrough}
          variations={draft.variations}
          offVariation={draft.offVariation}
          onChange={(serve) => set("fallthrough", serve)}
        />
      </section>

      <section className="card" aria-labelledby="section-targets">
        <h2 id="section-targets">Individual targets</h2>
        <p className="hint">
          Checked first: these context keys always get the chosen variation while the flag is on.
        </p>
        <TargetsEditor
          id="targets"
          targets={draft.targets}
          variations={draft.variations}
          onChange={(targets) => set("targets", targets)}
        />
      </section>

      <section className="card" aria-labelledby="section-rules">
        <h2 id="section-rules">Targeting rules</h2>
        <p className="hint">
          In order: the first rule whose conditions all match decides what a context gets.
        </p>
        <RulesEditor
          rules={draft.rules}
          variations={draft.variations}
          offVariation={draft.offVariation}
          segments={segments}
          onChange={(rules) => set("rules", rules)}
          reportProblem={reportProblem}
        />
      </section>

      <section className="card" aria-labelledby="section-prerequisites">
        <h2 id="section-prerequisites">Prerequisites</h2>
        <p className="hint">
          Other flags that must be on and serve the named variation; otherwise{" "}
          <code>{flagKey}</code> serves its off variation.
        </p>
        <PrerequisitesEditor
          id="prerequisites"
          prerequisites={draft.prerequisites}
          flags={otherFlags}
          onChange={(prerequisites) => set("prerequisites", prerequisites)}
        />
      </section>

      <section className="card" aria-labelledby="section-variations">
        <h2 id="section-variations">Variations</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Key</th>
                <th scope="col">Value</th>
              </tr>
            </thead>
            <tbody>
              {draft.variations.map((variation, index) => (
                <tr key={variation.key}>
                  <td>{index}</td>
                  <td>
                    <code>{variation.key}</code>
                    {variation.name ? ` — ${variation.name}` : ""}
                  </td>
                  <td>
                    <code>{JSON.stringify(variation.value)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="field" style={{ marginTop: "0.8rem" }}>
          <label htmlFor="off-variation">Served when the flag is off</label>
          <select
            id="off-variation"
            value={draft.offVariation}
            onChange={(event) => set("offVariation", Number(event.target.value))}
          >
            {draft.variations.map((variation, index) => (
              <option key={variation.key} value={index}>
                {variation.key}
              </option>
            ))}
          </select>
        </div>
      </section>
    </>
  );
}
