import { useEffect, useId, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatNumber, t } from '../../i18n';
import { isPrimaryModifier } from '../../lib/keys';
import { useAppStore, useAppStoreApi } from '../../store';
import { FIND_LIMIT } from './find';

/** The text offset at the top of the document's viewport, so find starts where the researcher is reading. */
function offsetInView(): number {
  const scroller = document.querySelector('.doc-scroller');
  if (!scroller) return 0;
  const top = scroller.getBoundingClientRect().top;
  for (const block of scroller.querySelectorAll('[data-start]')) {
    if (block.getBoundingClientRect().bottom > top) return Number(block.getAttribute('data-start'));
  }
  return 0;
}

/** Ctrl/Cmd+F: a find bar over the open source with the match count; Enter and Shift+Enter step. */
export function FindBar() {
  const store = useAppStoreApi();
  const { query, count, index, text } = useAppStore(
    useShallow((state) => ({
      query: state.findQuery,
      count: state.findMatches.length,
      index: state.findIndex,
      text: state.model?.text,
    })),
  );
  const serial = useAppStore((state) => state.findSerial);
  const { setQuery, step, close } = useAppStore(
    useShallow((state) => ({ setQuery: state.setFindQuery, step: state.stepFind, close: state.closeFind })),
  );
  const inputRef = useRef<HTMLInputElement>(null);
  const statusId = useId();

  // On opening, and on Ctrl+F while open (openFind bumps the serial): the query is focused and
  // selected, as in a browser, so typing replaces it.
  useEffect(() => {
    const input = inputRef.current;
    if (!input || document.activeElement === input) return;
    input.focus();
    input.select();
  }, [serial]);

  // Another source opened with the bar open: search it.
  useEffect(() => {
    if (text !== undefined && store.getState().findQuery) store.getState().setFindQuery(store.getState().findQuery);
  }, [text, store]);

  const tooMany = count >= FIND_LIMIT;
  const status =
    query.length === 0
      ? ''
      : count === 0
        ? t('find.none')
        : t('find.count', { current: index + 1, total: tooMany ? `${formatNumber(FIND_LIMIT)}+` : count });

  return (
    <div className="find-bar" role="search" aria-label={t('find.label')}>
      <input
        ref={inputRef}
        className="find-input"
        type="text"
        aria-label={t('find.label')}
        aria-describedby={statusId}
        placeholder={t('find.placeholder')}
        value={query}
        spellCheck={false}
        onChange={(event) => setQuery(event.target.value, offsetInView())}
        onKeyDown={(event) => {
          // Enter confirms a Chinese input method's composition first; it must not step.
          if (event.nativeEvent.isComposing) return;
          if (event.key === 'Enter') {
            event.preventDefault();
            step(event.shiftKey ? -1 : 1);
          } else if (event.key === 'Escape') {
            event.preventDefault();
            event.stopPropagation();
            close();
            (document.querySelector('.doc-text') as HTMLElement | null)?.focus({ preventScroll: true });
          } else if (isPrimaryModifier(event) && event.key.toLowerCase() === 'f') {
            event.preventDefault();
            event.currentTarget.select();
          }
        }}
      />
      <span id={statusId} className={count === 0 && query ? 'find-status none' : 'find-status'} aria-live="polite">
        {status}
      </span>
      <button
        type="button"
        className="icon-button"
        aria-label={t('find.previous')}
        title={t('find.previous')}
        disabled={count === 0}
        onClick={() => step(-1)}
      >
        ↑
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label={t('find.next')}
        title={t('find.next')}
        disabled={count === 0}
        onClick={() => step(1)}
      >
        ↓
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label={t('find.close')}
        title={t('find.close')}
        onClick={close}
      >
        ×
      </button>
    </div>
  );
}
