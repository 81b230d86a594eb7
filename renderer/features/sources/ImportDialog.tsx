import { useEffect, useId, useRef, useState, type DragEvent, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { SOURCE_KINDS, type BatchReport, type SourceKind } from '../../../shared/domain/types';
import { formatNumber, t, tn } from '../../i18n';
import { downloadText } from '../../lib/files';
import { useAppStore } from '../../store';
import { Dialog } from '../../app/Dialog';
import {
  ENCODINGS,
  commonColumns,
  formatSize,
  isTable,
  isTextual,
  isUncertain,
  listText,
  reportFileName,
  reportJson,
  reportSentence,
  walkEntries,
  type DroppedEntry,
  type ImportItem,
  type PickedFile,
} from './importModel';
import type { ImportProgress, ImportSettings, ImportStage } from './sourcesSlice';
import './importDialog.css';

/** The files of a file input, with the folder path the browser gives for a chosen folder. */
export function pickedFromInput(files: FileList | null): PickedFile[] {
  return Array.from(files ?? []).map((file) =>
    file.webkitRelativePath ? { file, path: file.webkitRelativePath } : { file },
  );
}

/** True while something is dragged that holds files (not text dragged out of the document). */
export function dragHasFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer.types).includes('Files');
}

/**
 * The files and folders of a drop. The entries must be taken while the drop event runs (the
 * DataTransfer is emptied after it); the folders are walked afterwards.
 */
export function droppedFiles(event: DragEvent): Promise<PickedFile[]> {
  const entries: DroppedEntry[] = [];
  const loose: PickedFile[] = [];
  for (const item of Array.from(event.dataTransfer.items)) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry?.() as DroppedEntry | null | undefined;
    if (entry) entries.push(entry);
    else {
      const file = item.getAsFile();
      if (file) loose.push({ file });
    }
  }
  return walkEntries(entries).then((found) => [...loose, ...found]);
}

/**
 * The import dialog (issue 3): files and folders to import with what was detected in each
 * and a preview, the options, progress with a cancel button, and the report at the end.
 */
export function ImportDialog() {
  const { stage, items, report, error, close, cancelImport, addFiles } = useAppStore(
    useShallow((state) => ({
      stage: state.importStage,
      items: state.importItems,
      report: state.importReport,
      error: state.importError,
      close: state.closeImportDialog,
      cancelImport: state.cancelImport,
      addFiles: state.addImportFiles,
    })),
  );
  const stopId = useId();
  const [confirmingStop, setConfirmingStop] = useState(false);
  const [dragging, setDragging] = useState(false);
  const running = stage === 'preparing' || stage === 'importing';
  // The question only stands while the import runs (it may end while it is asked).
  const asking = confirmingStop && running;

  // Escape and the × ask before they stop a running import; Escape again keeps it going.
  const mayClose = (): boolean => {
    if (asking) setConfirmingStop(false);
    else if (running) setConfirmingStop(true);
    return !running;
  };

  const dropHandlers = {
    onDragOver: (event: DragEvent<HTMLDivElement>) => {
      if (!dragHasFiles(event) || stage === 'preparing' || stage === 'importing') return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
      setDragging(true);
    },
    onDragLeave: (event: DragEvent<HTMLDivElement>) => {
      if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
    },
    onDrop: (event: DragEvent<HTMLDivElement>) => {
      if (!dragHasFiles(event)) return;
      event.preventDefault();
      event.stopPropagation();
      setDragging(false);
      if (running) return;
      void droppedFiles(event).then(addFiles);
    },
  };

  return (
    <Dialog
      title={stage === 'report' ? t('importDialog.report') : t('importDialog.title')}
      headClassName="import-header"
      headExtra={
        <button
          type="button"
          className="icon-button"
          aria-label={t('importDialog.close')}
          title={t('importDialog.close')}
          onClick={() => (running ? setConfirmingStop(true) : close())}
        >
          ×
        </button>
      }
      className={dragging ? 'import-dialog dragging' : 'import-dialog'}
      // A stray click beside this large dialog must not throw away the files chosen.
      closeOnBackdrop={false}
      onClose={close}
      beforeClose={mayClose}
      boxProps={dropHandlers}
    >
      {stage === 'report' && report ? <ReportView report={report} /> : <ChooseView items={items} stage={stage} />}
      {error && stage === 'choosing' && (
        <p className="error-text import-error" role="alert">
          {error}
        </p>
      )}
      {running && <ProgressBar stage={stage} onStop={() => setConfirmingStop(true)} />}
      {asking && (
        <div className="import-confirm" role="alertdialog" aria-labelledby={stopId}>
          <strong id={stopId}>{t('importDialog.confirmStop')}</strong>
          <span>{t('importDialog.confirmStopBody')}</span>
          <span className="import-spacer" />
          <button type="button" className="button small" autoFocus onClick={() => setConfirmingStop(false)}>
            {t('importDialog.keepGoing')}
          </button>
          <button
            type="button"
            className="button small danger"
            onClick={() => {
              setConfirmingStop(false);
              void cancelImport();
            }}
          >
            {t('importDialog.stop')}
          </button>
        </div>
      )}
      {dragging && (
        <div className="import-drop-hint" aria-hidden="true">
          {t('importDialog.dropHere')}
        </div>
      )}
    </Dialog>
  );
}

