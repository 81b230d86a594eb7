import { t } from '../i18n';

export type ExportFooterProps = Readonly<{
  /** The backend is making the file: the progress row shows and Export waits for it. */
  busy: boolean;
  /** The sentence of the last try that failed, or null. */
  error: string | null;
  /** False when there is nothing to export (no memos): Export cannot be pressed. */
  canExport?: boolean;
  /** Cancel: closes the dialog, even while the file is being made (the dialog then saves nothing). */
  onCancel(): void;
}>;

/**
 * The bottom of an export dialog (memos, an analysis): a progress row while the backend makes
 * the file, the sentence when it could not, then Cancel and Export. It goes last inside the
 * dialog's own <form>, so Enter in the form exports (Export is its submit button) and the
 * focus reaches Cancel, then Export, after the dialog's choices.
 */
export function ExportFooter({ busy, error, canExport = true, onCancel }: ExportFooterProps) {
  return (
    <>
      {busy && (
        <div className="export-progress" role="status">
          <progress aria-label={t('export.preparing')} />
          <span className="muted small">{t('export.preparing')}</span>
        </div>
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel}>
          {t('confirm.cancel')}
        </button>
        <button type="submit" className="button primary" disabled={busy || !canExport}>
          {t('export.save')}
        </button>
      </div>
    </>
  );
}
