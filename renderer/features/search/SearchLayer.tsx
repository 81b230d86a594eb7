import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { orderCodebook } from '../../../shared/domain/codebook';
import type { CodeId, SourceId } from '../../../shared/domain/ids';
import { AUTOCODE_SCOPES, type AutocodePreview, type AutocodeScope } from '../../../shared/ipc/channels/search';
import { Dialog } from '../../app/Dialog';
import { formatNumber, t, tn } from '../../i18n';
import { isPrimaryModifier } from '../../lib/keys';
import { useAppStore, useAppStoreApi } from '../../store';
import './search.css';

/**
 * Always mounted in the workspace: Ctrl/Cmd+Shift+F opens the search view from anywhere (also
 * from a text field: the combination types nothing), and the "code all results" dialog.
 */
export function SearchLayer() {
  const open = useAppStore((state) => state.autocodeOpen);
  useSearchShortcut();
  useResultsFollowSources();
  return open ? <AutocodeDialog /> : null;
}

function useSearchShortcut(): void {
  const store = useAppStoreApi();
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (!isPrimaryModifier(event) || event.altKey || !event.shiftKey || event.code !== 'KeyF') return;
      const state = store.getState();
      if (state.phase !== 'workspace' || state.autocodeOpen) return;
      event.preventDefault();
      state.openSearch();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
}

/** How long sources must rest (a burst of imports, undo pressed several times) before the search runs again. */
const RERUN_DELAY_MS = 300;

/**
 * Results follow the sources: after an import, a deletion, an undo or a merge (`project:changed`
 * for sources or the whole project) the search shown is run again, or marked out of date when
 * the query box holds another query. Mounted always, so results left in the Search tab while
 * the researcher works elsewhere are current when they come back.
 */
function useResultsFollowSources(): void {
  const store = useAppStoreApi();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = store.getState().bridge.on('project:changed', ({ what }) => {
      if (what !== 'sources' && what !== 'project') return;
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        store.getState().searchSourcesChanged();
      }, RERUN_DELAY_MS);
    });
    return () => {
      off();
      if (timer !== null) clearTimeout(timer);
    };
  }, [store]);
}

/** How long the choices must rest before the preview is asked for again. */
const PREVIEW_DELAY_MS = 150;

/**
 * "Code all results": a code, the scope (match, sentence, paragraph), all sources with hits or
 * some; the backend's preview (passages, sources, already coded, a sample) before anything is
 * written; then one undoable step.
 */
