import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { CodeId } from '../../../shared/domain/ids';
import { markdownToPlainText } from '../../../shared/ipc/channels/memos';
import type { RetrievedPassage, RetrievalReport } from '../../../shared/ipc/channels/retrieval';
import { t, tn } from '../../i18n';
import { isPrimaryModifier, listRowForKey } from '../../lib/keys';
import { logger } from '../../lib/logger';
import { rootFontScale } from '../../lib/textMetrics';
import { useVirtualList } from '../../lib/useVirtualList';
import { useAppStore, useAppStoreApi } from '../../store';
import { locationLabel, quotations } from './citation';
import { RetrievalFilters } from './RetrievalFilters';
import { passageHeightEstimate } from './rowHeight';
import './retrieval.css';

const CONTEXT_CHOICES = [0, 1, 2, 3, 5] as const;
const NO_PASSAGES: readonly RetrievedPassage[] = [];

/**
 * "800 passages in 3 sources"; "… in 3 of 12 sources" only when some sources in scope have
 * none (the second number is the sources the filters keep, said so when there are filters).
 */
export function summaryLine(count: number, withPassages: number, report: RetrievalReport): string {
  if (count === 0) return tn('retrieval.passages', 0);
  const total = report.sourceCount;
  const sources =
    withPassages === total
      ? tn('retrieval.summarySources', total)
      : t(report.where.length > 0 ? 'retrieval.summarySourcesOfFiltered' : 'retrieval.summarySourcesOf', {
          sources: withPassages,
          total,
        });
  return tn('retrieval.summary', count, { sources });
}

/** Writes plain text to the clipboard; the old way when the Clipboard API is not allowed. */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch (error) {
    logger.warn(`clipboard: ${error instanceof Error ? error.message : String(error)}`);
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    const done = document.execCommand('copy');
    area.remove();
    return done;
  }
}

/**
 * Every passage coded with a code (and its sub-codes), with source, attributes, coder and a
 * few sentences of context; filtered by attribute comparisons and coder; Enter goes to a
 * passage in its document; passages copy as quotations with citations. Only the rows near the
 * viewport are drawn (a code can have thousands of passages); copying works on the data.
 */
