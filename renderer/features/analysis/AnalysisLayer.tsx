import { useEffect, useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Dialog } from '../../app/Dialog';
import { ExportFooter, useExportRun } from '../../app/ExportFooter';
import { t } from '../../i18n';
import { isEditableTarget, isPrimaryModifier } from '../../lib/keys';
import { useAppStore, useAppStoreApi } from '../../store';
import type { ExportFormat } from './analysisSlice';
import { exportFormats } from './queryModel';
import { downloadBase64 } from '../../lib/files';
import { StopwordsDialog } from './StopwordsDialog';

/**
 * Always mounted in the workspace: the analysis feature's dialogs (export, save a query, stop words) and
 * its shortcuts while the Analysis tab is shown — Ctrl/Cmd+S saves the query, Ctrl/Cmd+E exports.
 */
export function AnalysisLayer() {
  const dialog = useAppStore((state) => state.analysisDialog);
  useAnalysisShortcuts();
  if (dialog === 'export') return <ExportDialog />;
  if (dialog === 'save') return <SaveQueryDialog />;
  if (dialog === 'stopwords') return <StopwordsDialog />;
  return null;
}

function useAnalysisShortcuts(): void {
  const store = useAppStoreApi();
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (!isPrimaryModifier(event) || event.altKey || event.shiftKey) return;
      const state = store.getState();
      if (state.phase !== 'workspace' || state.view !== 'analysis' || state.analysisDialog !== null) return;
      // Inside a field of the analysis form the shortcuts still apply (no text is being edited
      // that Ctrl+S would save); elsewhere editable targets keep their keys.
      const inForm = event.target instanceof Element && event.target.closest('.analysis-form') !== null;
      if (!inForm && isEditableTarget(event.target)) return;
      if (event.code === 'KeyS') {
        event.preventDefault();
        state.setAnalysisDialog('save');
      } else if (event.code === 'KeyE') {
        event.preventDefault();
        state.setAnalysisDialog('export');
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
}

/** The query line the export will record, from the report on show (the backend's own words). */
function useQueryLine(): string | null {
  return useAppStore((state) => {
    const report = state.analysisReports[state.analysisKind];
    return report?.about.find((entry) => entry.label === 'Query')?.value ?? null;
  });
}

/**
 * Export of the analysis on show: format, the BOM for Excel (CSV), the query the file records;
 * a progress bar while the backend prepares a large file, and its sentence if it cannot.
 */
function ExportDialog() {
  const { kind, setDialog, exportFile, notify } = useAppStore(
    useShallow((state) => ({
      kind: state.analysisKind,
      setDialog: state.setAnalysisDialog,
      exportFile: state.exportAnalysisFile,
      notify: state.notify,
    })),
  );
  const close = (): void => setDialog(null);
  const formats = exportFormats(kind);
  const [format, setFormat] = useState<ExportFormat>('xlsx');
  const [bom, setBom] = useState(false);
  const { busy, error, run } = useExportRun();
  const queryLine = useQueryLine();
  const formatId = useId();

  const onExport = (): Promise<void> =>
    run(() => exportFile(format, bom), t('analysis.export.failed'), (file) => {
      downloadBase64(file.fileName, file.dataBase64, file.mimeType);
      notify('info', t('analysis.export.saved', { file: file.fileName }));
      close();
    });

  return (
    <Dialog size="medium" title={t('analysis.export.title', { analysis: t(`analysis.kind.${kind}`) })} onClose={close}>
      <form
        className="analysis-export"
        onSubmit={(event) => {
          event.preventDefault();
          if (!busy) void onExport();
        }}
      >
        <fieldset className="analysis-formats" aria-labelledby={formatId} disabled={busy}>
          <legend id={formatId} className="analysis-label">
            {t('analysis.export.format')}
          </legend>
          {formats.map((option) => (
            <label key={option} className="analysis-format">
              <input
                type="radio"
                name="format"
                value={option}
                checked={format === option}
                onChange={() => setFormat(option)}
              />
              <span>{t(`analysis.format.${option}`)}</span>
            </label>
          ))}
        </fieldset>
        {format === 'csv' && (
          <label className="analysis-check">
            <input type="checkbox" checked={bom} disabled={busy} onChange={(event) => setBom(event.target.checked)} />
            <span>
              {t('analysis.export.bom')}
              <span className="muted small block">{t('analysis.export.bomHint')}</span>
            </span>
          </label>
        )}
        <div className="analysis-recorded">
          <span className="analysis-label">{t('analysis.export.recorded')}</span>
          <p className="small">{queryLine ?? t('analysis.export.recordedPending')}</p>
        </div>
        <ExportFooter busy={busy} error={error} onCancel={close} />
      </form>
    </Dialog>
  );
}

/** Saves the query on show under a name; a name in use is replaced only after saying so. */
function SaveQueryDialog() {
  const { kind, saved, setDialog, save, notify, by } = useAppStore(
    useShallow((state) => ({
      kind: state.analysisKind,
      saved: state.savedQueries,
      setDialog: state.setAnalysisDialog,
      save: state.saveAnalysisQuery,
      notify: state.notify,
      by:
        state.analysisQueries && 'by' in state.analysisQueries[state.analysisKind]
          ? (state.analysisQueries[state.analysisKind] as { by: string | null }).by
          : null,
    })),
  );
  const close = (): void => setDialog(null);
  const [name, setName] = useState(() =>
    by ? t('analysis.save.suggestBy', { analysis: t(`analysis.kind.${kind}`), by }) : t(`analysis.kind.${kind}`),
  );
  const [busy, setBusy] = useState(false);
  const nameId = useId();
  const trimmed = name.trim();
  // Names are unique without regard to case in the project (saved_queries.name COLLATE NOCASE).
  const existing = saved.find((entry) => entry.name.toLowerCase() === trimmed.toLowerCase());
  const invalid = trimmed.length === 0 || trimmed.length > 200;

  const onSave = async (): Promise<void> => {
    if (invalid || busy) return;
    setBusy(true);
    const result = await save(trimmed);
    setBusy(false);
    if (!result) return;
    notify('info', t('analysis.save.done', { name: result.name }));
    close();
  };

  return (
    <Dialog size="medium" title={t('analysis.save.title')} onClose={close}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void onSave();
        }}
      >
        <label className="analysis-label" htmlFor={nameId}>
          {t('analysis.save.name')}
        </label>
        <input
          id={nameId}
          className="text-input"
          value={name}
          maxLength={200}
          aria-invalid={invalid}
          onChange={(event) => setName(event.target.value)}
        />
        {existing && (
          <p className="small analysis-warning">
            {t('analysis.save.replaces', { name: existing.name, kind: t(`analysis.kind.${existing.query.kind}`) })}
          </p>
        )}
        <p className="muted small">{t('analysis.save.explain')}</p>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={close}>
            {t('confirm.cancel')}
          </button>
          <button type="submit" className={existing ? 'button danger' : 'button primary'} disabled={invalid || busy}>
            {existing ? t('analysis.save.replace') : t('analysis.save.confirm')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
