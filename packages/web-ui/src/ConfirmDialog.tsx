import { type ReactNode, useEffect, useId, useRef } from "react";

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** While the action runs: the confirm button is disabled and says so. */
  busy?: boolean;
  onConfirm(): void;
  onCancel(): void;
  /** After the dialog has closed and the page is interactive again (focus can move). */
  onClosed?(): void;
}

/**
 * A modal confirmation on the native <dialog>: the browser traps focus, closes on Escape and
 * hands focus back to the button that opened it. Cancel comes first so it is what gets focus:
 * the destructive choice takes a deliberate move.
 */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { open, title, children, confirmLabel, busy, onConfirm, onCancel } = props;
  const ref = useRef<HTMLDialogElement>(null);
  const onClosed = useRef(props.onClosed);
  onClosed.current = props.onClosed;
  const titleId = useId();
  const bodyId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) {
      dialog.close();
      onClosed.current?.();
    }
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onClose={() => {
        if (open) onCancel();
      }}
      data-testid="confirm-dialog"
    >
      <h2 id={titleId} className="dialog-title">
        {title}
      </h2>
      <div id={bodyId} className="dialog-body">
        {children}
      </div>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel} data-testid="confirm-cancel">
          Cancel
        </button>
        <button
          type="button"
          className="button button-danger"
          onClick={onConfirm}
          disabled={busy}
          data-testid="confirm-accept"
        >
          {busy ? "Working…" : confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
