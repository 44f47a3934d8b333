/** Keeps the list of unsaved edits for the pages below it (see unsaved-changes.ts). */
import { type ReactNode, useMemo, useRef } from "react";
import { type UnsavedChanges, UnsavedChangesContext } from "./unsaved-changes.ts";

export interface UnsavedChangesProviderProps {
  children: ReactNode;
  /** Asks the person; defaults to window.confirm. */
  ask?: (message: string) => boolean;
}

export function UnsavedChangesProvider({ children, ask }: UnsavedChangesProviderProps) {
  const pending = useRef(new Map<string, string>());
  const value = useMemo(
    (): UnsavedChanges => ({
      set(key, description) {
        if (description === undefined) pending.current.delete(key);
        else pending.current.set(key, description);
      },
      confirmLeave() {
        if (pending.current.size === 0) return true;
        const what = [...pending.current.values()].join("; ");
        const agreed = (ask ?? ((message) => window.confirm(message)))(`Leave and lose ${what}?`);
        if (agreed) pending.current.clear();
        return agreed;
      },
    }),
    [ask],
  );
  return <UnsavedChangesContext.Provider value={value}>{children}</UnsavedChangesContext.Provider>;
}
