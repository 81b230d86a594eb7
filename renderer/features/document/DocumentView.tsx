import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { t, tn, formatNumber } from '../../i18n';
import { useAppStore, useAppStoreApi } from '../../store';
import { flushWhenLeaving } from '../../store/pendingWrites';
import { CoderPicker } from './CoderPicker';
import { DocumentBody, liveTextSelection } from './DocumentBody';
import './document.css';
import type { ExtentUnit } from './extend';
import { FindBar } from './FindBar';
import { clearDomSelection, clearDomSelectionIf } from './selection';

/** The centre pane: the open source's header, its text with stripes, and a status line. */
export function DocumentView() {
  const model = useAppStore((state) => state.model);
  const status = useAppStore((state) => state.documentStatus);
  const openSourceId = useAppStore((state) => state.openSourceId);
  const findOpen = useAppStore((state) => state.findOpen);
  useCodingMemoRefresh();
  useFlushWhenLeaving();
  const loadingName = useAppStore(
    (state) => state.sources.find((source) => source.id === state.openSourceId)?.name ?? '',
  );

  if (openSourceId === null) {
    return (
      <section className="doc doc-empty" aria-label={t('workspace.document')}>
        <p className="placeholder">{t('document.none')}</p>
      </section>
    );
  }
  if (status === 'loading' || !model || model.source.id !== openSourceId) {
    return (
      <section className="doc doc-empty" aria-label={t('workspace.document')} aria-busy="true">
        <p className="placeholder">{t('document.loading', { name: loadingName })}</p>
      </section>
    );
  }
  return (
    <section className="doc" aria-label={t('document.region', { name: model.source.name })}>
      <DocumentHeader />
      {findOpen && <FindBar />}
      <DocumentBody key={model.source.id} model={model} />
      <DocumentStatus />
    </section>
  );
}

function DocumentHeader() {
  const { name, kind, length, attributes, codingCount } = useAppStore(
    useShallow((state) => ({
      name: state.model?.source.name ?? '',
      kind: state.model?.source.kind ?? 'other',
      length: state.model?.text.length ?? 0,
      attributes: state.model?.source.attributes ?? {},
      codingCount: state.model?.codings.size ?? 0,
    })),
  );
  return (
    <header className="doc-header">
      <h2 className="doc-title" title={name}>
        {name}
      </h2>
      <span className="chip">{t(`sources.kind.${kind}`)}</span>
      {Object.entries(attributes).map(([attribute, value]) => (
        <span className="chip" key={attribute} title={attribute}>
          <span className="muted">{attribute}</span> {value}
        </span>
      ))}
      <span className="doc-meta muted">
        {t('document.characters', { count: length })} · {tn('document.codings', codingCount)}
      </span>
      <CoderPicker />
    </header>
  );
}

/** Buttons in the status line keep the passage selected: a click must not take the selection away. */
function keepSelection(event: { preventDefault(): void }): void {
  event.preventDefault();
}

function ExtendButtons() {
  const store = useAppStoreApi();
  const extendSelection = useAppStore((state) => state.extendSelection);
  const button = (unit: ExtentUnit) => (
    <button
      type="button"
      className="button small quiet"
      title={t(unit === 'sentence' ? 'document.extendSentenceHint' : 'document.extendParagraphHint')}
      onMouseDown={keepSelection}
      onClick={() => void extendSelection(unit, liveTextSelection(store.getState()))}
    >
      {t(unit === 'sentence' ? 'document.extendSentence' : 'document.extendParagraph')}
    </button>
  );
  return (
    <span className="status-group" role="group" aria-label={t('document.extendLabel')}>
      <span className="muted">{t('document.extendLabel')}</span>
      {button('sentence')}
      {button('paragraph')}
    </span>
  );
}

