import type { CodeId } from '../../shared/domain/ids';
import type { CooccurrenceReport } from '../../shared/format/cooccurrence';
import type { CrosstabReport } from '../../shared/format/crosstab';
import type { WordfreqReport } from '../../shared/format/wordfreq';
import { formatWhere } from '../../shared/format/query';
import { NONE_VALUE, nestedKey, type CrosstabColumn } from '../../shared/stats/crosstab';
import { paletteColor } from '../../shared/domain/palette';
import { UserError } from '../util/errors';
import { barChart, heatMap, heatMapHeight, loadChartKit, wordBars, wordBarsHeight } from './charts';
import { chartSvg, svgToPng } from './render';
import { chartWords, type ChartLanguage, type ChartWords } from './words';

export { chartSvg, svgToPng } from './render';
export { CHART_LANGUAGES, type ChartLanguage } from './words';

export type ChartSize = Readonly<{ width: number; height: number }>;

/** The language of a chart's fixed words; English when not given. */
export type ChartText = Readonly<{ language?: ChartLanguage }>;

function scopeLine(words: ChartWords, report: { coder: string | null; where: CrosstabReport['where'] }): string {
  const parts = [words.coder(report.coder)];
  if (report.where.length > 0) parts.push(words.where(report.where.map(formatWhere)));
  return parts.join(words.separator);
}

/** What a crosstab counts, for an axis or a subtitle: the unit, or the percentage of it. */
function crosstabUnit(words: ChartWords, report: CrosstabReport): string {
  const { result } = report;
  return report.percent && report.query.percent ? words.percentOf(report.query.percent, result.unit) : words.unitAxis[result.unit];
}

/** An attribute value as a label: the column of sources without a value is named in the chart's language. */
function valueLabel(words: ChartWords, value: string): string {
  return value === NONE_VALUE ? words.none : value;
}

/** A crosstab column's label: its key, with "(none)" in the chart's language. */
function columnLabel(words: ChartWords, column: CrosstabColumn): string {
  if (!column.values.includes(NONE_VALUE)) return column.key;
  const [first, second] = column.values.map((value) => valueLabel(words, value));
  return second === undefined ? first : nestedKey(first, second);
}

/** "province", or "province × year" for a crosstab with a second attribute. */
function byLabel(report: CrosstabReport): string {
  return report.then ? `${report.by} × ${report.then}` : report.by;
}

/**
 * A bar chart of code frequencies per attribute value: one bar per code and value, side by
 * side or stacked, coloured as the codes are in the app. Stacking adds codes up, so codes
 * that contain one another (with rollup) are refused rather than counted twice.
 */
export async function frequencyBarChart(
  report: CrosstabReport,
  colors: ReadonlyMap<CodeId, string>,
  options: ChartSize & ChartText & { stacked: boolean },
): Promise<string> {
  const words = chartWords(options.language);
  const { result } = report;
  const rows = result.rows;
  if (options.stacked && report.query.rollup) {
    for (const row of rows) {
      const ancestor = rows.find((other) => other !== row && row.code.startsWith(`${other.code}/`));
      if (ancestor) {
        throw new UserError(
          'invalid-arguments',
          `Stacked bars add codes up, and ${ancestor.code} already includes ${row.code}; choose codes that do not contain each other, or add --no-rollup.`,
        );
      }
    }
  }
  const percent = report.percent && report.query.percent ? report.percent : null;
  const unit = crosstabUnit(words, report);
  const columns = result.columns.map((column) => columnLabel(words, column));
  const subtitle = [words.unitLine(unit), scopeLine(words, report), report.query.rollup ? words.rollup : words.ownCodings];
  if (options.stacked && result.unit !== 'segments') subtitle.push(words.stackedNote);
  return chartSvg(
    barChart(await loadChartKit(), {
      title: words.frequenciesTitle(byLabel(report)),
      subtitle: subtitle.join(words.separator),
      xLabel: report.then ? `${report.by} / ${report.then}` : report.by,
      yLabel: unit,
      categories: columns,
      series: rows.map((row, index) => ({
        name: row.code,
        color: colors.get(row.codeId) ?? paletteColor(index),
        values: percent ? percent.rows[index] : row.values,
      })),
      stacked: options.stacked,
      width: options.width,
      height: options.height,
    }),
  );
}

