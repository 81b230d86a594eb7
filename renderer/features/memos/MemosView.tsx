import { useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { MemoEntry, MemoTargetType } from '../../../shared/ipc/channels/memos';
import { MEMO_TARGET_TYPES } from '../../../shared/ipc/channels/memos';
import { t, tn } from '../../i18n';
import { useAppStore, useAppStoreApi } from '../../store';
import { formatMemoDate, memoKind, shownMemos } from './format';
import { listRowForKey } from '../../lib/keys';
import { markdownToPlainText } from '../../../shared/ipc/channels/memos';
import './memos.css';

/** Splits `text` around the filter's words so that they can be marked. */
function highlight(text: string, filter: string): React.ReactNode {
  const words = filter
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (words.length === 0) return text;
  const parts = text.split(new RegExp(`(${words.join('|')})`, 'giu'));
  return parts.map((part, index) =>
    index % 2 === 1 ? (
      <mark key={index} className="memo-mark">
        {part}
      </mark>
    ) : (
      part
    ),
  );
}

/**
 * Every memo of the project in one list (journal, sources, codes, codings): what it is about,
 * author and date, filtered by text. Enter opens a memo, Delete removes it (after a
 * confirmation; Ctrl+Z brings it back).
 */
export function MemosView() {
  const store = useAppStoreApi();
  const {
    memos,
    sources,
    codes,
    memosStatus,
    memoFilter,
    setMemoFilter,
    kind,
    setKind,
    setExportOpen,
    loadMemos,
    openMemo,
    openMemoEntry,
    askDeleteMemo,
  } = useAppStore(
    useShallow((state) => ({
      memos: state.memos,
      sources: state.sources,
      codes: state.codes,
      memosStatus: state.memosStatus,
      memoFilter: state.memoFilter,
      setMemoFilter: state.setMemoFilter,
      kind: state.memoKindFilter,
      setKind: state.setMemoKindFilter,
      setExportOpen: state.setMemoExportOpen,
      loadMemos: state.loadMemos,
      openMemo: state.openMemo,
      openMemoEntry: state.openMemoEntry,
      askDeleteMemo: state.askDeleteMemo,
    })),
  );
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const listRef = useRef<HTMLUListElement>(null);

  // Undo, redo and other windows change memos too: the backend says so with project:changed.
  useEffect(() => {
    void loadMemos();
    return store.getState().bridge.on('project:changed', () => void store.getState().loadMemos());
  }, [store, loadMemos]);

  const shown = useMemo(() => shownMemos(memos, kind, memoFilter), [memos, memoFilter, kind]);
  const activeIndex = Math.max(
    0,
    shown.findIndex((entry) => entry.key === activeKey),
  );

  const focusRow = (index: number): void => {
    const entry = shown[index];
    if (!entry) return;
    setActiveKey(entry.key);
    listRef.current?.querySelectorAll<HTMLElement>('.memo-row')[index]?.focus();
  };

  const onRowKeyDown = (event: React.KeyboardEvent, entry: MemoEntry, index: number): void => {
    const row = listRowForKey(event.key, index, shown.length);
    if (row !== null) {
      event.preventDefault();
      focusRow(row);
      return;
    }
    switch (event.key) {
      case 'Enter':
      case ' ':
        event.preventDefault();
        openMemoEntry(entry);
        break;
      case 'Delete':
      case 'Backspace':
        event.preventDefault();
        askDeleteMemo(entry);
        break;
      default:
    }
  };

  return (
    <section className="memos-view" aria-label={t('memos.view.title')}>
      <div className="toolbar memos-toolbar">
        <h2 className="toolbar-title">{t('memos.view.title')}</h2>
        <input
          type="search"
          className="text-input"
          aria-label={t('memos.view.filter')}
          placeholder={t('memos.view.filterPlaceholder')}
          value={memoFilter}
          onChange={(event) => setMemoFilter(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown' && shown.length > 0) {
              event.preventDefault();
              focusRow(0);
            } else if (event.key === 'Escape' && memoFilter !== '') {
              event.stopPropagation();
              setMemoFilter('');
            }
          }}
        />
        <label className="toolbar-label" htmlFor="memos-kind">
          {t('memos.view.type')}
        </label>
        <select
          id="memos-kind"
          value={kind}
          onChange={(event) => setKind(event.target.value as MemoTargetType | 'all')}
        >
          <option value="all">{t('memos.view.allTypes')}</option>
          {MEMO_TARGET_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`memos.type.${type}`)}
            </option>
          ))}
        </select>
        <span className="muted memos-count" aria-live="polite">
          {shown.length === memos.length
            ? tn('memos.view.count', memos.length)
            : t('memos.view.shown', { shown: shown.length, count: memos.length })}
        </span>
        <span className="toolbar-spacer" />
        <select
          className="memos-new"
          aria-label={t('memos.view.newOn')}
          value=""
          onChange={(event) => {
            const [type, id] = event.target.value.split(':');
            if (type === 'source' || type === 'code') openMemo({ type, id });
          }}
        >
          <option value="">{t('memos.view.newOn')}</option>
          {sources.length > 0 && (
            <optgroup label={t('memos.view.sources')}>
              {sources.map((source) => (
                <option key={source.id} value={`source:${source.id}`}>
                  {source.name}
                </option>
              ))}
            </optgroup>
          )}
          {codes.length > 0 && (
            <optgroup label={t('memos.view.codes')}>
              {codes.map((code) => (
                <option key={code.id} value={`code:${code.id}`}>
                  {code.path}
                </option>
              ))}
            </optgroup>
          )}
        </select>
        <button
          type="button"
          className="button small"
          title={t('memos.view.journalHint')}
          onClick={() => openMemo({ type: 'project', id: null })}
        >
          {t('memos.view.journal')}
        </button>
        <button
          type="button"
          className="button small"
          title={t('memos.view.exportHint')}
          onClick={() => setExportOpen(true)}
        >
          {t('memos.view.export')}
        </button>
      </div>
      <div className="memos-scroller">
        {memosStatus !== 'ready' && memos.length === 0 ? (
          <p className="placeholder memos-empty">{t('memos.view.loading')}</p>
        ) : memos.length === 0 ? (
          <p className="placeholder memos-empty">{t('memos.view.empty')}</p>
        ) : shown.length === 0 ? (
          <p className="placeholder memos-empty">{t('memos.view.noMatch', { filter: memoFilter })}</p>
        ) : (
          <>
            <p className="muted small explain">{t('memos.view.keys')}</p>
            <ul className="memos-list" ref={listRef} aria-label={t('memos.view.list')}>
              {shown.map((entry, index) => (
                <MemoRow
                  key={entry.key}
                  entry={entry}
                  filter={memoFilter}
                  active={index === activeIndex}
                  onFocus={() => setActiveKey(entry.key)}
                  onKeyDown={(event) => onRowKeyDown(event, entry, index)}
                  onOpen={() => openMemoEntry(entry)}
                  onDelete={() => askDeleteMemo(entry)}
                />
              ))}
            </ul>
          </>
        )}
      </div>
    </section>
  );
}

