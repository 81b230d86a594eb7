import { Fragment, useEffect, useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { SourceId } from '../../../shared/domain/ids';
import {
  AGREEMENT_UNITS,
  type AgreementCell,
  type AgreementFigures,
  type AgreementNote,
  type AgreementReport,
  type AgreementTable,
} from '../../../shared/stats/agreement';
import { formatNumber, t, tn } from '../../i18n';
import { downloadText } from '../../lib/files';
import { useAppStore } from '../../store';
import { downloadBase64 } from '../../lib/files';
import './sharing.css';

/**
 * How many disagreements of one code in one source are listed: enough to work through, and
 * a list of thousands of buttons would make the view slow to open.
 */
const DISAGREEMENT_LIMIT = 300;

/** The figures a researcher can ask to have explained. */
type Figure = 'percent' | 'unanimous' | 'cohen' | 'fleiss' | 'alpha' | 'bp' | 'segment';

/** A share as a percentage with one decimal; "—" where the figure is not defined. */
function percent(value: number | null): string {
  return value === null ? '—' : `${(value * 100).toFixed(1)} %`;
}

/** A coefficient with three decimals, as the CLI's Markdown report prints it; "—" where not defined. */
export function coefficient(value: number | null): string {
  return value === null ? '—' : value.toFixed(3);
}

/** The columns of counts for one kind of table, with their headers. */
function countHeaders(report: AgreementReport): string[] {
  const [first = '', second = ''] = report.coders;
  if (report.unit === 'segment') {
    if (report.coders.length === 2) {
      return [
        t('sharing.agreement.cell.matched'),
        t('sharing.agreement.cell.onlyFirst', { coder: first }),
        t('sharing.agreement.cell.onlyFirst', { coder: second }),
      ];
    }
    return [t('sharing.agreement.column.table')];
  }
  if (report.coders.length === 2) {
    return [
      t('sharing.agreement.cell.both'),
      t('sharing.agreement.cell.onlyFirst', { coder: first }),
      t('sharing.agreement.cell.onlyFirst', { coder: second }),
      t('sharing.agreement.cell.neither'),
    ];
  }
  return report.coders.map((_, index) => t('sharing.agreement.cell.byK', { count: index })).concat(
    t('sharing.agreement.cell.byK', { count: report.coders.length }),
  );
}

/** The counts of a table, in the order of countHeaders. */
function countCells(table: AgreementTable): string[] {
  switch (table.kind) {
    case 'pair': {
      const [[both, onlyFirst], [onlySecond, neither]] = table.cells;
      return [both, onlyFirst, onlySecond, neither].map(formatNumber);
    }
    case 'distribution':
      return table.counts.map(formatNumber);
    case 'segments':
      return [table.counts.matched, table.counts.onlyFirst, table.counts.onlySecond].map(formatNumber);
    case 'segment-pairs':
      return [
        table.pairs
          .map(
            (pair) =>
              `${t('sharing.agreement.cell.pair', { first: pair.first, second: pair.second })}: ${formatNumber(pair.matched)} / ${formatNumber(pair.onlyFirst)} / ${formatNumber(pair.onlySecond)}`,
          )
          .join(' · '),
      ];
    default:
      return [];
  }
}

/** Which figures the report has, in column order. */
function figureColumns(report: AgreementReport): Figure[] {
  const two = report.coders.length === 2;
  if (report.unit === 'segment') return ['segment'];
  return two ? ['percent', 'cohen', 'alpha', 'bp'] : ['unanimous', 'fleiss', 'alpha'];
}

function figureLabel(figure: Figure): string {
  switch (figure) {
    case 'percent':
    case 'segment':
      return t('sharing.agreement.column.percent');
    case 'unanimous':
      return t('sharing.agreement.column.unanimous');
    case 'cohen':
      return t('sharing.agreement.column.cohen');
    case 'fleiss':
      return t('sharing.agreement.column.fleiss');
    case 'alpha':
      return t('sharing.agreement.column.alpha');
    case 'bp':
      return t('sharing.agreement.column.bp');
    default:
      return '';
  }
}

function figureValue(figure: Figure, figures: AgreementFigures): string {
  switch (figure) {
    case 'percent':
    case 'unanimous':
    case 'segment':
      return percent(figures.percentAgreement);
    case 'cohen':
    case 'fleiss':
      return coefficient(figures.kappa);
    case 'alpha':
      return coefficient(figures.alpha);
    case 'bp':
      // From the report, as the CSV, XLSX and Markdown exports print it.
      return coefficient(figures.brennanPrediger);
    default:
      return '';
  }
}

type RowProps = Readonly<{
  label: React.ReactNode;
  sources: number | null;
  figures: AgreementFigures;
  columns: readonly Figure[];
  className?: string;
  onClick?: () => void;
  selected?: boolean;
  attributes?: Readonly<Record<string, string>>;
}>;

function FigureRow({ label, sources, figures, columns, className, onClick, selected, attributes }: RowProps) {
  return (
    <tr
      className={[className, selected ? 'selected' : ''].filter(Boolean).join(' ')}
      aria-selected={onClick ? selected === true : undefined}
      onClick={onClick}
      {...attributes}
    >
      <th scope="row" className="code-col">
        {label}
      </th>
      <td className="num">{sources === null ? '' : formatNumber(sources)}</td>
      {columns.map((figure) => (
        <td
          key={figure}
          className={figureValue(figure, figures) === '—' ? 'num undefined-figure' : 'num'}
          data-figure={figure}
          title={figureValue(figure, figures) === '—' ? t('sharing.agreement.undefined') : undefined}
        >
          {figureValue(figure, figures)}
        </td>
      ))}
      {countCells(figures.table).map((count, index) => (
        <td key={index} className={figures.table.kind === 'segment-pairs' ? 'counts' : 'num counts'}>
          {count}
        </td>
      ))}
    </tr>
  );
}

/** Disagreements of one code in one source, with the passage's text when it has loaded. */
function DisagreementList({ cell, codeId, codePath }: Readonly<{ cell: AgreementCell; codeId: string; codePath: string }>) {
  const { openDisagreement, opened, request } = useAppStore(
    useShallow((state) => ({
      openDisagreement: state.openDisagreement,
      opened: state.agreementOpened,
      request: state.request,
    })),
  );
  const [loaded, setLoaded] = useState<Readonly<{ sourceId: string; text: string }> | null>(null);
  const text = loaded?.sourceId === cell.sourceId ? loaded.text : null;
  useEffect(() => {
    let current = true;
    void request('sources:get', { sourceId: cell.sourceId as SourceId }).then((detail) => {
      if (current && detail) setLoaded({ sourceId: detail.id, text: detail.text });
    });
    return () => {
      current = false;
    };
  }, [cell.sourceId, request]);

  return (
    <div className="agreement-disagreements">
      <h3 className="agreement-panel-title">
        {t('sharing.agreement.disagreementsOf', { code: codePath, source: cell.sourceName })}
      </h3>
      {cell.disagreements.length === 0 ? (
        <p className="muted small">{t('sharing.agreement.noDisagreements')}</p>
      ) : (
        <>
          <p className="muted small">
            {tn('sharing.agreement.disagreementCount', cell.disagreements.length)} ·{' '}
            {t('sharing.agreement.disagreementsHint')}
          </p>
          <ul className="disagreement-list" aria-label={t('sharing.agreement.disagreements')}>
            {cell.disagreements.slice(0, DISAGREEMENT_LIMIT).map((entry) => {
              const isOpened =
                opened?.codeId === codeId &&
                opened.sourceId === cell.sourceId &&
                opened.start === entry.start &&
                opened.end === entry.end;
              const excerpt = text === null ? null : text.slice(entry.start, Math.min(entry.end, entry.start + 160));
              return (
                <li key={`${entry.start}-${entry.end}`}>
                  <button
                    type="button"
                    className={isOpened ? 'disagreement opened' : 'disagreement'}
                    data-start={entry.start}
                    data-end={entry.end}
                    onClick={() => void openDisagreement(codeId, cell.sourceId, entry)}
                  >
                    <span className="disagreement-where">
                      {t('sharing.agreement.passage', { start: entry.start, end: entry.end })} ·{' '}
                      {entry.codedBy.length === 0
                        ? t('sharing.agreement.codedByNone')
                        : t('sharing.agreement.codedBy', { coders: entry.codedBy.join(', ') })}
                    </span>
                    {excerpt !== null && (
                      <span className="disagreement-text">
                        {excerpt}
                        {entry.end - entry.start > 160 ? '…' : ''}
                      </span>
                    )}
                  </button>
                </li>
              );
            })}
          </ul>
          {cell.disagreements.length > DISAGREEMENT_LIMIT && (
            <p className="muted small">
              {t('sharing.merge.more', { count: cell.disagreements.length - DISAGREEMENT_LIMIT })}
            </p>
          )}
        </>
      )}
    </div>
  );
}

/** The formula and meaning of one figure, on demand. */
function Explanation({ figure, onClose }: Readonly<{ figure: Figure; onClose(): void }>) {
  return (
    <div className="agreement-explanation" role="region" aria-label={t('sharing.agreement.howTitle')}>
      <div className="agreement-explanation-head">
        <h3 className="agreement-panel-title">
          {t('sharing.agreement.howTitle')}: {figureLabel(figure)}
        </h3>
        <button type="button" className="button small quiet" onClick={onClose}>
          {t('sharing.agreement.close')}
        </button>
      </div>
      <p className="small">{t(`sharing.agreement.formula.${figure}`)}</p>
    </div>
  );
}

/**
 * A note in the interface's language, from its key and parameters (the report's own sentence
 * is English only, for the CLI and the exports), as the merge preview words its conflicts.
 */
export function noteSentence(note: AgreementNote): string {
  switch (note.key) {
    case 'sourcesLeftOut':
      return tn('sharing.agreement.note.sourcesLeftOut', note.count, { option: t('sharing.agreement.allSources') });
    case 'nothingToCompare':
      return t('sharing.agreement.note.nothingToCompare');
    case 'segmentNoKappa':
      return t('sharing.agreement.note.segmentNoKappa');
    case 'blankFigure':
      return t('sharing.agreement.note.blankFigure');
    case 'ownCodings':
      return t('sharing.agreement.note.ownCodings');
    case 'leftOut':
      return t('sharing.agreement.leftOut', {
        source: note.source,
        coders: note.coders.join(t('sharing.agreement.nameSeparator')),
      });
    default:
      return '';
  }
}

/**
 * The report's notes, then the sources left out folded into one line: a project where most
 * sources are coded by one person only would otherwise list dozens of lines under the table.
 */
function AgreementNotes({ report }: Readonly<{ report: AgreementReport }>) {
  const [open, setOpen] = useState(false);
  const listId = useId();
  const excluded = report.sources.excluded;
  if (report.noteKeys.length === 0 && excluded.length === 0) return null;
  return (
    <div className="agreement-notes">
      <h3 className="subhead">{t('sharing.agreement.notes')}</h3>
      <ul className="sharing-lines small">
        {report.noteKeys.map((note, index) => (
          // The English sentence stands in for a key this interface does not know.
          <li key={note.key} data-note={note.key}>
            {noteSentence(note) || report.notes[index]}
          </li>
        ))}
      </ul>
      {excluded.length > 0 && (
        <div className="agreement-left-out">
          <button
            type="button"
            className="agreement-left-out-toggle"
            aria-expanded={open}
            aria-controls={listId}
            onClick={() => setOpen(!open)}
          >
            <span aria-hidden="true">{open ? '▾' : '▸'} </span>
            {tn('sharing.agreement.leftOutSummary', excluded.length)}
            {t('sharing.agreement.leftOutDash')}
            <span className="agreement-left-out-action">
              {open ? t('sharing.agreement.leftOutHide') : t('sharing.agreement.leftOutShow')}
            </span>
          </button>
          {open && (
            <ul id={listId} className="sharing-lines small agreement-left-out-list" aria-label={t('sharing.agreement.leftOutList')}>
              {excluded.map((source) => (
                <li key={source.id} data-source-name={source.name}>
                  {noteSentence({ key: 'leftOut', source: source.name, coders: source.notCodedBy })}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

/**
 * Inter-coder agreement: choose the coders, the unit, the code; per code (and per source
 * under it) and pooled, the figures with the counts behind them, each figure's formula on
 * demand, and the disagreements, each opening the document at its passage. Every number is
 * the backend's (`agreement:get`), the same as `marginalia agreement` and the exports.
 */
export function AgreementView() {
  const { options, report, loading, coders, codes, cell, expanded } = useAppStore(
    useShallow((state) => ({
      options: state.agreementOptions,
      report: state.agreementReport,
      loading: state.agreementLoading,
      coders: state.coders,
      codes: state.codes,
      cell: state.agreementCell,
      expanded: state.agreementExpanded,
    })),
  );
  const { setOptions, load, loadCoders, exportAgreement, selectCell, toggleCode } = useAppStore(
    useShallow((state) => ({
      setOptions: state.setAgreementOptions,
      load: state.loadAgreement,
      loadCoders: state.loadCoders,
      exportAgreement: state.exportAgreement,
      selectCell: state.selectAgreementCell,
      toggleCode: state.toggleAgreementCode,
    })),
  );
  const [explained, setExplained] = useState<Figure | null>(null);
  const codeId = useId();
  const overlapId = useId();
  const unitLabelId = useId();

  useEffect(() => {
    void loadCoders();
  }, [loadCoders]);
  // Compare every coder until the researcher chooses: with two coders that is the usual pair.
  useEffect(() => {
    if (options.coders.length === 0 && coders.length >= 2) setOptions({ coders: coders.map((coder) => coder.name) });
    else void load();
    // Only when the list of coders arrives, not on every option change (setOptions loads).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [coders]);

  const onExport = async (format: 'csv' | 'xlsx'): Promise<void> => {
    const file = await exportAgreement(format);
    if (!file) return;
    if (file.content !== undefined) downloadText(file.fileName, file.content);
    else if (file.dataBase64 !== undefined) downloadBase64(file.fileName, file.dataBase64);
  };

  const toggleCoder = (name: string, checked: boolean): void => {
    const chosen = checked ? [...options.coders, name] : options.coders.filter((entry) => entry !== name);
    // Keep the project's order, so the first coder is always the table's rows.
    setOptions({ coders: coders.map((coder) => coder.name).filter((entry) => chosen.includes(entry)) });
  };

  const columns = report ? figureColumns(report) : [];
  const selectedRow = report && cell ? report.codes.find((row) => row.codeId === cell.codeId) : undefined;
  const selectedCell = selectedRow?.sources.find((entry) => entry.sourceId === cell?.sourceId);

  return (
    <section className="agreement" aria-label={t('sharing.agreement.title')}>
      <header className="toolbar agreement-toolbar">
        <h2 className="toolbar-title">{t('sharing.agreement.heading')}</h2>
        <fieldset className="agreement-coders">
          <legend className="toolbar-label">{t('sharing.agreement.coders')}</legend>
          {coders.map((coder) => (
            <label key={coder.id} className="chip agreement-coder">
              <input
                type="checkbox"
                checked={options.coders.includes(coder.name)}
                onChange={(event) => toggleCoder(coder.name, event.target.checked)}
              />
              {coder.name}
            </label>
          ))}
        </fieldset>
        <span className="toolbar-label" id={unitLabelId}>
          {t('sharing.agreement.unit')}
        </span>
        <div className="segmented" role="radiogroup" aria-labelledby={unitLabelId}>
          {AGREEMENT_UNITS.map((unit) => (
            <button
              key={unit}
              type="button"
              role="radio"
              aria-checked={options.unit === unit}
              className={options.unit === unit ? 'segment active' : 'segment'}
              onClick={() => setOptions({ unit })}
            >
              {t(`sharing.agreement.unit.${unit}`)}
            </button>
          ))}
        </div>
        {options.unit === 'segment' && (
          <>
            <label htmlFor={overlapId} className="toolbar-label" title={t('sharing.agreement.overlapHint')}>
              {t('sharing.agreement.overlap')}
            </label>
            <span className="agreement-overlap">
              <input
                id={overlapId}
                type="number"
                min={1}
                max={100}
                step={5}
                className="inline-input"
                value={Math.round(options.overlap * 100)}
                title={t('sharing.agreement.overlapHint')}
                onChange={(event) => {
                  const value = Number(event.target.value);
                  if (Number.isFinite(value) && value >= 1 && value <= 100) setOptions({ overlap: value / 100 });
                }}
              />
              %
            </span>
          </>
        )}
        <span className="toolbar-spacer" />
        <button type="button" className="button small" disabled={!report} onClick={() => void onExport('csv')}>
          {t('sharing.agreement.exportCsv')}
        </button>
        <button type="button" className="button small" disabled={!report} onClick={() => void onExport('xlsx')}>
          {t('sharing.agreement.exportXlsx')}
        </button>
      </header>
      <div className="agreement-subbar">
        <label htmlFor={codeId} className="toolbar-label">
          {t('sharing.agreement.code')}
        </label>
        <select id={codeId} value={options.code ?? ''} onChange={(event) => setOptions({ code: event.target.value || null })}>
          <option value="">{t('sharing.agreement.allCodes')}</option>
          {codes.map((code) => (
            <option key={code.id} value={code.path}>
              {`${'  '.repeat(code.depth)}${code.name}`}
            </option>
          ))}
        </select>
        <label className="sharing-check-inline">
          <input
            type="checkbox"
            checked={options.allSources}
            onChange={(event) => setOptions({ allSources: event.target.checked })}
          />
          {t('sharing.agreement.allSources')}
        </label>
        <p className="muted small agreement-explain">
          {options.unit === 'segment'
            ? t('sharing.agreement.explain.segment', { overlap: `${Math.round(options.overlap * 100)} %` })
            : t(`sharing.agreement.explain.${options.unit}`)}
        </p>
      </div>
      {coders.length < 2 ? (
        <p className="placeholder">{t('sharing.agreement.fewCoders', { count: coders.length })}</p>
      ) : options.coders.length < 2 ? (
        <p className="placeholder">{t('sharing.agreement.needCoders')}</p>
      ) : !report ? (
        <p className="placeholder">{t('sharing.agreement.loading')}</p>
      ) : (
        <div className="agreement-body">
          <div className="table-scroller" aria-busy={loading}>
            <table className={loading ? 'freq-table agreement-table stale' : 'freq-table agreement-table'}>
              <thead>
                <tr>
                  <th className="code-col">{t('sharing.agreement.column.code')}</th>
                  <th className="num">{t('sharing.agreement.column.sources')}</th>
                  {columns.map((figure) => (
                    <th key={figure} className="num">
                      <span className="figure-head">
                        {figureLabel(figure)}
                        <button
                          type="button"
                          className="how-button"
                          aria-label={t('sharing.agreement.how', { figure: figureLabel(figure) })}
                          aria-expanded={explained === figure}
                          title={t('sharing.agreement.how', { figure: figureLabel(figure) })}
                          onClick={() => setExplained(explained === figure ? null : figure)}
                        >
                          ?
                        </button>
                      </span>
                    </th>
                  ))}
                  {countHeaders(report).map((header, index) => (
                    <th key={index} className="num counts-head">
                      {header}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                <FigureRow
                  label={t('sharing.agreement.pooled')}
                  sources={report.sources.included.length}
                  figures={report.pooled}
                  columns={columns}
                  className="pooled-row"
                  attributes={{ 'data-row': 'pooled' }}
                />
                {report.codes.map((row) => {
                  const open = expanded.includes(row.codeId);
                  return (
                    <Fragment key={row.codeId}>
                      <FigureRow
                        label={
                          <span className="agreement-code">
                            <button
                              type="button"
                              className="twisty"
                              aria-expanded={open}
                              aria-label={t('sharing.agreement.showSources', { code: row.codePath })}
                              onClick={() => toggleCode(row.codeId)}
                            >
                              {open ? '▾' : '▸'}
                            </button>
                            {row.codePath}
                          </span>
                        }
                        sources={row.sources.length}
                        figures={row}
                        columns={columns}
                        className="code-row-agreement"
                        attributes={{ 'data-code-path': row.codePath }}
                      />
                      {open &&
                        row.sources.map((source) => (
                          <FigureRow
                            key={source.sourceId}
                            label={
                              <span className="agreement-source">
                                {/* A button, so the row can be chosen from the keyboard too. */}
                                <button
                                  type="button"
                                  className="link-button"
                                  onClick={(event) => {
                                    event.stopPropagation();
                                    selectCell({ codeId: row.codeId, sourceId: source.sourceId });
                                  }}
                                >
                                  {source.sourceName}
                                </button>
                                {source.disagreements.length > 0 && (
                                  <span className="count" title={tn('sharing.agreement.disagreementCount', source.disagreements.length)}>
                                    {source.disagreements.length}
                                  </span>
                                )}
                              </span>
                            }
                            sources={null}
                            figures={source}
                            columns={columns}
                            className="source-row"
                            selected={cell?.codeId === row.codeId && cell.sourceId === source.sourceId}
                            onClick={() => selectCell({ codeId: row.codeId, sourceId: source.sourceId })}
                            attributes={{ 'data-source-name': source.sourceName, 'data-code-path': row.codePath }}
                          />
                        ))}
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
            <AgreementNotes report={report} />
          </div>
          <aside className="agreement-side" aria-label={t('sharing.agreement.disagreements')}>
            {explained && <Explanation figure={explained} onClose={() => setExplained(null)} />}
            {selectedRow && selectedCell ? (
              <DisagreementList cell={selectedCell} codeId={selectedRow.codeId} codePath={selectedRow.codePath} />
            ) : (
              <p className="muted small agreement-pick">{t('sharing.agreement.pickCell')}</p>
            )}
          </aside>
        </div>
      )}
    </section>
  );
}
