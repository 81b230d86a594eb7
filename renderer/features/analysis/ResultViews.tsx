import type { ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { CodebookReport } from '../../../shared/format/codebook';
import type { CooccurrenceReport } from '../../../shared/format/cooccurrence';
import { TOTAL_ROW, type CrosstabReport } from '../../../shared/format/crosstab';
import type { MatrixReport } from '../../../shared/format/matrix';
import { formatWhere } from '../../../shared/format/query';
import type { SegmentsReport } from '../../../shared/format/segments';
import type { WordfreqReport } from '../../../shared/format/wordfreq';
import { NONE_VALUE, type WhereClause } from '../../../shared/stats/crosstab';
import { ALL_COLUMN } from '../../../shared/stats/frequencies';
import { formatNumber, t, tn } from '../../i18n';
import { useAppStore } from '../../store';
import { formatFigure, formatPercent, headerGroups } from './queryModel';

/** Segments beyond this are in the export, not on screen: a table of 50,000 rows helps no one read. */
export const SEGMENTS_SHOWN = 500;

function valueLabel(value: string): string {
  return value === NONE_VALUE ? t('analysis.none') : value;
}

function useCodeColors(): Readonly<Record<string, string>> {
  return useAppStore(useShallow((state) => Object.fromEntries(state.codes.map((code) => [code.id, code.color]))));
}

/** The scope every analysis states under its unit: coder, filters, sources. */
function scopeLine(coder: string | null, where: readonly WhereClause[], sources: number | null): string {
  const parts = [
    t('analysis.scope.coder', { coder: coder ?? t('analysis.coder.all') }),
    t('analysis.scope.filters', {
      filters:
        where.length === 0 ? t('analysis.scope.noFilters') : where.map(formatWhere).join(t('analysis.scope.and')),
    }),
  ];
  if (sources !== null) parts.push(tn('analysis.scope.sources', sources));
  return parts.join(' · ');
}

/** What the figures below count, stated above them (the issue: a unit that is easy to misread is wrong). */
function UnitStatement({
  unit,
  unitText,
  lines,
}: Readonly<{ unit: string; unitText: string; lines: readonly string[] }>) {
  return (
    <div className="analysis-statement" data-unit={unit}>
      <p className="analysis-unit">{unitText}</p>
      {lines.map((line) => (
        <p key={line} className="muted">
          {line}
        </p>
      ))}
    </div>
  );
}

/** The code name with its colour, indented by depth, the full path on hover. */
function CodeCell({ path, depth, color }: Readonly<{ path: string; depth: number; color: string | undefined }>) {
  const name = path.split('/').pop() ?? path;
  return (
    <th scope="row" className="code-col" title={path} style={{ paddingLeft: `${0.5 + depth * 1.125}rem` }}>
      <span className="swatch" style={{ background: color ?? '#888' }} />
      {name}
    </th>
  );
}

/** The crosstab: codes × attribute values (nested when a second attribute is chosen), totals last. */
export function CrosstabResult({ report, stale }: Readonly<{ report: CrosstabReport; stale: boolean }>) {
  const colors = useCodeColors();
  const { result, percent } = report;
  const base = report.query.percent;
  const nested = report.then !== null;
  const unit = result.unit;
  const cell = (value: number, share: number | undefined, key: string, zero: boolean): ReactNode => (
    <td
      key={key}
      className={zero ? 'num zero' : 'num'}
      data-column={key}
      data-value={value}
      {...(share === undefined ? {} : { 'data-percent': share })}
    >
      <span className="value">{formatFigure(value, unit, formatNumber)}</span>
      {share !== undefined && <span className="share">{formatPercent(share)}</span>}
    </td>
  );
  const lines = [
    report.query.rollup ? t('analysis.rollup.on') : t('analysis.rollup.off'),
    ...(base && percent ? [t(`analysis.percentLine.${base}`)] : []),
    ...(report.bins.length > 0 ? [report.bins.join('; ')] : []),
    t('analysis.totalsLine'),
    scopeLine(report.coder, report.where, result.sourceCount),
  ];
  return (
    <>
      <UnitStatement unit={unit} unitText={t(`analysis.unitLine.${unit}`)} lines={lines} />
      <table
        className={stale ? 'analysis-table crosstab stale' : 'analysis-table crosstab'}
        data-unit={unit}
        data-by={report.by}
        data-percent={base ?? ''}
        aria-label={t('analysis.crosstab.caption', {
          by: nested ? `${report.by} × ${report.then}` : report.by,
          unit: t(`analysis.unit.${unit}`),
        })}
      >
        <thead>
          {nested && (
            <tr>
              <th scope="col" className="code-col" />
              {headerGroups(result.columns).map((group, index) => (
                <th key={`${group.value}-${index}`} scope="colgroup" colSpan={group.span} className="group-head">
                  {valueLabel(group.value)}
                </th>
              ))}
              <th scope="col" className="total-col" />
            </tr>
          )}
          <tr>
            <th scope="col" className="code-col">
              {t('analysis.code')}
            </th>
            {result.columns.map((column) => (
              <th scope="col" key={column.key} className="num" data-column={column.key} title={column.key}>
                {valueLabel(nested ? (column.values[1] ?? column.key) : column.key)}
              </th>
            ))}
            <th scope="col" className="num total-col" data-column={ALL_COLUMN}>
              {t('analysis.total')}
            </th>
          </tr>
        </thead>
        <tbody>
          {result.rows.length === 0 && (
            <tr>
              <td colSpan={result.columns.length + 2} className="placeholder small">
                {t('analysis.empty')}
              </td>
            </tr>
          )}
          {result.rows.map((row, rowIndex) => (
            <tr key={row.codeId} data-code={row.code} className={row.depth === 0 ? 'root-row' : undefined}>
              <CodeCell path={row.code} depth={row.depth} color={colors[row.codeId]} />
              {row.values.map((value, index) =>
                cell(value, percent?.rows[rowIndex][index], result.columns[index].key, value === 0),
              )}
              {cell(row.total, percent?.rowTotals[rowIndex], ALL_COLUMN, false)}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-code={TOTAL_ROW}>
            <th scope="row" className="code-col" title={t('analysis.totalsLine')}>
              {t('analysis.allCodes')}
            </th>
            {result.totals.map((value, index) =>
              cell(value, percent?.totals[index], result.columns[index].key, value === 0),
            )}
            {cell(result.total, percent?.total, ALL_COLUMN, false)}
          </tr>
          <tr className="sources-row">
            <th scope="row" className="code-col muted">
              {t('analysis.sourcesInColumn')}
            </th>
            {result.sourceCounts.map((count, index) => (
              <td key={result.columns[index].key} className="num muted">
                {formatNumber(count)}
              </td>
            ))}
            <td className="num muted total-col">{formatNumber(result.sourceCount)}</td>
          </tr>
        </tfoot>
      </table>
    </>
  );
}

/** Codes × codes, one matrix per attribute value when asked; the diagonal (a code with itself) muted. */
export function CooccurrenceResult({ report, stale }: Readonly<{ report: CooccurrenceReport; stale: boolean }>) {
  const colors = useCodeColors();
  const { result } = report;
  const lines = [
    t(`analysis.relationLine.${result.relation}`),
    t('analysis.diagonalLine'),
    scopeLine(report.coder, report.where, report.sourceCount),
  ];
  return (
    <>
      <UnitStatement unit={result.unit} unitText={t(`analysis.cooccurrenceUnitLine.${result.unit}`)} lines={lines} />
      {result.matrices.map((matrix) => (
        <section key={matrix.group} className="analysis-matrix-group">
          {report.by !== null && (
            <h3 className="analysis-group-title">
              {report.by}: {valueLabel(matrix.group)}
            </h3>
          )}
          <table
            className={stale ? 'analysis-table cooccurrence stale' : 'analysis-table cooccurrence'}
            data-group={matrix.group}
            aria-label={t('analysis.kind.cooccurrence')}
          >
            <thead>
              <tr>
                <th scope="col" className="code-col">
                  {t('analysis.code')}
                </th>
                {result.codes.map((code) => (
                  <th key={code.codeId} scope="col" className="num rotated" title={code.code}>
                    <span>{code.code.split('/').pop()}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {result.codes.map((code, row) => (
                <tr key={code.codeId} data-code={code.code}>
                  <CodeCell path={code.code} depth={code.depth} color={colors[code.codeId]} />
                  {matrix.counts[row].map((value, column) => (
                    <td
                      key={result.codes[column].codeId}
                      className={row === column ? 'num diagonal' : value === 0 ? 'num zero' : 'num'}
                      data-column={result.codes[column].code}
                      data-value={value}
                    >
                      {formatNumber(value)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </>
  );
}

/** One row per source with its attributes, one column per code. */
export function MatrixResult({ report, stale }: Readonly<{ report: MatrixReport; stale: boolean }>) {
  const { result } = report;
  const lines = [
    report.query.rollup ? t('analysis.rollup.on') : t('analysis.rollup.off'),
    scopeLine(report.coder, report.where, report.sources.length),
  ];
  return (
    <>
      <UnitStatement unit={result.value} unitText={t(`analysis.matrixValueLine.${result.value}`)} lines={lines} />
      <table
        className={stale ? 'analysis-table matrix stale' : 'analysis-table matrix'}
        data-value={result.value}
        aria-label={t('analysis.kind.matrix')}
      >
        <thead>
          <tr>
            <th scope="col" className="source-col">
              {t('analysis.source')}
            </th>
            {report.attributes.map((name) => (
              <th key={`a-${name}`} scope="col" className="attribute-col">
                {name}
              </th>
            ))}
            {result.codes.map((code) => (
              <th key={code.codeId} scope="col" className="num rotated" title={code.code}>
                <span>{code.code.split('/').pop()}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report.sources.map((source, index) => (
            <tr key={source.id} data-source={source.name}>
              <th scope="row" className="source-col" title={source.name}>
                {source.name}
              </th>
              {report.attributes.map((name) => (
                <td key={`a-${name}`} className="attribute-col">
                  {source.attributes[name] ?? ''}
                </td>
              ))}
              {result.sources[index].values.map((value, column) => (
                <td
                  key={result.codes[column].codeId}
                  className={value === 0 ? 'num zero' : 'num'}
                  data-column={result.codes[column].code}
                  data-value={value}
                >
                  {formatNumber(value)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** The coded segments, long and tidy, as the export lists them (the first few hundred on screen). */
export function SegmentsResult({ report, stale }: Readonly<{ report: SegmentsReport; stale: boolean }>) {
  const colors = useAppStore(
    useShallow((state) => Object.fromEntries(state.codes.map((code) => [code.path, code.color]))),
  );
  const shown = report.segments.slice(0, SEGMENTS_SHOWN);
  const lines = [
    report.code ? t('analysis.segmentsOf', { code: report.code }) : t('analysis.segmentsOfEvery'),
    scopeLine(report.coder, report.where, report.sourceCount),
    ...(report.segments.length > shown.length
      ? [t('analysis.segmentsShown', { shown: shown.length, count: report.segments.length })]
      : []),
  ];
  return (
    <>
      <UnitStatement unit="segments" unitText={tn('analysis.segmentsCount', report.segments.length)} lines={lines} />
      <table
        className={stale ? 'analysis-table segments stale' : 'analysis-table segments'}
        aria-label={t('analysis.kind.segments')}
      >
        <thead>
          <tr>
            <th scope="col">{t('analysis.source')}</th>
            <th scope="col">{t('analysis.code')}</th>
            <th scope="col">{t('analysis.place')}</th>
            <th scope="col" className="text-col">
              {t('analysis.text')}
            </th>
            <th scope="col">{t('analysis.coder')}</th>
            <th scope="col">{t('analysis.memo')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((segment) => (
            <tr key={segment.codingId} data-coding={segment.codingId}>
              <td
                className="source-col"
                title={Object.entries(segment.attributes)
                  .map(([name, value]) => `${name}: ${value}`)
                  .join('\n')}
              >
                {segment.source}
              </td>
              <td title={segment.codePath}>
                <span className="swatch" style={{ background: colors[segment.codePath] ?? '#888' }} />
                {segment.codePath}
              </td>
              <td className="muted">{[segment.section, segment.turn, segment.page].filter(Boolean).join(' · ')}</td>
              <td className="text-col">
                <div className="clamp">{segment.text}</div>
              </td>
              <td>{segment.coder}</td>
              <td className="memo-col">
                <div className="clamp">{segment.memo}</div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** The top words overall with their count per attribute value. */
export function WordfreqResult({ report, stale }: Readonly<{ report: WordfreqReport; stale: boolean }>) {
  const { result } = report;
  const columns = result.columns;
  const stop = (language: 'en' | 'zh'): string =>
    t(`analysis.stopwords.${report.stopwords[language].source}`, { count: report.stopwords[language].words.length });
  const lines = [
    report.code ? t('analysis.wordfreq.inCode', { code: report.code }) : t('analysis.wordfreq.inTexts'),
    t('analysis.wordfreq.settings', { top: report.query.top, minLength: report.query.minLength }),
    `${t('analysis.stopwords.zh')}: ${stop('zh')} · ${t('analysis.stopwords.en')}: ${stop('en')}`,
    scopeLine(report.coder, report.where, report.sourceCount),
  ];
  return (
    <>
      <UnitStatement unit="words" unitText={t('analysis.wordfreq.unit')} lines={lines} />
      <table
        className={stale ? 'analysis-table wordfreq stale' : 'analysis-table wordfreq'}
        aria-label={t('analysis.kind.wordfreq')}
      >
        <thead>
          <tr>
            <th scope="col" className="rank-col num">
              #
            </th>
            <th scope="col">{t('analysis.word')}</th>
            {columns.length > 1 &&
              columns.map((column) => (
                <th key={column} scope="col" className="num" data-column={column}>
                  {valueLabel(column)}
                </th>
              ))}
            <th scope="col" className="num total-col">
              {t('analysis.total')}
            </th>
          </tr>
        </thead>
        <tbody>
          {result.rows.length === 0 && (
            <tr>
              <td colSpan={columns.length + 3} className="placeholder small">
                {t('analysis.empty')}
              </td>
            </tr>
          )}
          {result.rows.map((row, index) => (
            <tr key={row.word} data-word={row.word}>
              <td className="num muted rank-col">{index + 1}</td>
              <th scope="row" className="word-col">
                {row.word}
              </th>
              {columns.length > 1 &&
                row.counts.map((count, column) => (
                  <td key={columns[column]} className={count === 0 ? 'num zero' : 'num'} data-column={columns[column]}>
                    {formatNumber(count)}
                  </td>
                ))}
              <td className="num total-col">{formatNumber(row.total)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td />
            <th scope="row" className="muted">
              {t('analysis.wordsCounted')}
            </th>
            {columns.length > 1 &&
              result.words.map((count, column) => (
                <td key={columns[column]} className="num muted">
                  {formatNumber(count)}
                </td>
              ))}
            <td className="num muted total-col">{formatNumber(result.totalWords)}</td>
          </tr>
        </tfoot>
      </table>
    </>
  );
}

/** The codebook with counts and example passages (the DOCX export's content). */
export function CodebookResult({ report, stale }: Readonly<{ report: CodebookReport; stale: boolean }>) {
  const lines = [t('analysis.codebook.countsLine'), scopeLine(report.coder, report.where, report.sourceCount)];
  return (
    <>
      <UnitStatement unit="segments" unitText={t('analysis.codebook.unit')} lines={lines} />
      <table
        className={stale ? 'analysis-table codebook stale' : 'analysis-table codebook'}
        aria-label={t('analysis.kind.codebook')}
      >
        <thead>
          <tr>
            <th scope="col" className="code-col">
              {t('analysis.code')}
            </th>
            <th scope="col" className="num">
              {t('analysis.codebook.own')}
            </th>
            <th scope="col" className="num">
              {t('analysis.unit.segments')}
            </th>
            <th scope="col" className="num">
              {t('analysis.unit.documents')}
            </th>
            <th scope="col" className="text-col">
              {t('analysis.codebook.description')}
            </th>
            <th scope="col" className="text-col">
              {t('analysis.codebook.examplesHead')}
            </th>
          </tr>
        </thead>
        <tbody>
          {report.codes.map((code) => (
            <tr key={code.id} data-code={code.path} className={code.depth === 0 ? 'root-row' : undefined}>
              <CodeCell path={code.path} depth={code.depth} color={code.color} />
              <td className="num">{formatNumber(code.ownSegments)}</td>
              <td className="num">{formatNumber(code.segments)}</td>
              <td className="num">{formatNumber(code.documents)}</td>
              <td className="text-col">
                <div className="clamp">{code.description}</div>
              </td>
              <td className="text-col">
                {code.examples.map((example) => (
                  <div
                    key={`${example.source}-${example.text}`}
                    className="clamp example"
                    title={`${example.source}${example.place ? `, ${example.place}` : ''}`}
                  >
                    {example.text}
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
