import type { ReactNode } from 'react';
import { Dialog } from '../../app/Dialog';

type SharingDialogProps = Readonly<{
  title: string;
  onClose(): void;
  children: ReactNode;
  actions: ReactNode;
  busy?: boolean;
}>;

/**
 * A dialog of the sharing feature: the app's large dialog, whose body scrolls between the
 * title and the buttons (a merge preview or an export report can be long). While it is busy,
 * Escape and a click outside leave it open.
 */
export function SharingDialog({ title, onClose, children, actions, busy = false }: SharingDialogProps) {
  return (
    <Dialog title={title} size="large" className="sharing-dialog" onClose={onClose} busy={busy} footer={actions}>
      <div className="sharing-dialog-body">{children}</div>
    </Dialog>
  );
}