export function RetrievalView() {
  const store = useAppStoreApi();
  const state = useAppStore(
    useShallow((s) => ({
      codes: s.codes,
      attributes: s.attributes,
      coders: s.coders,
      selectedCodeId: s.selectedCodeId,
      query: s.retrievalQuery,
      report: s.retrievalReport,
      status: s.retrievalStatus,
      selection: s.retrievalSelection,
    })),
  );
  const { codes, attributes, coders, query, report, status, selection } = state;
  const actions = useAppStore(
    useShallow((s) => ({
      setQuery: s.setRetrievalQuery,
      run: s.runRetrieval,
      toggle: s.toggleRetrievalSelection,
      setSelection: s.setRetrievalSelection,
      goTo: s.goToPassage,
      notify: s.notify,
      loadCoders: s.loadCoders,
      openMemo: s.openMemo,
    })),
  );
  const scrollerRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  // The row that takes the focus once it is mounted (a key moved to a row far away).
  const focusWanted = useRef<string | null>(null);

  // First visit: the code selected in the codebook, if any. Later visits keep their query.
  useEffect(() => {
    const current = store.getState();
    void current.loadCoders();
    if (current.retrievalQuery.codeId === null && current.selectedCodeId !== null) {
      current.setRetrievalQuery({ codeId: current.selectedCodeId });
    } else {
      void current.runRetrieval();
    }
    // Codings change under us (coding, undo, another window): retrieve again.
    return current.bridge.on('project:changed', () => void store.getState().runRetrieval());
  }, [store]);

  const passages = report?.passages ?? NO_PASSAGES;
  const chosenCode = codes.find((code) => code.id === query.codeId) ?? null;
  const sourcesWithPassages = new Set(passages.map((passage) => passage.sourceId)).size;
  const selectedPassages = passages.filter((passage) => selection.has(passage.codingId));
  const activeIndex = Math.max(
    0,
    passages.findIndex((passage) => passage.codingId === activeId),
  );
  const reportAttributes = report?.attributes;
  const keys = useMemo(() => passages.map((passage) => passage.codingId), [passages]);
  const estimate = useMemo(
    () => passageHeightEstimate(passages, reportAttributes ?? [], rootFontScale()),
    [passages, reportAttributes],
  );
  // The active row (the one Tab reaches) stays mounted wherever the list scrolls, so the
  // keyboard focus is never lost and the list can always be tabbed into.
  const virtual = useVirtualList(keys, estimate, scrollerRef, listRef, passages.length > 0 ? activeIndex : null);

  // Another question (code, filters, coder) starts at the top; a refresh after an edit stays put.
  const question = report
    ? JSON.stringify([report.codeId, report.includeDescendants, report.where, report.coder])
    : null;
  useLayoutEffect(() => {
    const scroller = scrollerRef.current;
    if (scroller && question !== null) scroller.scrollTop = 0;
  }, [question]);

  // A row chosen by a key: focus it once mounted, and bring it into view (it may have been
  // far outside the drawn rows; the window then follows the scroll).
  useLayoutEffect(() => {
    const wanted = focusWanted.current;
    if (wanted === null) return;
    const index = passages.findIndex((passage) => passage.codingId === wanted);
    const element = index < 0 ? undefined : virtual.elements.get(index);
    if (!element) return;
    focusWanted.current = null;
    element.focus({ preventScroll: true });
    element.scrollIntoView({ block: 'nearest' });
  });

  const copy = async (chosen: readonly RetrievedPassage[]): Promise<void> => {
    if (chosen.length === 0) return;
    if (await copyText(quotations(chosen))) actions.notify('info', tn('retrieval.copied', chosen.length));
    else actions.notify('error', t('retrieval.copyFailed'));
  };

  const focusRow = (index: number): void => {
    const passage = passages[index];
    if (!passage) return;
    focusWanted.current = passage.codingId;
    setActiveId(passage.codingId);
  };

  const onRowKeyDown = (event: React.KeyboardEvent, passage: RetrievedPassage, index: number): void => {
    if (event.target !== event.currentTarget) return;
    if (isPrimaryModifier(event.nativeEvent) && event.key.toLowerCase() === 'c' && !window.getSelection()?.toString()) {
      event.preventDefault();
      void copy(selectedPassages.length > 0 ? selectedPassages : [passage]);
      return;
    }
    if (isPrimaryModifier(event.nativeEvent) && event.key.toLowerCase() === 'a') {
      event.preventDefault();
      actions.setSelection(passages.map((entry) => entry.codingId));
      return;
    }
    const row = listRowForKey(event.key, index, passages.length);
    if (row !== null) {
      event.preventDefault();
      focusRow(row);
      return;
    }
    switch (event.key) {
      case 'Enter':
        event.preventDefault();
        void actions.goTo(passage);
        break;
      case ' ':
        event.preventDefault();
        actions.toggle(passage.codingId);
        break;
      case 'm':
      case 'M':
        if (event.ctrlKey || event.metaKey || event.altKey) return;
        event.preventDefault();
        actions.openMemo({ type: 'coding', id: passage.codingId });
        break;
      default:
    }
  };

  return (
    <section className="retrieval-view" aria-label={t('retrieval.title')}>
      <div className="toolbar retrieval-toolbar">
        <h2 className="toolbar-title">{t('retrieval.title')}</h2>
        <label className="toolbar-label" htmlFor="retrieval-code">
          {t('retrieval.code')}
        </label>
        <select
          id="retrieval-code"
          className="retrieval-code"
          value={query.codeId ?? ''}
          onChange={(event) => actions.setQuery({ codeId: (event.target.value || null) as CodeId | null })}
        >
          <option value="">{t('retrieval.chooseCode')}</option>
          {codes.map((code) => (
            <option key={code.id} value={code.id}>
              {`${'\u00a0\u00a0'.repeat(code.depth)}${code.name}`}
            </option>
          ))}
        </select>
        <label className="retrieval-check">
          <input
            type="checkbox"
            checked={query.includeDescendants}
            onChange={(event) => actions.setQuery({ includeDescendants: event.target.checked })}
          />
          {t('retrieval.descendants')}
        </label>
        <label className="toolbar-label" htmlFor="retrieval-coder">
          {t('retrieval.coder')}
        </label>
        <select
          id="retrieval-coder"
          value={query.coder ?? ''}
          onChange={(event) => actions.setQuery({ coder: event.target.value || null })}
        >
          <option value="">{t('retrieval.allCoders')}</option>
          {coders.map((coder) => (
            <option key={coder.id} value={coder.name}>
              {coder.name}
            </option>
          ))}
        </select>
        <label className="toolbar-label" htmlFor="retrieval-context">
          {t('retrieval.context')}
        </label>
        <select
          id="retrieval-context"
          value={query.contextSentences}
          onChange={(event) => actions.setQuery({ contextSentences: Number(event.target.value) })}
        >
          {CONTEXT_CHOICES.map((count) => (
            <option key={count} value={count}>
              {tn('retrieval.contextSentences', count)}
            </option>
          ))}
        </select>
      </div>
      {attributes.length > 0 && <RetrievalFilters />}
      {report && chosenCode && (
        <div className="toolbar retrieval-summary">
          <span className="retrieval-count" aria-live="polite">
            {summaryLine(passages.length, sourcesWithPassages, report)}
          </span>
          {selection.size > 0 && (
            <span className="muted small">{t('retrieval.selected', { count: selection.size })}</span>
          )}
          <span className="toolbar-spacer" />
          <button
            type="button"
            className="button small quiet"
            disabled={passages.length === 0}
            onClick={() =>
              actions.setSelection(
                selection.size === passages.length ? [] : passages.map((passage) => passage.codingId),
              )
            }
          >
            {selection.size === passages.length && passages.length > 0
              ? t('retrieval.selectNone')
              : t('retrieval.selectAll')}
          </button>
          <button
            type="button"
            className="button small"
            title={t('retrieval.copyHint')}
            disabled={selectedPassages.length === 0}
            onClick={() => void copy(selectedPassages)}
          >
            {t('retrieval.copySelected')}
          </button>
          <button
            type="button"
            className="button small"
            title={t('retrieval.copyHint')}
            disabled={passages.length === 0}
            onClick={() => void copy(passages)}
          >
            {t('retrieval.copyAll')}
          </button>
        </div>
      )}
      <div className="retrieval-scroller" ref={scrollerRef} onScroll={virtual.onScroll}>
        {codes.length === 0 ? (
          <p className="placeholder">{t('retrieval.noCodes')}</p>
        ) : query.codeId === null || !chosenCode ? (
          <p className="placeholder">{t('retrieval.noCode')}</p>
        ) : status === 'loading' && !report ? (
          <p className="placeholder">{t('retrieval.loading')}</p>
        ) : passages.length === 0 ? (
          <p className="placeholder">{t('retrieval.none', { code: chosenCode.path })}</p>
        ) : (
          <>
            <p className="muted small explain">{t('retrieval.keys')}</p>
            <ol
              className={status === 'loading' ? 'passages stale' : 'passages'}
              ref={listRef}
              aria-label={t('retrieval.list', { code: chosenCode.path })}
              aria-busy={status === 'loading'}
            >
              {virtual.slots.map((slot) => {
                if (slot.kind === 'gap') {
                  return (
                    <li key={slot.key} className="passage-gap" aria-hidden="true" style={{ height: slot.height }} />
                  );
                }
                const { index } = slot;
                const passage = passages[index];
                return (
                  <PassageRow
                    key={passage.codingId}
                    index={index}
                    count={passages.length}
                    register={virtual.register}
                    passage={passage}
                    attributes={report?.attributes ?? []}
                    showCode={passage.codeId !== chosenCode.id}
                    selected={selection.has(passage.codingId)}
                    active={index === activeIndex}
                    onFocus={() => setActiveId(passage.codingId)}
                    onKeyDown={(event) => onRowKeyDown(event, passage, index)}
                    onToggle={() => actions.toggle(passage.codingId)}
                    onGoTo={() => void actions.goTo(passage)}
                    onMemo={() => actions.openMemo({ type: 'coding', id: passage.codingId })}
                  />
                );
              })}
            </ol>
          </>
        )}
      </div>
    </section>
  );
}

