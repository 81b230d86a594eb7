import { useRef } from 'react';
import { t } from '../i18n';
import { Dialog } from './Dialog';

type ConfirmDialogProps = Readonly<{
  title: string;
  lines: readonly string[];
  confirmLabel?: string;
  onConfirm(): void;
  onCancel(): void;
}>;

/** Asks before a destructive action. Cancel has the focus, so Enter alone never destroys. */
export function ConfirmDialog({ title, lines, confirmLabel, onConfirm, onCancel }: ConfirmDialogProps) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  return (
    <Dialog
      role="alertdialog"
      title={title}
      description={lines.map((line) => (
        <p key={line}>{line}</p>
      ))}
      initialFocus={cancelRef}
      onClose={onCancel}
      footer={
        <>
          <button type="button" className="button" ref={cancelRef} onClick={onCancel}>
            {t('confirm.cancel')}
          </button>
          <button type="button" className="button danger" onClick={onConfirm}>
            {confirmLabel ?? t('confirm.delete')}
          </button>
        </>
      }
    />
  );
}
