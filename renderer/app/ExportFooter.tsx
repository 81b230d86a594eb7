import { useEffect, useRef, useState } from 'react';
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

/** What a store's export action answers: the file, or the sentence saying why there is none. */
export type ExportRunOutcome<F> = Readonly<{ ok: true; file: F } | { ok: false; message: string }>;

/**
 * The running part of an export dialog, for its footer: `busy` and `error`, and `run`, which
 * asks for the file and hands it to `save` — unless the dialog was closed meanwhile (the
 * researcher changed their mind: nothing is saved), or the file could not be made (the
 * sentence, else `fallback`, shows in the footer).
 */
export function useExportRun(): Readonly<{
  busy: boolean;
  error: string | null;
  run<F>(make: () => Promise<ExportRunOutcome<F>>, fallback: string, save: (file: F) => void): Promise<void>;
}> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const closed = useRef(false);
  useEffect(
    () => () => {
      closed.current = true;
    },
    [],
  );
  const run = async <F,>(make: () => Promise<ExportRunOutcome<F>>, fallback: string, save: (file: F) => void): Promise<void> => {
    setBusy(true);
    setError(null);
    const outcome = await make();
    if (closed.current) return;
    setBusy(false);
    if (!outcome.ok) setError(outcome.message || fallback);
    else save(outcome.file);
  };
  return { busy, error, run };
}
