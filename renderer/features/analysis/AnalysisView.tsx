import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { SavedQuery } from '../../../shared/format/query';
import { ConfirmDialog } from '../../app/ConfirmDialog';
import { t } from '../../i18n';
import { useAppStore } from '../../store';
import { ChartPanel } from './ChartPanel';
import { QueryForm } from './QueryForm';
import { ANALYSIS_KINDS, chartKinds, effectiveQuery, queryProblem } from './queryModel';
import {
  CodebookResult,
  CooccurrenceResult,
  CrosstabResult,
  MatrixResult,
  SegmentsResult,
  WordfreqResult,
} from './ResultViews';
import './analysis.css';

/** A burst of option changes (ticking several codes) runs the query once. */
const RUN_DELAY_MS = 150;

/** The Analysis tab: crosstab, co-occurrence, matrix, segments, word frequency and codebook, as tables or charts. */
export function AnalysisView() {
  const { kind, display, queries, choices, codes, sources, loading, error } = useAppStore(
    useShallow((state) => ({
      kind: state.analysisKind,
      display: state.analysisDisplay,
      queries: state.analysisQueries,
      choices: state.analysisCodeChoices,
      codes: state.codes,
      sources: state.sources,
      loading: state.analysisLoading[state.analysisKind] === true,
      error: state.analysisErrors[state.analysisKind],
    })),
  );
  const { init, setKind, setDisplay, setDialog, run, loadSaved, loadCoders } = useAppStore(
    useShallow((state) => ({
      init: state.initAnalysis,
      setKind: state.setAnalysisKind,
      setDisplay: state.setAnalysisDisplay,
      setDialog: state.setAnalysisDialog,
      run: state.runAnalysis,
      loadSaved: state.loadSavedQueries,
      loadCoders: state.loadCoders,
    })),
  );

  useEffect(() => {
    void loadSaved();
    void loadCoders();
  }, [loadSaved, loadCoders]);
  // Defaults depend on the attributes, which may still be loading when the tab opens.
  const attributes = useAppStore((state) => state.attributes);
  useEffect(() => init(), [init, attributes]);

  const query = queries ? effectiveQuery(kind, queries, choices, codes) : null;
  const queryKey = JSON.stringify(query);
  // Re-run when the query changes, and when codes or sources are reloaded after a change.
  useEffect(() => {
    if (queryKey === 'null') return undefined;
    const timer = setTimeout(() => void run(kind), RUN_DELAY_MS);
    return () => clearTimeout(timer);
  }, [queryKey, kind, run, codes, sources]);

  const hasChart = chartKinds(kind).length > 0;
  return (
    <section className="analysis" aria-label={t('analysis.title')}>
      <header className="toolbar">
        <h2 className="toolbar-title">{t('analysis.title')}</h2>
        <div className="analysis-kinds" role="tablist" aria-label={t('analysis.kinds')}>
          {ANALYSIS_KINDS.map((entry) => (
            <button
              key={entry}
              type="button"
              role="tab"
              aria-selected={kind === entry}
              className={kind === entry ? 'analysis-kind active' : 'analysis-kind'}
              onClick={() => setKind(entry)}
            >
              {t(`analysis.kind.${entry}`)}
            </button>
          ))}
        </div>
      </header>
      <div className="analysis-body">
        <aside className="analysis-side">
          <QueryForm />
          <SavedQueries />
        </aside>
        <div className="analysis-main">
          <div className="analysis-result-bar">
            <div className="segmented" role="radiogroup" aria-label={t('analysis.display')}>
              {(['table', 'chart'] as const).map((option) => (
                <button
                  key={option}
                  type="button"
                  role="radio"
                  aria-checked={display === option}
                  className={display === option ? 'segment active' : 'segment'}
                  disabled={option === 'chart' && !hasChart}
                  title={option === 'chart' && !hasChart ? t('analysis.chart.none') : undefined}
                  onClick={() => setDisplay(option)}
                >
                  {t(`analysis.display.${option}`)}
                </button>
              ))}
            </div>
            <span className="toolbar-spacer" />
            {loading && <span className="muted small">{t('analysis.loading')}</span>}
            <button
              type="button"
              className="button small"
              title={t('analysis.save.hint')}
              disabled={!query}
              onClick={() => setDialog('save')}
            >
              {t('analysis.save')}
            </button>
            <button
              type="button"
              className="button small primary"
              title={t('analysis.export.hint')}
              disabled={!query}
              onClick={() => setDialog('export')}
            >
              {t('analysis.export')}
            </button>
          </div>
          <div className="analysis-result" aria-busy={loading}>
            {error && (
              <p className="error-text analysis-error" role="alert">
                {error}
              </p>
            )}
            {query && queryProblem(query) === 'noCodes' && (
              <p className="placeholder">{t('analysis.problem.noCodes')}</p>
            )}
            {query && display === 'chart' && hasChart ? (
              <ChartPanel query={query} />
            ) : (
              <Result stale={loading || error !== undefined} />
            )}
          </div>
        </div>
      </div>
    </section>
  );
}

