import { useEffect, useId, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ConfirmDialog } from '../../app/ConfirmDialog';
import { t } from '../../i18n';
import { isPrimaryModifier } from '../../lib/keys';
import { useAppStore } from '../../store';
import type { MemoDraft } from './memosSlice';
import { formatMemoDate } from './format';
import { RichTextEditor } from './RichTextEditor';

/**
 * Always mounted in the workspace: the memo editor dialog (opened by `openMemo` from anywhere)
 * and the confirmation before a memo is deleted.
 */
export function MemosLayer() {
  const { memoDraft, memoToDelete, askDeleteMemo, confirmDeleteMemo } = useAppStore(
    useShallow((state) => ({
      memoDraft: state.memoDraft,
      memoToDelete: state.memoToDelete,
      askDeleteMemo: state.askDeleteMemo,
      confirmDeleteMemo: state.confirmDeleteMemo,
    })),
  );
  return (
    <>
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
  const titleId = useId();
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const dialogRef = useRef<HTMLDivElement>(null);
  const { entry } = draft;
  const dirty = isDirty(draft);
  const written = entry.memoId !== null || entry.body.trim() !== '';

  // Focus goes back where it was (a list row, a stripe) when the dialog closes.
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    return () => previous?.focus?.();
  }, []);

  const requestClose = (): void => {
    if (isDirty(draft)) setConfirmDiscard(true);
    else closeMemo();
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
    <div
      className="overlay memo-overlay"
      onMouseDown={(event) => event.target === event.currentTarget && requestClose()}
    >
      <div
        ref={dialogRef}
        className="dialog memo-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        // Capture phase: the editor would otherwise take Ctrl+Enter as a new paragraph first.
        onKeyDownCapture={(event) => {
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
        }}
        onKeyDown={(event) => {
          if (!confirmDiscard && event.key === 'Escape') {
            event.stopPropagation();
            requestClose();
          }
        }}
      >
        <div className="memo-dialog-head">
          <h2 id={titleId} className="dialog-title memo-dialog-title">
            {entry.color && <span className="memo-swatch" style={{ background: entry.color }} aria-hidden="true" />}
            <span>{heading}</span>
          </h2>
          {byline && <span className="muted small">{byline}</span>}
        </div>
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
    </div>
  );
}
