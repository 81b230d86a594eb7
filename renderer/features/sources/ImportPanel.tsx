import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { SOURCE_KINDS, type SourceKind } from '../../../shared/domain/types';
import { t, tn } from '../../i18n';
import { readFilesForImport } from '../../lib/files';
import { useAppStore } from '../../store';
import { PRIMARY_ATTRIBUTE } from './sourcesSlice';

type ImportPanelProps = Readonly<{ files: readonly File[]; onClose(): void }>;

/** Options for chosen files (kind, province), progress while importing, and the report after. */
export function ImportPanel({ files, onClose }: ImportPanelProps) {
  const { importing, progress, report, importFiles, dismissReport, notify } = useAppStore(
    useShallow((state) => ({
      importing: state.importing,
      progress: state.importProgress,
      report: state.importReport,
      importFiles: state.importFiles,
      dismissReport: state.dismissImportReport,
      notify: state.notify,
    })),
  );
  const [kind, setKind] = useState<SourceKind | ''>('');
  const [province, setProvince] = useState('');
  const [reading, setReading] = useState(false);

  if (importing || reading) {
    return (
      <div className="import-panel" role="status" aria-live="polite">
        {progress && progress.total > 0 ? (
          <>
            <span>{t('import.progress', { done: progress.done, total: progress.total, file: progress.file })}</span>
            <progress max={progress.total} value={progress.done} />
          </>
        ) : (
          <span>{t('import.reading')}</span>
        )}
      </div>
    );
  }

  if (files.length > 0) {
    const start = async (): Promise<void> => {
      setReading(true);
      let payload;
      try {
        payload = await readFilesForImport(files);
      } catch {
        notify('error', t('import.unreadable', { file: files.map((file) => file.name).join(', ') }));
        return;
      } finally {
        setReading(false);
      }
      onClose();
      await importFiles(payload, {
        ...(kind ? { kind } : {}),
        ...(province.trim() ? { attributes: { [PRIMARY_ATTRIBUTE]: province.trim() } } : {}),
      });
    };
    return (
      <form
        className="import-panel"
        aria-label={tn('import.title', files.length)}
        onSubmit={(event) => {
          event.preventDefault();
          void start();
        }}
      >
        <div className="import-title">{tn('import.title', files.length)}</div>
        <div className="import-files muted" title={files.map((file) => file.name).join('\n')}>
          {files.map((file) => file.name).join(', ')}
        </div>
        <div className="import-options">
          <label>
            {t('import.kind')}{' '}
            <select value={kind} onChange={(event) => setKind(event.target.value as SourceKind | '')}>
              <option value="">{t('sources.kind.auto')}</option>
              {SOURCE_KINDS.map((option) => (
                <option key={option} value={option}>
                  {t(`sources.kind.${option}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('import.attribute')}{' '}
            <input
              className="inline-input"
              value={province}
              placeholder={t('import.attributePlaceholder')}
              onChange={(event) => setProvince(event.target.value)}
            />
          </label>
        </div>
        <div className="import-actions">
          <button type="submit" className="button small primary">
            {t('import.start')}
          </button>
          <button type="button" className="button small quiet" onClick={onClose}>
            {t('import.cancel')}
          </button>
        </div>
      </form>
    );
  }

  if (report) {
    return (
      <div className="import-panel import-report" role="status">
        <div className="import-title">
          {t('import.report', {
            imported: report.imported.length,
            skipped: report.skipped.length,
            failed: report.failed.length,
          })}
        </div>
        {report.skipped.map((entry) => (
          <div key={`s-${entry.file}`} className="muted">
            {t('import.skipped', { file: entry.file, reason: entry.reason })}
          </div>
        ))}
        {report.failed.map((entry) => (
          <div key={`f-${entry.file}`} className="error-text">
            {t('import.failed', { file: entry.file, reason: entry.reason })}
          </div>
        ))}
        <button type="button" className="button small quiet" onClick={dismissReport}>
          {t('import.dismiss')}
        </button>
      </div>
    );
  }
  return null;
}
