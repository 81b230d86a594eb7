import { useEffect, useId, useRef, type ReactNode } from 'react';

type SharingDialogProps = Readonly<{
  title: string;
  onClose(): void;
  children: ReactNode;
  actions: ReactNode;
  busy?: boolean;
}>;

/**
 * A modal dialog of the sharing feature: the app's `.overlay`/`.dialog` look, wider, with a
 * scrolling body. Escape and a click outside close it (unless it is busy); the focus goes to
 * its first control and back where it was when it closes.
 */
export function SharingDialog({ title, onClose, children, actions, busy = false }: SharingDialogProps) {
  const titleId = useId();
  const dialogRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const first = dialogRef.current?.querySelector<HTMLElement>(
      'input:not(:disabled):not([tabindex="-1"]), button:not(:disabled), select:not(:disabled)',
    );
    (first ?? dialogRef.current)?.focus();
    return () => previous?.focus?.();
  }, []);
  return (
    <div className="overlay sharing-overlay" onMouseDown={(event) => event.target === event.currentTarget && !busy && onClose()}>
      <div
        ref={dialogRef}
        className="dialog sharing-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-busy={busy}
        tabIndex={-1}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && !busy) {
            event.stopPropagation();
            onClose();
          }
        }}
      >
        <h2 id={titleId} className="dialog-title">
          {title}
        </h2>
        <div className="sharing-dialog-body">{children}</div>
        <div className="dialog-actions">{actions}</div>
      </div>
    </div>
  );
}
