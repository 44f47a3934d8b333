/**
 * A new key's secret, shown this once: copy it now (the server keeps only its hash). Closing the
 * dialog forgets it; nothing stores it.
 */
import { useState } from "react";
import type { CreatedApiKey } from "../api/types.ts";
import { ModalDialog } from "./modal-dialog.tsx";

export interface SecretRevealProps {
  created: CreatedApiKey;
  onClose(): void;
}

export function SecretReveal({ created, onClose }: SecretRevealProps) {
  const [copied, setCopied] = useState<"yes" | "failed" | undefined>();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.secret);
      setCopied("yes");
    } catch {
      // Clipboard access needs a secure context and permission; selecting the text still works.
      setCopied("failed");
    }
  };
  return (
    <ModalDialog
      title={`Copy the ${created.kind === "admin" ? "admin token" : `${created.kind}-side SDK key`} now`}
      onCancel={onClose}
      actions={
        <button type="button" className="primary" onClick={onClose}>
          I have copied it
        </button>
      }
    >
      <p>
        <strong>{created.name}</strong>: this is the only time the key is shown. Store it in your
        secret manager.
      </p>
      <label htmlFor="new-secret" className="field-label">
        The new key
      </label>
      <textarea
        id="new-secret"
        className="secret"
        data-testid="new-secret"
        readOnly
        rows={2}
        value={created.secret}
        onFocus={(event) => event.currentTarget.select()}
      />
      <div className="row">
        <button type="button" onClick={copy}>
          Copy to clipboard
        </button>
        <span role="status">
          {copied === "yes"
            ? "Copied."
            : copied === "failed"
              ? "Copying is not allowed here: select the text and copy it."
              : ""}
        </span>
      </div>
    </ModalDialog>
  );
}