type MemoRowProps = Readonly<{
  entry: MemoEntry;
  filter: string;
  active: boolean;
  onFocus(): void;
  onKeyDown(event: React.KeyboardEvent): void;
  onOpen(): void;
  onDelete(): void;
}>;

function MemoRow({ entry, filter, active, onFocus, onKeyDown, onOpen, onDelete }: MemoRowProps) {
  const preview = markdownToPlainText(entry.body);
  const date = formatMemoDate(entry.updatedAt);
  return (
    <li
      className="memo-row"
      // One row in the tab order; the arrow keys move between rows.
      tabIndex={active ? 0 : -1}
      data-active={active || undefined}
      aria-label={`${memoKind(entry)}: ${entry.about}${entry.title ? ` — ${entry.title}` : ''}`}
      onFocus={onFocus}
      onKeyDown={onKeyDown}
      onDoubleClick={onOpen}
      onClick={(event) => {
        if ((event.target as HTMLElement).closest('button')) return;
        onOpen();
      }}
    >
      <span className="memo-kind">{memoKind(entry)}</span>
      <div className="memo-main">
        <div className="memo-about">
          {entry.color && <span className="memo-swatch" style={{ background: entry.color }} aria-hidden="true" />}
          <span className="memo-about-text">{highlight(entry.about, filter)}</span>
          {entry.title && <span className="memo-row-title">· {highlight(entry.title, filter)}</span>}
        </div>
        {entry.context && <div className="memo-row-context">{highlight(entry.context, filter)}</div>}
        <div className="memo-preview">
          {preview ? highlight(preview, filter) : <span className="muted">{t('memos.view.emptyBody')}</span>}
        </div>
      </div>
      <div className="memo-meta">
        <div>{[entry.authorName, date].filter(Boolean).join(' · ')}</div>
        <div className="memo-actions">
          <button
            type="button"
            className="button small quiet"
            tabIndex={-1}
            aria-label={t('memos.view.openLabel', { about: entry.about })}
            onClick={onOpen}
          >
            {t('memos.view.open')}
          </button>
          <button
            type="button"
            className="button small quiet memo-delete"
            tabIndex={-1}
            aria-label={t('memos.view.deleteLabel', { about: entry.about })}
            onClick={onDelete}
          >
            {t('memos.view.delete')}
          </button>
        </div>
      </div>
    </li>
  );
}
