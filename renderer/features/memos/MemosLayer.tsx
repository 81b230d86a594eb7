import { useEffect, useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { MemoExportFormat } from '../../../shared/ipc/channels/memos';
import { ConfirmDialog } from '../../app/ConfirmDialog';
import { Dialog } from '../../app/Dialog';
import { ExportFooter, useExportRun } from '../../app/ExportFooter';
import { t, tn } from '../../i18n';
import { downloadText } from '../../lib/files';
import { isEditableTarget, isPrimaryModifier } from '../../lib/keys';
import { useAppStore, useAppStoreApi } from '../../store';
import type { MemoDraft } from './memosSlice';
import { formatMemoDate, shownMemos } from './format';
import { RichTextEditor } from './RichTextEditor';

/**
 * Always mounted in the workspace: the memo editor dialog (opened by `openMemo` from anywhere),
 * the confirmation before a memo is deleted, and the export dialog with its shortcut
 * Ctrl/Cmd+E while the Memos tab is shown (the Analysis tab's Ctrl+E exports its result the
 * same way; Ctrl/Cmd+Shift+E is the project's exchange export).
 */
export function MemosLayer() {
  const { memoDraft, memoToDelete, exportOpen, askDeleteMemo, confirmDeleteMemo } = useAppStore(
    useShallow((state) => ({
      memoDraft: state.memoDraft,
      memoToDelete: state.memoToDelete,
      exportOpen: state.memoExportOpen,
      askDeleteMemo: state.askDeleteMemo,
      confirmDeleteMemo: state.confirmDeleteMemo,
    })),
  );
  useMemosShortcuts();
  return (
    <>
      {exportOpen && <ExportDialog />}
      {memoDraft && <MemoDialog key={memoDraft.serial} draft={memoDraft} />}
      {memoToDelete && (
        <ConfirmDialog
          title={t('memos.delete.title')}
          lines={[t('memos.delete.line', { about: memoToDelete.about }), t('memos.delete.undo')]}
          onConfirm={() => void confirmDeleteMemo()}
          onCancel={() => askDeleteMemo(null)}
        />
      )}
    </>
  );
}

function isDirty(draft: MemoDraft): boolean {
  return draft.title !== draft.entry.title || draft.body.trim() !== draft.entry.body.trim();
}

/** The memo editor: a title, the rich text, and Save / Close / Delete. */
function MemoDialog({ draft }: Readonly<{ draft: MemoDraft }>) {
  const { editMemoDraft, saveMemo, closeMemo, askDeleteMemo } = useAppStore(
    useShallow((state) => ({
      editMemoDraft: state.editMemoDraft,
      saveMemo: state.saveMemo,
      closeMemo: state.closeMemo,
      askDeleteMemo: state.askDeleteMemo,
    })),
  );
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const { entry } = draft;
  const dirty = isDirty(draft);
  const written = entry.memoId !== null || entry.body.trim() !== '';

  // Closing with unsaved edits asks first.
  const mayClose = (): boolean => {
    if (!isDirty(draft)) return true;
    setConfirmDiscard(true);
    return false;
  };
  const requestClose = (): void => {
    if (mayClose()) closeMemo();
  };
  const saveAndClose = async (): Promise<void> => {
    if (await saveMemo()) closeMemo();
  };
  const heading =
    entry.target.type === 'project'
      ? t('memos.dialog.project')
      : t(`memos.dialog.${entry.target.type}`, { about: entry.about });
  const byline =
    entry.authorName && entry.updatedAt
      ? t('memos.dialog.by', { author: entry.authorName, date: formatMemoDate(entry.updatedAt) })
      : null;

  return (
    <Dialog
      title={
        <>
          {entry.color && <span className="memo-swatch" style={{ background: entry.color }} aria-hidden="true" />}
          <span>{heading}</span>
        </>
      }
      titleClassName="memo-dialog-title"
      headClassName="memo-dialog-head"
      headExtra={byline && <span className="muted small">{byline}</span>}
      size="large"
      className="memo-dialog"
      // The editor takes the focus itself (autoFocus).
      initialFocus="none"
      onClose={closeMemo}
      beforeClose={mayClose}
      boxProps={{
        // Capture phase: the editor would otherwise take Ctrl+Enter as a new paragraph first.
        onKeyDownCapture: (event) => {
          if (confirmDiscard || !isPrimaryModifier(event.nativeEvent)) return;
          if (event.key === 'Enter') {
            event.preventDefault();
            event.stopPropagation();
            void saveAndClose();
          } else if (event.key.toLowerCase() === 's' && !event.shiftKey) {
            event.preventDefault();
            event.stopPropagation();
            void saveMemo();
          }
        },
      }}
    >
      {entry.context && <p className="memo-context">{entry.context}</p>}
      <input
        className="text-input memo-title-input"
        aria-label={t('memos.dialog.title')}
        placeholder={t('memos.dialog.titlePlaceholder')}
        value={draft.title}
        maxLength={500}
        onChange={(event) => editMemoDraft({ title: event.target.value })}
      />
      <RichTextEditor
        value={draft.body}
        onChange={(body) => editMemoDraft({ body })}
        label={t('memos.dialog.body')}
        placeholder={t('memos.dialog.placeholder')}
        autoFocus
      />
      <div className="dialog-actions memo-dialog-actions">
        {written && (
          <button type="button" className="button quiet memo-delete" onClick={() => askDeleteMemo(entry)}>
            {t('memos.dialog.delete')}
          </button>
        )}
        <span className="muted small memo-dialog-hint">
          {dirty ? t('memos.dialog.unsaved') : t('memos.dialog.hint')}
        </span>
        <button type="button" className="button" onClick={requestClose}>
          {t('memos.dialog.close')}
        </button>
        <button
          type="button"
          className="button primary"
          disabled={draft.saving || !dirty}
          onClick={() => void saveAndClose()}
        >
          {draft.saving ? t('memos.dialog.saving') : t('memos.dialog.save')}
        </button>
      </div>
      {confirmDiscard && (
        <ConfirmDialog
          title={t('memos.dialog.discardTitle')}
          lines={[t('memos.dialog.discardLine')]}
          confirmLabel={t('memos.dialog.discard')}
          onConfirm={() => {
            setConfirmDiscard(false);
            closeMemo();
          }}
          onCancel={() => setConfirmDiscard(false)}
        />
      )}
    </Dialog>
  );
}

function useMemosShortcuts(): void {
  const store = useAppStoreApi();
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (!isPrimaryModifier(event) || event.altKey || event.shiftKey || event.code !== 'KeyE') return;
      const state = store.getState();
      if (state.phase !== 'workspace' || state.view !== 'memos' || state.paletteOpen) return;
      if (state.memoExportOpen || state.memoDraft !== null || state.memoToDelete !== null) return;
      // In the filter box Ctrl+E still exports (it edits no text); other fields keep their keys.
      const inFilter = event.target instanceof Element && event.target.closest('.memos-toolbar') !== null;
      if (!inFilter && isEditableTarget(event.target)) return;
      event.preventDefault();
      state.setMemoExportOpen(true);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
}

/**
 * Export of the memos: those the Memos tab shows under its kind and filter, or all of them;
 * Markdown or CSV (with the BOM Excel needs). The file is the backend's, saved as it is, so it
 * equals what `marginalia memos` writes.
 */
function ExportDialog() {
  const { memos, kind, filter, setOpen, exportMemos, notify } = useAppStore(
    useShallow((state) => ({
      memos: state.memos,
      kind: state.memoKindFilter,
      filter: state.memoFilter,
      setOpen: state.setMemoExportOpen,
      exportMemos: state.exportMemos,
      notify: state.notify,
    })),
  );
  const shown = shownMemos(memos, kind, filter);
  const filtered = shown.length !== memos.length;
  const [onlyShown, setOnlyShown] = useState(filtered);
  const [format, setFormat] = useState<MemoExportFormat>('md');
  const [bom, setBom] = useState(false);
  const { busy, error, run } = useExportRun();
  const whichId = useId();
  const formatId = useId();
  const close = (): void => setOpen(false);

  const filterWords = [
    kind === 'all' ? null : t('memos.export.filterKind', { kind: t(`memos.type.${kind}`) }),
    filter.trim() === '' ? null : t('memos.export.filterText', { filter: filter.trim() }),
  ].filter((part): part is string => part !== null);
  const count = filtered && onlyShown ? shown.length : memos.length;

  const onExport = async (): Promise<void> => {
    if (busy || count === 0) return;
    const keys = filtered && onlyShown ? shown.map((entry) => entry.key) : null;
    await run(
      () => exportMemos(format, format === 'csv' && bom, keys),
      t('memos.export.failed'),
      (file) => {
        downloadText(file.fileName, file.content, file.mimeType);
        notify('info', t('memos.export.saved', { file: file.fileName }));
        close();
      },
    );
  };

  return (
    <Dialog title={t('memos.export.title')} size="medium" onClose={close}>
      <form
        className="memos-export"
        onSubmit={(event) => {
          event.preventDefault();
          void onExport();
        }}
      >
        {memos.length === 0 ? (
          <p className="muted small">{t('memos.export.none')}</p>
        ) : (
          filtered && (
            <fieldset className="memos-export-choices" aria-labelledby={whichId} disabled={busy}>
              <legend id={whichId} className="memos-export-label">
                {t('memos.export.which')}
              </legend>
              <label className="memos-export-choice">
                <input type="radio" name="which" checked={onlyShown} onChange={() => setOnlyShown(true)} />
                <span>
                  {tn('memos.export.shown', shown.length)}
                  {filterWords.length > 0 && (
                    <span className="muted small">
                      {' '}
                      {t('memos.export.filters', { list: filterWords.join(t('memos.export.separator')) })}
                    </span>
                  )}
                </span>
              </label>
              <label className="memos-export-choice">
                <input type="radio" name="which" checked={!onlyShown} onChange={() => setOnlyShown(false)} />
                <span>{tn('memos.export.all', memos.length)}</span>
              </label>
            </fieldset>
          )
        )}
        <fieldset className="memos-export-choices" aria-labelledby={formatId} disabled={busy}>
          <legend id={formatId} className="memos-export-label">
            {t('memos.export.format')}
          </legend>
          {(['md', 'csv'] as const).map((option) => (
            <label key={option} className="memos-export-choice">
              <input
                type="radio"
                name="format"
                value={option}
                checked={format === option}
                onChange={() => setFormat(option)}
              />
              <span>
                {t(`memos.export.${option}`)}
                <span className="muted small block">{t(`memos.export.${option}Hint`)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {format === 'csv' && (
          <label className="memos-export-choice memos-export-bom">
            <input type="checkbox" checked={bom} disabled={busy} onChange={(event) => setBom(event.target.checked)} />
            <span>
              {t('memos.export.bom')}
              <span className="muted small block">{t('memos.export.bomHint')}</span>
            </span>
          </label>
        )}
        <ExportFooter busy={busy} error={error} canExport={count > 0} onCancel={close} />
      </form>
    </Dialog>
  );
}