/** The report of the analysis on show, laid out as a table. */
function Result({ stale }: Readonly<{ stale: boolean }>) {
  const kind = useAppStore((state) => state.analysisKind);
  const report = useAppStore((state) => state.analysisReports[state.analysisKind]);
  const problem = useAppStore((state) => {
    const query = state.currentAnalysisQuery();
    return query ? queryProblem(query) : null;
  });
  if (problem === 'noCodes') return null;
  if (!report) return <p className="placeholder">{stale ? '' : t('analysis.loading')}</p>;
  switch (kind) {
    case 'crosstab':
      return <CrosstabResult report={report as never} stale={stale} />;
    case 'cooccurrence':
      return <CooccurrenceResult report={report as never} stale={stale} />;
    case 'matrix':
      return <MatrixResult report={report as never} stale={stale} />;
    case 'segments':
      return <SegmentsResult report={report as never} stale={stale} />;
    case 'wordfreq':
      return <WordfreqResult report={report as never} stale={stale} />;
    case 'codebook':
      return <CodebookResult report={report as never} stale={stale} />;
  }
}

/** The project's saved queries: open one to show and re-run it, or delete it (asked first). */
function SavedQueries() {
  const saved = useAppStore((state) => state.savedQueries);
  const { open, remove } = useAppStore(
    useShallow((state) => ({ open: state.openSavedQuery, remove: state.deleteSavedQuery })),
  );
  const [deleting, setDeleting] = useState<SavedQuery | null>(null);
  return (
    <section className="analysis-saved" aria-label={t('analysis.saved')}>
      <h3 className="subhead">{t('analysis.saved')}</h3>
      {saved.length === 0 ? (
        <p className="muted small">{t('analysis.saved.none')}</p>
      ) : (
        <ul className="analysis-saved-list">
          {saved.map((entry) => (
            <li key={entry.id} data-query={entry.name}>
              <button
                type="button"
                className="link-button"
                title={t('analysis.saved.open', { name: entry.name })}
                onClick={() => open(entry)}
              >
                {entry.name}
              </button>
              <span className="muted small">{t(`analysis.kind.${entry.query.kind}`)}</span>
              <button
                type="button"
                className="icon-button"
                aria-label={t('analysis.saved.delete', { name: entry.name })}
                title={t('analysis.saved.delete', { name: entry.name })}
                onClick={() => setDeleting(entry)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {deleting && (
        <ConfirmDialog
          title={t('analysis.saved.deleteTitle', { name: deleting.name })}
          lines={[t('analysis.saved.deleteLine')]}
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const name = deleting.name;
            setDeleting(null);
            void remove(name);
          }}
        />
      )}
    </section>
  );
}