function AutocodeDialog() {
  const { result, codes, selectedCodeId, close, preview, apply } = useAppStore(
    useShallow((state) => ({
      result: state.searchResult,
      codes: state.codes,
      selectedCodeId: state.selectedCodeId,
      close: state.closeAutocode,
      preview: state.previewAutocode,
      apply: state.applyAutocode,
    })),
  );
  const ordered = useMemo(() => orderCodebook(codes), [codes]);
  const [codeId, setCodeId] = useState<CodeId | ''>(selectedCodeId ?? '');
  const [scope, setScope] = useState<AutocodeScope>('match');
  const [restricted, setRestricted] = useState(false);
  const [chosen, setChosen] = useState<ReadonlySet<SourceId>>(
    () => new Set(result?.sources.map((source) => source.sourceId)),
  );
  // The preview answered for a set of choices; a stale one (the choices changed) is not shown.
  const [answered, setAnswered] = useState<Readonly<{ key: string; preview: AutocodePreview | null }> | null>(null);
  const [busy, setBusy] = useState(false);
  const sourcesName = useId();
  const codeFieldId = useId();
  const scopeId = useId();
  const codeField = useRef<HTMLSelectElement>(null);

  const sourceIds = restricted ? [...chosen] : null;
  const sourcesKey = sourceIds ? sourceIds.join(',') : 'all';
  const wanted = codeId !== '' && !(sourceIds && sourceIds.length === 0);
  const key = `${codeId}|${scope}|${sourcesKey}`;
  useEffect(() => {
    if (!wanted) return undefined;
    let current = true;
    const timer = setTimeout(() => {
      void preview(codeId as CodeId, scope, sourcesKey === 'all' ? null : (sourcesKey.split(',') as SourceId[])).then(
        (value) => {
          if (current) setAnswered({ key, preview: value });
        },
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [wanted, key, codeId, scope, sourcesKey, preview]);
  const loading = wanted && answered?.key !== key;
  const counts = wanted && answered?.key === key ? answered.preview : null;

  if (!result) return null;
  const ready = counts !== null && !loading && counts.passages > 0 && !busy;
  const confirm = async (): Promise<void> => {
    if (!ready || codeId === '') return;
    setBusy(true);
    const outcome = await apply(codeId, scope, sourceIds);
    if (!outcome) setBusy(false);
  };
  const toggle = (sourceId: SourceId): void => {
    const next = new Set(chosen);
    if (next.has(sourceId)) next.delete(sourceId);
    else next.add(sourceId);
    setChosen(next);
  };

  return (
    <Dialog
      title={t('search.autocode.title')}
      size="medium"
      initialFocus={codeField}
      onClose={close}
      boxProps={{
        onKeyDown: (event) => {
          if (event.key === 'Enter' && ready && !(event.target instanceof HTMLButtonElement)) {
            // Enter anywhere but on a button confirms, as in the other dialogs.
            event.preventDefault();
            void confirm();
          }
        },
      }}
      footer={
        <>
          <button type="button" className="button" onClick={close}>
            {t('search.autocode.cancel')}
          </button>
          <button type="button" className="button primary" disabled={!ready} onClick={() => void confirm()}>
            {t('search.autocode.confirm', { count: counts?.passages ?? 0 })}
          </button>
        </>
      }
    >
      <dl className="autocode-fields">
        <dt>{t('search.autocode.query')}</dt>
        <dd>
          <span className="autocode-query">{result.regex ? `/${result.query}/` : `“${result.query}”`}</span>{' '}
          <span className="muted">
            {result.sourceCount === 1
              ? tn('search.summarySingle', result.hitCount)
              : tn('search.summary', result.hitCount, { sources: result.sourceCount })}
          </span>
        </dd>
        <dt>
          <label htmlFor={codeFieldId}>{t('search.autocode.code')}</label>
        </dt>
        <dd>
          {ordered.length === 0 ? (
            <span className="error-text">{t('search.autocode.noCodes')}</span>
          ) : (
            <select
              ref={codeField}
              id={codeFieldId}
              className="autocode-code"
              value={codeId}
              onChange={(event) => setCodeId(event.target.value as CodeId)}
            >
              <option value="" disabled>
                {t('search.autocode.chooseCode')}
              </option>
              {ordered.map(({ code, depth }) => (
                <option key={code.id} value={code.id}>
                  {'\u00a0\u00a0'.repeat(depth)}
                  {code.name}
                </option>
              ))}
            </select>
          )}
        </dd>
        <dt id={scopeId}>{t('search.autocode.scope')}</dt>
        <dd>
          <div className="segmented" role="radiogroup" aria-labelledby={scopeId}>
            {AUTOCODE_SCOPES.map((option) => (
              <button
                key={option}
                type="button"
                role="radio"
                aria-checked={scope === option}
                className={scope === option ? 'segment active' : 'segment'}
                onClick={() => setScope(option)}
              >
                {t(`search.autocode.scope.${option}`)}
              </button>
            ))}
          </div>
        </dd>
        <dt>{t('search.autocode.sources')}</dt>
        <dd className="autocode-sources">
          <label>
            <input
              type="radio"
              name={`${sourcesName}-sources`}
              checked={!restricted}
              onChange={() => setRestricted(false)}
            />{' '}
            {t('search.autocode.allSources', { count: result.sourceCount })}
          </label>
          <label>
            <input
              type="radio"
              name={`${sourcesName}-sources`}
              checked={restricted}
              onChange={() => setRestricted(true)}
            />{' '}
            {t('search.autocode.someSources')}
          </label>
          {restricted && (
            <ul className="autocode-source-list">
              {result.sources.map((source) => (
                <li key={source.sourceId}>
                  <label>
                    <input
                      type="checkbox"
                      checked={chosen.has(source.sourceId)}
                      onChange={() => toggle(source.sourceId)}
                    />{' '}
                    {source.name} <span className="muted">({formatNumber(source.hitCount)})</span>
                  </label>
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
      <div className="autocode-preview" role="status" aria-live="polite">
        {loading ? (
          <p className="muted">{t('search.autocode.previewing')}</p>
        ) : counts === null ? null : (
          <>
            <p className="autocode-counts">
              {counts.passages === 0
                ? t('search.autocode.nothingToDo')
                : tn('search.autocode.preview', counts.passages, { sources: counts.sources })}
            </p>
            {counts.alreadyCoded > 0 && (
              <p className="muted">{t('search.autocode.alreadyCoded', { count: counts.alreadyCoded })}</p>
            )}
            {counts.sample.length > 0 && (
              <>
                <p className="autocode-sample-title muted">{t('search.autocode.sample')}</p>
                <ul className="autocode-sample">
                  {counts.sample.map((entry) => (
                    <li key={`${entry.sourceId}:${entry.start}`}>
                      <span className="autocode-sample-source">{entry.sourceName}</span>
                      <span className="autocode-sample-text">
                        {entry.before}
                        <mark>{entry.text}</mark>
                        {entry.after}
                      </span>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </>
        )}
      </div>
    </Dialog>
  );
}
