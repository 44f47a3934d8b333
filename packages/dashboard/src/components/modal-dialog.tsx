/**
 * A modal dialog on the native <dialog> element: the browser traps focus inside, Escape closes
 * it, and focus returns to where it was when it closes.
 */
import { type ReactNode, useEffect, useId, useRef } from "react";

export interface ModalDialogProps {
  title: string;
  children: ReactNode;
  actions: ReactNode;
  onCancel(): void;
}

export function ModalDialog({ title, children, actions, onCancel }: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const cancelRef = useRef(onCancel);
  cancelRef.current = onCancel;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const previouslyFocused = document.activeElement as HTMLElement | null;
    if (typeof dialog.showModal === "function" && !dialog.open) dialog.showModal();
    else dialog.setAttribute("open", "");
    const onCancelEvent = (event: Event) => {
      event.preventDefault();
      cancelRef.current();
    };
    dialog.addEventListener("cancel", onCancelEvent);
    return () => {
      dialog.removeEventListener("cancel", onCancelEvent);
      if (typeof dialog.close === "function" && dialog.open) dialog.close();
      previouslyFocused?.focus?.();
    };
  }, []);

  return (
    <dialog ref={ref} aria-labelledby={titleId} aria-modal="true">
      <div className="dialog-body">
        <h2 id={titleId}>{title}</h2>
        {children}
      </div>
      <div className="dialog-actions">{actions}</div>
    </dialog>
  );
}
