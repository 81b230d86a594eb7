import { useEffect, useId, useRef } from 'react';
import { t } from '../i18n';

type ConfirmDialogProps = Readonly<{
  title: string;
  lines: readonly string[];
  confirmLabel?: string;
  onConfirm(): void;
  onCancel(): void;
}>;

/** Asks before a destructive action. Cancel has the focus, so Enter alone never destroys. */
export function ConfirmDialog({ title, lines, confirmLabel, onConfirm, onCancel }: ConfirmDialogProps) {
  const titleId = useId();
  const bodyId = useId();
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    cancelRef.current?.focus();
    return () => previous?.focus?.();
  }, []);
  return (
    <div className="overlay" onMouseDown={(event) => event.target === event.currentTarget && onCancel()}>
      <div
        className="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.stopPropagation();
            onCancel();
          }
        }}
      >
        <h2 id={titleId} className="dialog-title">
          {title}
        </h2>
        <div id={bodyId} className="dialog-body">
          {lines.map((line) => (
            <p key={line}>{line}</p>
          ))}
        </div>
        <div className="dialog-actions">
          <button type="button" className="button" ref={cancelRef} onClick={onCancel}>
            {t('confirm.cancel')}
          </button>
          <button type="button" className="button danger" onClick={onConfirm}>
            {confirmLabel ?? t('confirm.delete')}
          </button>
        </div>
      </div>
    </div>
  );
}
