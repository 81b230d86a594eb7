import { useEffect, useId, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { SearchResult } from '../../../shared/ipc/channels/search';
import { formatNumber, t, tn } from '../../i18n';
import { useAppStore } from '../../store';
import './search.css';

/** Moves the focus to the next or previous hit button (↑ ↓), or back to the query box above the first. */
function moveFocus(from: HTMLElement, delta: 1 | -1): void {
  const view = from.closest('.search-view');
  if (!view) return;
  const hits = [...view.querySelectorAll<HTMLElement>('.search-hit')];
  const index = hits.indexOf(from);
  const next = index + delta;
  if (next < 0) view.querySelector<HTMLInputElement>('.search-input')?.focus();
  else hits[Math.min(next, hits.length - 1)]?.focus();
}

function Summary({ result }: Readonly<{ result: SearchResult }>) {
  if (result.hitCount === 0) return <span>{t('search.none', { query: result.query })}</span>;
  return (
    <span>
      {result.sourceCount === 1
        ? tn('search.summarySingle', result.hitCount)
        : tn('search.summary', result.hitCount, { sources: result.sourceCount })}
      <span className="muted"> · {t(`search.method.${result.method}`)}</span>
    </span>
  );
}

/** The search view: a query box over every source, hits grouped by source with highlighted snippets. */
export function SearchView() {
  const { query, regex, status, result, error, preparation, focusSerial, outdated, selected } = useAppStore(
    useShallow((state) => ({
      outdated: state.searchOutdated,
      selected: state.searchSelectedHit,
      query: state.searchQuery,
      regex: state.searchRegex,
      status: state.searchStatus,
      result: state.searchResult,
      error: state.searchError,
      preparation: state.searchPreparation,
      focusSerial: state.searchFocusSerial,
    })),
  );
  const { setQuery, setRegex, runSearch, rerunSearch, prepare, openHit, openAutocode } = useAppStore(
    useShallow((state) => ({
      rerunSearch: state.rerunSearch,
      setQuery: state.setSearchQuery,
      setRegex: state.setSearchRegex,
      runSearch: state.runSearch,
      prepare: state.prepareSearch,
      openHit: state.openSearchHit,
      openAutocode: state.openAutocode,
    })),
  );
  const inputRef = useRef<HTMLInputElement>(null);
  const statusId = useId();
  const regexId = useId();

  // Index and read texts while the researcher types; searching never waits for it.
  useEffect(() => {
    void prepare();
  }, [prepare]);

  // Shown, and on Ctrl/Cmd+Shift+F while shown: the query box has the focus, its text selected.
  useEffect(() => {
    const input = inputRef.current;
    if (!input) return;
    input.focus();
    input.select();
  }, [focusSerial]);

  const percent =
    preparation && preparation.totalCharacters > 0
      ? Math.floor((preparation.indexedCharacters / preparation.totalCharacters) * 100)
      : 0;

  return (
    <section className="search-view" aria-label={t('search.title')}>
      <header className="toolbar search-toolbar">
        <h2 className="toolbar-title">{t('search.title')}</h2>
        <div className="search-box" role="search">
          <input
            ref={inputRef}
            className="text-input search-input"
            type="search"
            aria-label={t('search.label')}
            aria-describedby={statusId}
            aria-invalid={error !== null}
            placeholder={t('search.placeholder')}
            value={query}
            spellCheck={false}
            onChange={(event) => setQuery(event.target.value)}
            onKeyDown={(event) => {
              // Enter confirms a Chinese input method's composition first; it must not search.
              if (event.nativeEvent.isComposing) return;
              if (event.key === 'Enter') {
                event.preventDefault();
                void runSearch();
              } else if (event.key === 'ArrowDown') {
                const first = event.currentTarget.closest('.search-view')?.querySelector<HTMLElement>('.search-hit');
                if (first) {
                  event.preventDefault();
                  first.focus();
                }
              }
            }}
          />
          {/* A key name, the same in every language (like the palette's Ctrl K). */}
          <kbd className="search-kbd">Ctrl+Shift+F</kbd>
        </div>
        <label className="search-regex" htmlFor={regexId} title={t('search.regexHint')}>
          <input id={regexId} type="checkbox" checked={regex} onChange={(event) => setRegex(event.target.checked)} />
          <span>{t('search.regex')}</span>
          <code aria-hidden="true">.*</code>
        </label>
        <button type="button" className="button small" onClick={() => void runSearch()}>
          {t('search.run')}
        </button>
        <span className="toolbar-spacer" />
        <button
          type="button"
          className="button small primary"
          title={t('search.codeAllHint')}
          disabled={!result || result.hitCount === 0}
          onClick={openAutocode}
        >
          {t('search.codeAll')}
        </button>
      </header>
      <div className="search-status" id={statusId} role="status" aria-live="polite">
        {error !== null ? (
          <span className="error-text">{error}</span>
        ) : status === 'searching' ? (
          <span className="muted">{t('search.searching')}</span>
        ) : result ? (
          <Summary result={result} />
        ) : (
          <span className="muted">{t('search.hint')}</span>
        )}
        {preparation && (
          <span className="search-preparing muted">
            {preparation.indexedSources < preparation.totalSources
              ? t('search.preparing', { percent, characters: formatNumber(preparation.totalCharacters) })
              : t('search.preparingTexts')}
          </span>
        )}
      </div>
      {outdated && result && (
        <div className="search-outdated" role="status">
          <span>{t('search.outdated', { query: result.query })}</span>
          <button type="button" className="button small" onClick={() => void rerunSearch()}>
            {t('search.rerun')}
          </button>
        </div>
      )}
      {result && result.hitCount > 0 && (
        <div
          className={status === 'searching' || outdated ? 'search-results stale' : 'search-results'}
          aria-label={t('search.results')}
        >
          {result.sources.map((source) => (
            <section key={source.sourceId} className="search-source" aria-label={source.name}>
              <h3 className="search-source-title">
                <span className="search-source-name">{source.name}</span>
                <span className="code-count">{t('search.hitsInSource', { count: source.hitCount })}</span>
              </h3>
              <ul className="search-hits">
                {source.hits.map((hit) => {
                  const isSelected =
                    selected !== null &&
                    selected.sourceId === source.sourceId &&
                    selected.start === hit.start &&
                    selected.end === hit.end;
                  return (
                    <li key={hit.start}>
                      <button
                        type="button"
                        className={isSelected ? 'search-hit selected' : 'search-hit'}
                        aria-current={isSelected ? 'true' : undefined}
                        title={t('search.openHit', { source: source.name, offset: hit.start })}
                        onClick={() => void openHit(source.sourceId, hit.start, hit.end)}
                        onKeyDown={(event) => {
                          if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
                            event.preventDefault();
                            moveFocus(event.currentTarget, event.key === 'ArrowDown' ? 1 : -1);
                          }
                        }}
                      >
                        <span className="search-snippet">
                          {hit.before}
                          <mark>{hit.match}</mark>
                          {hit.after}
                        </span>
                      </button>
                    </li>
                  );
                })}
              </ul>
              {source.hitCount > source.hits.length && (
                <p className="search-more-in-source muted">
                  {t('search.moreInSource', { count: source.hitCount - source.hits.length })}
                </p>
              )}
            </section>
          ))}
          {result.moreHits > 0 && <p className="search-more muted">{t('search.more', { count: result.moreHits })}</p>}
        </div>
      )}
    </section>
  );
}