function DocumentStatus() {
  const store = useAppStoreApi();
  const selection = useAppStore((state) => state.textSelection);
  const selected = useAppStore(
    useShallow((state) => {
      const coding = state.selectedCodingId === null ? undefined : state.model?.codings.get(state.selectedCodingId);
      if (!coding) return null;
      const code = state.codes.find((entry) => entry.id === coding.codeId);
      return {
        id: coding.id,
        path: code?.path ?? '?',
        color: code?.color ?? '#888',
        coder: coding.coderName,
        hasMemo: coding.memo.trim().length > 0,
      };
    }),
  );
  const inVivoParent = useAppStore(
    (state) => state.codes.find((code) => code.id === state.selectedCodeId)?.path ?? null,
  );
  const removeCoding = useAppStore((state) => state.removeCoding);
  const selectCoding = useAppStore((state) => state.selectCoding);
  const codeInVivo = useAppStore((state) => state.codeInVivo);
  const setTextSelection = useAppStore((state) => state.setTextSelection);
  const openMemo = useAppStore((state) => state.openMemo);
  const openCodingAs = useAppStore((state) => state.openCodingAs);
  const coderName = useAppStore((state) => state.project?.currentCoder.name ?? '');

  let content;
  if (selected) {
    content = (
      <>
        <span className="swatch" style={{ background: selected.color }} />
        <span className="status-text" title={t('document.adjustHint')}>
          {t('document.selectedCoding', { code: selected.path, coder: selected.coder })}
        </span>
        <ExtendButtons />
        <span className="status-spacer" />
        <button
          type="button"
          className="button small"
          title={t('document.memoHint')}
          onClick={() => openMemo({ type: 'coding', id: selected.id })}
        >
          {selected.hasMemo ? `✎ ${t('document.memo')}` : t('document.memo')}
        </button>
        <button type="button" className="button small" onClick={() => void removeCoding(selected.id)}>
          × {t('document.removeCoding')}
        </button>
        <button type="button" className="button small quiet" onClick={() => selectCoding(null)}>
          {t('confirm.cancel')}
        </button>
      </>
    );
  } else if (selection) {
    content = (
      <>
        <span className="status-text">
          {t('document.selection', { count: formatNumber(selection.end - selection.start) })}
        </span>
        <ExtendButtons />
        <span className="status-spacer" />
        <button
          type="button"
          className="button small"
          title={inVivoParent ? t('document.inVivoUnderHint', { parent: inVivoParent }) : t('document.inVivoRootHint')}
          onMouseDown={keepSelection}
          onClick={() => {
            const state = store.getState();
            const range = liveTextSelection(state);
            const text = state.model?.text ?? '';
            void codeInVivo(range).then((coded) => {
              if (coded && range) clearDomSelectionIf(range, text);
            });
          }}
        >
          {t('document.inVivo')}
        </button>
        <button
          type="button"
          className="button small quiet"
          onMouseDown={keepSelection}
          onClick={() => {
            clearDomSelection();
            setTextSelection(null);
          }}
        >
          {t('confirm.cancel')}
        </button>
      </>
    );
  } else {
    content = (
      <>
        <span className="status-text muted">{t('codebook.hint')}</span>
        <span className="status-spacer" />
        <button type="button" className="button small quiet" title={t('document.codingAs.hint')} onClick={openCodingAs}>
          {t('document.codingAs.button', { name: coderName })}
        </button>
      </>
    );
  }
  return (
    <footer className="doc-status" role="status" aria-live="polite">
      {content}
    </footer>
  );
}

/**
 * A coding's memo is written in the memo editor (features/memos); when the editor closes on
 * one, the open document reads its codings again so the stripe's memo mark and card follow.
 */
function useCodingMemoRefresh(): void {
  const target = useAppStore((state) => state.memoDraft?.entry.target ?? null);
  const reloadDocument = useAppStore((state) => state.reloadDocument);
  const editingCoding = useRef(false);
  useEffect(() => {
    const isCoding = target?.type === 'coding';
    if (editingCoding.current && !isCoding) void reloadDocument();
    editingCoding.current = isCoding;
  }, [target, reloadDocument]);
}

/**
 * Closing or reloading the window with a coding's end just moved by the keys (written when
 * the keys rest) writes the move at once rather than losing it.
 */
function useFlushWhenLeaving(): void {
  const store = useAppStoreApi();
  useEffect(() => flushWhenLeaving(window, () => store.getState().flushPendingWrites()), [store]);
}