type PassageRowProps = Readonly<{
  /** The row's place in the whole list (0-based) and the list's length, for screen readers. */
  index: number;
  count: number;
  register(index: number, element: HTMLElement | null): void;
  passage: RetrievedPassage;
  attributes: readonly string[];
  showCode: boolean;
  selected: boolean;
  active: boolean;
  onFocus(): void;
  onKeyDown(event: React.KeyboardEvent): void;
  onToggle(): void;
  onGoTo(): void;
  onMemo(): void;
}>;

function PassageRow({
  index,
  count,
  register,
  passage,
  attributes,
  showCode,
  selected,
  active,
  onFocus,
  onKeyDown,
  onToggle,
  onGoTo,
  onMemo,
}: PassageRowProps) {
  const where = locationLabel(passage.location);
  // Stable while the row keeps its place, so its height is not measured again on every render.
  const rowRef = useCallback((element: HTMLLIElement | null) => register(index, element), [register, index]);
  return (
    <li
      ref={rowRef}
      className={selected ? 'passage selected' : 'passage'}
      data-index={index}
      aria-setsize={count}
      aria-posinset={index + 1}
      tabIndex={active ? 0 : -1}
      aria-label={t('retrieval.passageLabel', { source: passage.source, where: where ?? '', text: passage.text })}
      data-coding-id={passage.codingId}
      onFocus={(event) => event.target === event.currentTarget && onFocus()}
      onKeyDown={onKeyDown}
      onDoubleClick={(event) => {
        if ((event.target as HTMLElement).closest('button, input')) return;
        onGoTo();
      }}
    >
      <input
        type="checkbox"
        className="passage-check"
        tabIndex={-1}
        checked={selected}
        aria-label={t('retrieval.select')}
        onChange={onToggle}
      />
      <div className="passage-body">
        <div className="passage-head">
          <span className="passage-source">{passage.source}</span>
          {where && <span className="passage-where">{where}</span>}
          {showCode && (
            <span className="passage-code">
              <span className="passage-swatch" style={{ background: passage.color }} aria-hidden="true" />
              {passage.codePath}
            </span>
          )}
          <span className="passage-spacer" />
          <span className="muted passage-coder">{t('retrieval.by', { coder: passage.coder })}</span>
        </div>
        <div className="passage-actions">
          <button
            type="button"
            className="button small quiet"
            tabIndex={-1}
            title={t('retrieval.memoHint')}
            onClick={onMemo}
          >
            {passage.memo ? t('retrieval.editMemo') : t('retrieval.addMemo')}
          </button>
          <button
            type="button"
            className="button small quiet"
            tabIndex={-1}
            title={t('retrieval.goToHint')}
            onClick={onGoTo}
          >
            {t('retrieval.goTo')} →
          </button>
        </div>
        {attributes.length > 0 && (
          <div className="passage-attributes">
            {attributes
              .filter((name) => passage.attributes[name] !== undefined)
              .map((name) => (
                <span key={name} className="chip passage-chip">
                  <span className="muted">{name}</span> {passage.attributes[name]}
                </span>
              ))}
          </div>
        )}
        <p className="passage-text">
          {passage.before && <Context text={passage.before} />}
          <mark className="passage-mark" style={{ borderColor: passage.color }}>
            {passage.text}
          </mark>
          {passage.after && <Context text={passage.after} />}
        </p>
        {passage.memo && (
          <p className="passage-memo">
            <span className="muted">{t('retrieval.memo')}:</span> {markdownToPlainText(passage.memo)}
          </p>
        )}
      </div>
    </li>
  );
}

/** Context in muted text; a paragraph break (a speaker's turn ending) shows as a pilcrow. */
function Context({ text }: Readonly<{ text: string }>) {
  const parts = text.split('\n');
  return (
    <span className="passage-context">
      {parts.map((part, index) => (
        // Parts of one context string never reorder: the index is a stable key.
        <span key={index}>
          {index > 0 && (
            <span className="passage-break" aria-hidden="true">
              {' ¶ '}
            </span>
          )}
          {part}
        </span>
      ))}
    </span>
  );
}
