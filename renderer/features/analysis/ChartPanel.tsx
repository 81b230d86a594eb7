import { useEffect, useRef, useState } from 'react';
import type { AnalysisQuery } from '../../../shared/format/query';
import { t } from '../../i18n';
import { useAppStore } from '../../store';
import { chartKinds, type ChartKind } from './queryModel';
import { downloadBase64 } from '../../lib/files';

type Shown = Readonly<{ url: string; key: string } | { error: string; key: string }>;

/**
 * The chart of the analysis on show: the very SVG `charts:export` writes to a file (the same
 * recharts parts), shown as an image from a data URL — never inserted as markup — so the
 * chart on screen and the exported one cannot differ.
 */
export function ChartPanel({ query }: Readonly<{ query: AnalysisQuery }>) {
  const kind = query.kind;
  const chart = useAppStore((state) => state.analysisChart[kind]);
  const setChart = useAppStore((state) => state.setAnalysisChart);
  const requestQuietly = useAppStore((state) => state.requestQuietly);
  const exportChart = useAppStore((state) => state.exportChartFile);
  const notify = useAppStore((state) => state.notify);
  // The chart's titles and axes are drawn by the backend in the interface's language.
  const language = useAppStore((state) => state.locale);
  // Redraw when the data changes (a coding added elsewhere), as the tables do.
  const codes = useAppStore((state) => state.codes);
  const sources = useAppStore((state) => state.sources);
  // Word frequency also changes with the project's stop words.
  const stopwordsSaved = useAppStore((state) => (kind === 'wordfreq' ? state.analysisStopwordsSaved : 0));
  const frame = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [shown, setShown] = useState<Shown | null>(null);
  const [busy, setBusy] = useState<'png' | 'svg' | null>(null);
  const queryKey = JSON.stringify(query);
  const key = `${queryKey}|${chart}|${width}|${language}`;

  useEffect(() => {
    // The backend lays the chart out for a width: that of the pane, in steps, so a resize of a few pixels does not redraw.
    const measure = (): void =>
      setWidth(Math.max(640, Math.min(1600, Math.floor((frame.current?.clientWidth ?? 960) / 80) * 80)));
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, []);

  useEffect(() => {
    if (!chart || width === 0) return undefined;
    let cancelled = false;
    void requestQuietly('charts:export', {
      query: JSON.parse(queryKey) as AnalysisQuery,
      chart,
      format: 'svg',
      width,
      height: Math.round(width * 0.5),
      language,
    }).then((result) => {
      if (cancelled) return;
      setShown(
        result.ok
          ? { url: `data:image/svg+xml;base64,${result.value.dataBase64}`, key }
          : { error: result.error.message, key },
      );
    });
    return () => {
      cancelled = true;
    };
  }, [key, chart, width, language, queryKey, requestQuietly, codes, sources, stopwordsSaved]);

  const kinds = chartKinds(kind);
  const onExport = async (format: 'png' | 'svg'): Promise<void> => {
    setBusy(format);
    const outcome = await exportChart(format);
    setBusy(null);
    if (outcome.ok) {
      downloadBase64(outcome.file.fileName, outcome.file.dataBase64, outcome.file.mimeType);
      notify('info', t('analysis.export.saved', { file: outcome.file.fileName }));
    } else if (outcome.message) {
      notify('error', outcome.message);
    }
  };

  if (kinds.length === 0 || !chart) {
    return <p className="placeholder">{t('analysis.chart.none')}</p>;
  }
  return (
    <div className="analysis-chart" ref={frame}>
      <div className="analysis-chart-bar">
        {kinds.length > 1 && (
          <div className="segmented" role="radiogroup" aria-label={t('analysis.chart.kind')}>
            {kinds.map((option: ChartKind) => (
              <button
                key={option}
                type="button"
                role="radio"
                aria-checked={chart === option}
                className={chart === option ? 'segment active' : 'segment'}
                onClick={() => setChart(kind, option)}
              >
                {t(`analysis.chart.${option}`)}
              </button>
            ))}
          </div>
        )}
        <span className="toolbar-spacer" />
        <button type="button" className="button small" disabled={busy !== null} onClick={() => void onExport('png')}>
          {busy === 'png' ? t('analysis.export.preparing') : t('analysis.chart.exportPng')}
        </button>
        <button type="button" className="button small" disabled={busy !== null} onClick={() => void onExport('svg')}>
          {busy === 'svg' ? t('analysis.export.preparing') : t('analysis.chart.exportSvg')}
        </button>
      </div>
      {shown === null && <p className="placeholder">{t('analysis.chart.drawing')}</p>}
      {shown !== null && 'error' in shown && (
        <p className="error-text analysis-error" role="alert">
          {shown.error}
        </p>
      )}
      {shown !== null && 'url' in shown && (
        <img
          className={shown.key === key ? 'analysis-chart-image' : 'analysis-chart-image stale'}
          src={shown.url}
          alt={t('analysis.chart.alt', { chart: t(`analysis.chart.${chart}`), analysis: t(`analysis.kind.${kind}`) })}
        />
      )}
    </div>
  );
}