/** The file list with previews and the options, before the import. */
function ChooseView({ items, stage }: { items: readonly ImportItem[]; stage: ImportStage }) {
  const { settings, addFiles, startImport, close } = useAppStore(
    useShallow((state) => ({
      settings: state.importSettings,
      addFiles: state.addImportFiles,
      startImport: state.startImport,
      close: state.closeImportDialog,
    })),
  );
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const running = stage !== 'choosing';
  const selected = items.find((item) => item.key === selectedKey) ?? items[0] ?? null;
  const toImport = items.filter((item) => item.key !== settings.sheetKey);
  const uncertain = items.filter(isUncertain).length;
  const failing = items.filter((item) => item.status === 'failed').length;
  const pending = items.some((item) => item.status === 'pending');

  useEffect(() => {
    // webkitdirectory is not in React's attribute list; set it on the element.
    folderInput.current?.setAttribute('webkitdirectory', '');
  }, []);

  return (
    <>
      <div className="import-toolbar">
        <button
          type="button"
          className="button small"
          data-autofocus
          disabled={running}
          onClick={() => filesInput.current?.click()}
        >
          {t('importDialog.addFiles')}
        </button>
        <button type="button" className="button small" disabled={running} onClick={() => folderInput.current?.click()}>
          {t('importDialog.addFolder')}
        </button>
        <span className="muted small">{t('importDialog.addHint')}</span>
        <span className="import-spacer" />
        {items.length > 0 && (
          <span className="small import-counts" aria-live="polite">
            {tn('importDialog.count', items.length)}
            {uncertain > 0 && <span className="import-flag-text"> · {tn('importDialog.needLook', uncertain)}</span>}
            {failing > 0 && <span className="error-inline"> · {tn('importDialog.willFail', failing)}</span>}
            {pending && <span className="muted"> · {t('importDialog.previewing')}</span>}
          </span>
        )}
        <input
          ref={filesInput}
          className="visually-hidden"
          type="file"
          multiple
          tabIndex={-1}
          aria-label={t('importDialog.addFiles')}
          data-testid="import-add-files"
          onChange={(event) => {
            addFiles(pickedFromInput(event.target.files));
            event.target.value = '';
          }}
        />
        <input
          ref={folderInput}
          className="visually-hidden"
          type="file"
          multiple
          tabIndex={-1}
          aria-label={t('importDialog.addFolder')}
          data-testid="import-add-folder"
          onChange={(event) => {
            addFiles(pickedFromInput(event.target.files));
            event.target.value = '';
          }}
        />
      </div>
      <div className="import-body">
        <div className="import-list-column">
          {items.length === 0 ? (
            <div className="import-empty">
              <p>{t('importDialog.empty')}</p>
              <p className="muted small">{t('importDialog.formats')}</p>
            </div>
          ) : (
            <FileTable
              items={items}
              selectedKey={selected?.key ?? null}
              sheetKey={settings.sheetKey}
              disabled={running}
              onSelect={setSelectedKey}
            />
          )}
          <PreviewPane item={selected} disabled={running} />
        </div>
        <OptionsPane items={items} settings={settings} disabled={running} />
      </div>
      <footer className="import-footer">
        <span className="muted small">{toImport.length > 0 && tn('importDialog.ready', toImport.length)}</span>
        <span className="import-spacer" />
        <button type="button" className="button" disabled={running} onClick={close}>
          {t('importDialog.cancel')}
        </button>
        <button
          type="button"
          className="button primary"
          disabled={running || toImport.length === 0}
          onClick={() => void startImport()}
        >
          {t('importDialog.start')}
        </button>
      </footer>
    </>
  );
}

