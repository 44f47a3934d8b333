/**
 * Unsaved edits are not dropped silently: a page with edits registers them here; the shell asks
 * before switching project or environment or section, and the browser asks before the tab
 * closes or reloads.
 */
import { createContext, useContext, useEffect } from "react";

export interface UnsavedChanges {
  /** Registers (or, with undefined, clears) what would be lost, e.g. "3 unsaved changes to checkout". */
  set(key: string, description: string | undefined): void;
  /** True when nothing would be lost, or the person agreed to lose it. */
  confirmLeave(): boolean;
}

export const UnsavedChangesContext = createContext<UnsavedChanges>({
  set: () => {},
  confirmLeave: () => true,
});

export function useUnsavedChanges(key: string, description: string | undefined): void {
  const registry = useContext(UnsavedChangesContext);
  useEffect(() => {
    registry.set(key, description);
    return () => registry.set(key, undefined);
  }, [registry, key, description]);
  useEffect(() => {
    if (description === undefined) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [description]);
}

export function useConfirmLeave(): () => boolean {
  return useContext(UnsavedChangesContext).confirmLeave;
}