/** A heat map of a crosstab: codes × attribute values, the unit (or percentage) in every cell. */
export async function crosstabHeatMap(report: CrosstabReport, options: Pick<ChartSize, 'width'> & ChartText): Promise<string> {
  const words = chartWords(options.language);
  const { result } = report;
  const percent = report.percent && report.query.percent ? report.percent : null;
  const spec = {
    title: words.crosstabTitle(byLabel(report)),
    subtitle: [words.unitLine(crosstabUnit(words, report)), scopeLine(words, report)].join(words.separator),
    rowLabel: words.code,
    columnLabel: report.then ? `${report.by} / ${report.then}` : report.by,
    rows: result.rows.map((row) => row.code),
    columns: result.columns.map((column) => columnLabel(words, column)),
    values: percent ? percent.rows : result.rows.map((row) => row.values),
    mutedDiagonal: false,
    scaleNote: '',
    percent: percent !== null || result.unit === 'coverage',
    width: options.width,
  };
  return chartSvg(heatMap(await loadChartKit(), spec));
}

/** Heat maps of co-occurrence, one below the other when there is a matrix per attribute value. */
export async function cooccurrenceHeatMap(report: CooccurrenceReport, options: Pick<ChartSize, 'width'> & ChartText): Promise<string> {
  const words = chartWords(options.language);
  const matrices = report.result.matrices;
  if (matrices.length !== 1) {
    throw new UserError('invalid-arguments', `A chart shows one matrix; this query has ${matrices.length} (one per ${report.by}). Add --where ${report.by}=<value> to choose one.`);
  }
  const paths = report.result.codes.map((code) => code.code);
  return chartSvg(
    heatMap(await loadChartKit(), {
      title: words.cooccurrenceTitle(report.query.relation),
      subtitle: [words.unitLine(words.cooccurrenceUnit[report.query.unit]), scopeLine(words, report)].join(words.separator),
      rowLabel: words.code,
      columnLabel: words.code,
      rows: paths,
      columns: paths,
      values: matrices[0].counts,
      mutedDiagonal: true,
      scaleNote: words.diagonalNote,
      percent: false,
      width: options.width,
    }),
  );
}

/** Word-frequency bars: the top words, one panel per attribute value. */
export async function wordfreqBars(report: WordfreqReport, options: Pick<ChartSize, 'width'> & ChartText): Promise<string> {
  const words = chartWords(options.language);
  const { result } = report;
  const panels = report.by
    ? result.columns.map((column, index) => ({ title: `${report.by} = ${valueLabel(words, column)}`, words: result.perColumn[index] }))
    : [{ title: words.allSources, words: result.rows.map((row) => ({ word: row.word, count: row.total })) }];
  const spec = {
    title: words.wordsTitle(report.by),
    subtitle: [
      words.wordsUnit,
      report.code ? words.insideCode(report.code) : words.wholeTexts,
      words.minimumLength(report.query.minLength),
      words.stopWordsLeftOut,
    ].join(words.separator),
    panels,
    color: '#4e79a7',
    emptyLabel: words.noWords,
    width: options.width,
  };
  return chartSvg(wordBars(await loadChartKit(), spec));
}

/** The size a heat map or word chart takes (they grow with their rows). */
export { heatMapHeight, wordBarsHeight };

/** The chart in the format its file name asks for: SVG text, or PNG bytes at `scale`. */
export async function chartFile(svg: string, file: string, scale: number): Promise<string | Buffer> {
  if (/\.svg$/i.test(file)) return svg;
  if (/\.png$/i.test(file)) return svgToPng(svg, scale);
  throw new UserError('invalid-arguments', `A chart is written as .png or .svg, not ${file}.`);
}