function encodingLabel(item: ImportItem): string {
  if (item.encoding) return `${item.encoding} (${t('importDialog.chosen')})`;
  const preview = item.preview;
  if (!preview) return item.status === 'pending' ? t('importDialog.pending') : '—';
  if (preview.encoding === null) return t('importDialog.ownEncoding');
  return preview.certain
    ? t('importDialog.certain', { encoding: preview.encoding })
    : t('importDialog.confidence', { encoding: preview.encoding, percent: Math.round(preview.confidence) });
}

function kindLabel(item: ImportItem): string {
  const preview = item.preview;
  if (!preview) return item.status === 'pending' ? t('importDialog.pending') : '—';
  const format = t(`importDialog.format.${preview.format}`);
  return preview.kind === 'other' ? format : `${format} · ${t(`importDialog.kind.${preview.kind}`)}`;
}

type FileTableProps = Readonly<{
  items: readonly ImportItem[];
  selectedKey: string | null;
  sheetKey: string | null;
  disabled: boolean;
  onSelect(key: string): void;
}>;

/** One row per file: name, what was detected, the encoding (with its override), size. */
function FileTable({ items, selectedKey, sheetKey, disabled, onSelect }: FileTableProps) {
  const { remove, setEncoding } = useAppStore(
    useShallow((state) => ({ remove: state.removeImportItem, setEncoding: state.setImportEncoding })),
  );
  return (
    <div className="import-list" role="region" aria-label={t('importDialog.files')} tabIndex={-1}>
      <table className="grid-table import-table">
        <thead>
          <tr>
            <th scope="col">{t('importDialog.col.file')}</th>
            <th scope="col">{t('importDialog.col.kind')}</th>
            <th scope="col">{t('importDialog.col.encoding')}</th>
            <th scope="col" className="num">
              {t('importDialog.col.size')}
            </th>
            <th scope="col" aria-hidden="true" />
          </tr>
        </thead>
        <tbody>
          {items.map((item) => {
            const flagged = isUncertain(item);
            const classes = [
              item.key === selectedKey ? 'open' : '',
              flagged ? 'uncertain' : '',
              item.status === 'failed' ? 'failing' : '',
            ]
              .filter(Boolean)
              .join(' ');
            return (
              <tr
                key={item.key}
                className={classes || undefined}
                data-file={item.name}
                onClick={() => onSelect(item.key)}
              >
                <td className="import-name">
                  <button
                    type="button"
                    className="link-button"
                    title={item.name}
                    aria-pressed={item.key === selectedKey}
                    onClick={() => onSelect(item.key)}
                  >
                    {flagged && (
                      <span
                        className="import-flag"
                        role="img"
                        aria-label={t('importDialog.uncertain')}
                        title={t('importDialog.uncertain')}
                      >
                        !
                      </span>
                    )}
                    {item.name}
                  </button>
                  {item.key === sheetKey && <span className="chip import-badge">{t('importDialog.sheetBadge')}</span>}
                  {item.previewError && <div className="error-text import-row-error">{reportSentence(item.previewError, item.previewErrorKey)}</div>}
                </td>
                <td className="muted">{kindLabel(item)}</td>
                <td className={flagged ? 'import-flag-text' : 'muted'}>
                  {isTextual(item) ? (
                    <select
                      className="import-encoding"
                      aria-label={t('importDialog.encodingOf', { file: item.name })}
                      title={flagged ? t('importDialog.uncertain') : undefined}
                      value={item.encoding ?? ''}
                      disabled={disabled}
                      onChange={(event) => setEncoding(item.key, event.target.value || null)}
                    >
                      <option value="">
                        {item.encoding ? t('importDialog.detected', { encoding: '…' }) : encodingLabel(item)}
                      </option>
                      {ENCODINGS.map((encoding) => (
                        <option key={encoding} value={encoding}>
                          {encoding}
                        </option>
                      ))}
                    </select>
                  ) : (
                    encodingLabel(item)
                  )}
                </td>
                <td className="num muted">{formatSize(item.size, formatNumber)}</td>
                <td>
                  <button
                    type="button"
                    className="icon-button"
                    disabled={disabled}
                    aria-label={t('importDialog.remove', { file: item.name })}
                    title={t('importDialog.remove', { file: item.name })}
                    onClick={(event) => {
                      event.stopPropagation();
                      remove(item.key);
                    }}
                  >
                    ×
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The first lines of the selected file as the import would read them, and what the reader noted. */
function PreviewPane({ item, disabled }: { item: ImportItem | null; disabled: boolean }) {
  const setEncoding = useAppStore((state) => state.setImportEncoding);
  if (!item) return null;
  const preview = item.preview;
  return (
    <section className="import-preview" aria-label={t('importDialog.previewOf', { file: item.name })}>
      <div className="import-preview-header">
        <h3 className="subhead">{t('importDialog.previewOf', { file: item.name })}</h3>
        {isTextual(item) && (
          <label className="small">
            {t('importDialog.col.encoding')}{' '}
            <select
              value={item.encoding ?? ''}
              disabled={disabled}
              onChange={(event) => setEncoding(item.key, event.target.value || null)}
            >
              <option value="">
                {t('importDialog.detected', { encoding: preview?.encoding && !item.encoding ? preview.encoding : '…' })}
              </option>
              {ENCODINGS.map((encoding) => (
                <option key={encoding} value={encoding}>
                  {encoding}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {isUncertain(item) && <p className="import-advice small">{t('importDialog.uncertainAdvice')}</p>}
      {item.status === 'pending' && <p className="muted small">{t('importDialog.pending')}</p>}
      {item.previewError && <p className="error-text">{reportSentence(item.previewError, item.previewErrorKey)}</p>}
      {preview && (
        <>
          {preview.encoding === null && <p className="muted small">{t('importDialog.previewBinary')}</p>}
          <pre className="import-lines" lang={/[\u3400-\u9fff]/.test(preview.firstLines.join('')) ? 'zh' : undefined}>
            {preview.firstLines.length > 0 ? preview.firstLines.join('\n') : t('importDialog.previewEmpty')}
          </pre>
          {preview.notes.length > 0 && (
            <ul className="import-notes small">
              {preview.notes.map((note) => (
                <li key={note}>{reportSentence(note, preview.noteKeys?.[note])}</li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

/** Attribute from folder, attribute sheet, duplicates, kind, and the survey columns of spreadsheets. */
function OptionsPane({
  items,
  settings,
  disabled,
}: {
  items: readonly ImportItem[];
  settings: ImportSettings;
  disabled: boolean;
}) {
  const { update, addFiles } = useAppStore(
    useShallow((state) => ({ update: state.setImportSettings, addFiles: state.addImportFiles })),
  );
  const sheetInput = useRef<HTMLInputElement>(null);
  const tables = items.filter(isTable);
  const surveys = tables.filter((item) => item.key !== settings.sheetKey);
  const columns = commonColumns(surveys);
  const fromFolders = items.some((item) => item.relativePath !== undefined);

  return (
    <aside className="import-options-pane" aria-label={t('importDialog.options')}>
      <h3 className="subhead">{t('importDialog.options')}</h3>
      <fieldset className="import-field" disabled={disabled}>
        <label className="import-check">
          <input
            type="checkbox"
            checked={settings.folderAttribute}
            onChange={(event) => update({ folderAttribute: event.target.checked })}
          />
          {t('importDialog.folderAttribute')}
        </label>
        <input
          className="text-input import-input"
          aria-label={t('importDialog.folderAttributeName')}
          value={settings.folderAttributeName}
          disabled={!settings.folderAttribute}
          onChange={(event) => update({ folderAttributeName: event.target.value })}
        />
        <p className={fromFolders ? 'muted small' : 'muted small faint'}>{t('importDialog.folderAttributeHint')}</p>
      </fieldset>
      <fieldset className="import-field" disabled={disabled}>
        <label className="import-label">
          {t('importDialog.sheet')}
          <select
            value={settings.sheetKey ?? ''}
            onChange={(event) => update({ sheetKey: event.target.value || null })}
          >
            <option value="">{t('importDialog.sheetNone')}</option>
            {tables.map((item) => (
              <option key={item.key} value={item.key}>
                {item.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button small" onClick={() => sheetInput.current?.click()}>
          {t('importDialog.sheetChoose')}
        </button>
        <input
          ref={sheetInput}
          className="visually-hidden"
          type="file"
          accept=".csv,.tsv,.xlsx"
          tabIndex={-1}
          aria-label={t('importDialog.sheetChoose')}
          data-testid="import-add-sheet"
          onChange={(event) => {
            const picked = Array.from(event.target.files ?? []).map((file) => ({ file }));
            event.target.value = '';
            if (picked.length > 0) addFiles(picked, { asSheet: true });
          }}
        />
        <p className="muted small">{t('importDialog.sheetHint')}</p>
      </fieldset>
      <fieldset className="import-field" disabled={disabled}>
        <label className="import-check" title={t('importDialog.duplicatesHint')}>
          <input
            type="checkbox"
            checked={settings.allowDuplicates}
            onChange={(event) => update({ allowDuplicates: event.target.checked })}
          />
          {t('importDialog.duplicates')}
        </label>
        <label className="import-label">
          {t('importDialog.kind')}
          <select value={settings.kind} onChange={(event) => update({ kind: event.target.value as SourceKind | '' })}>
            <option value="">{t('importDialog.kindAuto')}</option>
            {SOURCE_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`sources.kind.${kind}`)}
              </option>
            ))}
          </select>
        </label>
      </fieldset>
      {surveys.length > 0 && (
        <SurveyOptions surveys={surveys} columns={columns} settings={settings} disabled={disabled} />
      )}
    </aside>
  );
}

function SurveyOptions({
  surveys,
  columns,
  settings,
  disabled,
}: {
  surveys: readonly ImportItem[];
  columns: readonly string[];
  settings: ImportSettings;
  disabled: boolean;
}) {
  const update = useAppStore((state) => state.setImportSettings);
  const rowsName = useId();
  return (
    <fieldset className="import-field import-survey" disabled={disabled}>
      <legend className="subhead">{t('importDialog.survey')}</legend>
      <p className="muted small import-survey-files" title={surveys.map((item) => item.name).join('\n')}>
        {t('importDialog.surveyFiles', { files: listText(surveys.map((item) => item.name)) })}
      </p>
      {columns.length === 0 ? (
        <p className="muted small">{t('importDialog.noColumns')}</p>
      ) : (
        <>
          <label className="import-label">
            {t('importDialog.textColumn')}
            <select
              value={settings.textColumn}
              aria-invalid={settings.textColumn === '' ? 'true' : undefined}
              onChange={(event) => update({ textColumn: event.target.value })}
            >
              <option value="">{t('importDialog.textColumnNone')}</option>
              {columns.map((column) => (
                <option key={column} value={column}>
                  {column}
                </option>
              ))}
            </select>
          </label>
          {settings.textColumn === '' && (
            <p className="import-flag-text small">{t('importDialog.textColumnMissing')}</p>
          )}
          <div className="import-label" role="radiogroup" aria-label={t('importDialog.rows')}>
            {t('importDialog.rows')}
            {(['sources', 'passages'] as const).map((rows) => (
              <label key={rows} className="import-check">
                <input
                  type="radio"
                  name={rowsName}
                  checked={settings.rows === rows}
                  onChange={() => update({ rows })}
                />
                {t(`importDialog.rows.${rows}`)}
              </label>
            ))}
          </div>
          {settings.rows === 'sources' && (
            <label className="import-label">
              {t('importDialog.nameColumn')}
              <select value={settings.nameColumn} onChange={(event) => update({ nameColumn: event.target.value })}>
                <option value="">{t('importDialog.nameColumnNone')}</option>
                {columns
                  .filter((column) => column !== settings.textColumn)
                  .map((column) => (
                    <option key={column} value={column}>
                      {column}
                    </option>
                  ))}
              </select>
            </label>
          )}
          <div className="import-label">{t('importDialog.attributeColumns')}</div>
          <div className="import-columns">
            {columns
              .filter((column) => column !== settings.textColumn)
              .map((column) => (
                <label key={column} className="import-check">
                  <input
                    type="checkbox"
                    checked={settings.attributeColumns.includes(column)}
                    onChange={(event) =>
                      update({
                        attributeColumns: event.target.checked
                          ? [...settings.attributeColumns, column]
                          : settings.attributeColumns.filter((other) => other !== column),
                      })
                    }
                  />
                  {column}
                </label>
              ))}
          </div>
        </>
      )}
    </fieldset>
  );
}

/** Done of total with the current file and phase; Cancel asks first. */
function ProgressBar({ stage, onStop }: { stage: ImportStage; onStop(): void }) {
  const progress = useAppStore((state) => state.importProgress);
  const label = progressLabel(stage, progress);
  const stopRef = useRef<HTMLButtonElement>(null);
  // While the import runs its Stop button has the focus (the Import button is disabled).
  useEffect(() => stopRef.current?.focus(), []);
  return (
    <div className="import-progress" role="status" aria-live="polite">
      <div className="import-progress-text">
        <span>{label}</span>
        {progress?.file && (
          <span className="muted import-progress-file" title={progress.file}>
            {progress.file}
          </span>
        )}
      </div>
      <progress
        aria-label={t('importDialog.progressLabel')}
        max={Math.max(1, progress?.total ?? 1)}
        value={progress?.done ?? 0}
      />
      <button type="button" className="button small" ref={stopRef} title={t('importDialog.stopHint')} onClick={onStop}>
        {t('importDialog.stop')}
      </button>
    </div>
  );
}

export function progressLabel(stage: ImportStage, progress: ImportProgress | null): string {
  const done = progress?.done ?? 0;
  const total = progress?.total ?? 0;
  if (stage === 'preparing') return t('importDialog.phase.preparing', { done, total });
  switch (progress?.phase ?? 'reading') {
    case 'writing':
      return t('importDialog.phase.writing', { done, total });
    case 'done':
      return t('importDialog.phase.done');
    default:
      return t('importDialog.phase.reading', { done, total });
  }
}

/** What became of every file: failures first, with the backend's sentences; savable as JSON. */
function ReportView({ report }: { report: BatchReport }) {
  const { importedAt, resetImport, close } = useAppStore(
    useShallow((state) => ({
      importedAt: state.importedAt,
      resetImport: state.resetImport,
      close: state.closeImportDialog,
    })),
  );
  const folderAttribute = useAppStore((state) =>
    state.importSettings.folderAttribute && state.importSettings.folderAttributeName.trim()
      ? state.importSettings.folderAttributeName.trim()
      : null,
  );
  const sheet = report.attributeSheet;
  const at = importedAt ? new Date(importedAt) : new Date();
  const summaryRef = useRef<HTMLParagraphElement>(null);
  // The focus goes to the summary when the report replaces the list.
  useEffect(() => summaryRef.current?.focus(), []);
  return (
    <>
      <div className="import-report-body">
        <p className="import-summary" ref={summaryRef} tabIndex={-1}>
          {t('importDialog.summary', {
            imported: report.imported.length,
            skipped: report.skipped.length,
            failed: report.failed.length,
          })}
        </p>
        {report.failed.length > 0 && (
          <ReportSection title={t('importDialog.report.failed')} tone="failed">
            {report.failed.map((entry) => (
              <li key={`${entry.file}\u0000${entry.reason}`} data-file={entry.file}>
                <FileSentence file={entry.file} sentence={reportSentence(entry.reason, entry.reasonKey)} />
              </li>
            ))}
          </ReportSection>
        )}
        {report.skipped.length > 0 && (
          <ReportSection title={t('importDialog.report.skipped')} tone="skipped">
            {report.skipped.map((entry) => (
              <li key={`${entry.file}\u0000${entry.reason}`} data-file={entry.file}>
                <FileSentence file={entry.file} sentence={reportSentence(entry.reason, entry.reasonKey)} />
              </li>
            ))}
          </ReportSection>
        )}
        {(folderAttribute || sheet) && (
          <ReportSection title={t('importDialog.report.attributes')} tone="plain">
            {folderAttribute && <li>{t('importDialog.report.folderAttribute', { name: folderAttribute })}</li>}
            {sheet && (
              <>
                <li>{tn('importDialog.report.sheetMatched', sheet.matched, { file: sheet.file })}</li>
                {sheet.attributes.map((attribute) => (
                  <li key={attribute.name} data-attribute={attribute.name}>
                    {t('importDialog.report.attributeType', {
                      name: attribute.name,
                      type: t(`importDialog.type.${attribute.type}`),
                    })}
                  </li>
                ))}
                {/* The note naming the inferred types says what the lines above say, per attribute. */}
                {sheet.notes
                  .filter((note) => sheet.noteKeys?.[note]?.key !== 'import.attributeTypes')
                  .map((note) => (
                    <li key={note} className="muted">
                      {reportSentence(note, sheet.noteKeys?.[note])}
                    </li>
                  ))}
              </>
            )}
          </ReportSection>
        )}
        {sheet && sheet.unmatched.length > 0 && (
          <ReportSection title={t('importDialog.report.unmatched')} tone="skipped">
            {sheet.unmatched.map((row) => (
              <li key={row.row}>{t('importDialog.report.row', { row: row.row, name: row.name })}</li>
            ))}
          </ReportSection>
        )}
        {report.codebooks.length > 0 && (
          <ReportSection title={t('importDialog.report.codebooks')} tone="plain">
            {report.codebooks.map((codebook) => (
              <li key={codebook.file}>
                {tn('importDialog.report.codes', codebook.codes, { file: codebook.file })}
                {codebook.notes.map((note) => (
                  <div key={note} className="muted">
                    {note}
                  </div>
                ))}
              </li>
            ))}
          </ReportSection>
        )}
        {report.notes.length > 0 && (
          <ReportSection title={t('importDialog.report.notes')} tone="plain">
            {report.notes.map((note) => (
              <li key={note}>{reportSentence(note, report.noteKeys?.[note])}</li>
            ))}
          </ReportSection>
        )}
        {report.imported.length > 0 && (
          <ReportSection title={t('importDialog.report.imported')} tone="plain">
            {report.imported.map((entry) => (
              <li key={entry.sourceId} data-file={entry.file}>
                <span className="import-report-file">{entry.file}</span>{' '}
                <span className="muted">
                  {t('importDialog.report.asSource', { name: entry.name })} ·{' '}
                  {tn('importDialog.report.characters', entry.length)}
                </span>
                {entry.notes.map((note) => (
                  <div key={note} className="muted small">
                    {reportSentence(note, entry.noteKeys?.[note])}
                  </div>
                ))}
              </li>
            ))}
          </ReportSection>
        )}
      </div>
      <footer className="import-footer">
        <button
          type="button"
          className="button"
          title={t('importDialog.saveHint')}
          onClick={() => downloadText(reportFileName(at), reportJson(report, at), 'application/json;charset=utf-8')}
        >
          {t('importDialog.save')}
        </button>
        <span className="import-spacer" />
        <button type="button" className="button" onClick={resetImport}>
          {t('importDialog.more')}
        </button>
        <button type="button" className="button primary" onClick={close}>
          {t('importDialog.close')}
        </button>
      </footer>
    </>
  );
}

/** A file and the backend's sentence about it, the name once and in bold (most sentences begin with it). */
function FileSentence({ file, sentence }: { file: string; sentence: string }) {
  if (sentence.startsWith(file)) {
    return (
      <>
        <span className="import-report-file">{file}</span>
        {sentence.slice(file.length)}
      </>
    );
  }
  return (
    <>
      <span className="import-report-file">{file}</span> {sentence}
    </>
  );
}

function ReportSection({
  title,
  tone,
  children,
}: {
  title: string;
  tone: 'failed' | 'skipped' | 'plain';
  children: ReactNode;
}) {
  return (
    <section className={`import-report-section ${tone}`}>
      <h3 className="subhead">{title}</h3>
      <ul>{children}</ul>
    </section>
  );
}
