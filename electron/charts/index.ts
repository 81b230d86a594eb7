import type { CodeId } from '../../shared/domain/ids';
import type { CooccurrenceReport } from '../../shared/format/cooccurrence';
import type { CrosstabReport } from '../../shared/format/crosstab';
import type { WordfreqReport } from '../../shared/format/wordfreq';
import { formatWhere } from '../../shared/format/query';
import { paletteColor } from '../../shared/domain/palette';
import { UserError } from '../util/errors';
import { barChart, heatMap, heatMapHeight, loadChartKit, wordBars, wordBarsHeight } from './charts';
import { chartSvg, svgToPng } from './render';

export { chartSvg, svgToPng } from './render';

export type ChartSize = Readonly<{ width: number; height: number }>;

const UNIT_AXIS: Record<CrosstabReport['result']['unit'], string> = {
  segments: 'segments (number of codings)',
  documents: 'documents (sources with a coding)',
  characters: 'characters (code points coded)',
  coverage: "coverage (% of the column's characters)",
};

function scopeLine(report: { coder: string | null; where: CrosstabReport['where'] }): string {
  const parts = [`coder: ${report.coder ?? 'all coders'}`];
  if (report.where.length > 0) parts.push(`where ${report.where.map(formatWhere).join(' and ')}`);
  return parts.join('; ');
}

/**
 * A bar chart of code frequencies per attribute value: one bar per code and value, side by
 * side or stacked, coloured as the codes are in the app. Stacking adds codes up, so codes
 * that contain one another (with rollup) are refused rather than counted twice.
 */
export async function frequencyBarChart(
  report: CrosstabReport,
  colors: ReadonlyMap<CodeId, string>,
  options: ChartSize & { stacked: boolean },
): Promise<string> {
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
  const unit = percent ? `${report.query.percent} % of ${result.unit}` : UNIT_AXIS[result.unit];
  const columns = result.columns.map((column) => column.key);
  const subtitle = [`unit: ${unit}`, scopeLine(report), report.query.rollup ? 'codes include their descendants' : 'own codings only'];
  if (options.stacked && result.unit !== 'segments') subtitle.push('stacked bars add the codes’ figures (a passage or source with two codes counts in both)');
  return chartSvg(
    barChart(await loadChartKit(), {
      title: `Code frequencies by ${report.then ? `${report.by} × ${report.then}` : report.by}`,
      subtitle: subtitle.join('; '),
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
export async function crosstabHeatMap(report: CrosstabReport, options: Pick<ChartSize, 'width'>): Promise<string> {
  const { result } = report;
  const percent = report.percent && report.query.percent ? report.percent : null;
  const unit = percent ? `${report.query.percent} % of ${result.unit}` : UNIT_AXIS[result.unit];
  const spec = {
    title: `Codes by ${report.then ? `${report.by} × ${report.then}` : report.by}`,
    subtitle: `unit: ${unit}; ${scopeLine(report)}`,
    rowLabel: 'code',
    columnLabel: report.then ? `${report.by} / ${report.then}` : report.by,
    rows: result.rows.map((row) => row.code),
    columns: result.columns.map((column) => column.key),
    values: percent ? percent.rows : result.rows.map((row) => row.values),
    mutedDiagonal: false,
    percent: percent !== null || result.unit === 'coverage',
    width: options.width,
  };
  return chartSvg(heatMap(await loadChartKit(), spec));
}

/** Heat maps of co-occurrence, one below the other when there is a matrix per attribute value. */
export async function cooccurrenceHeatMap(report: CooccurrenceReport, options: Pick<ChartSize, 'width'>): Promise<string> {
  const matrices = report.result.matrices;
  if (matrices.length !== 1) {
    throw new UserError('invalid-arguments', `A chart shows one matrix; this query has ${matrices.length} (one per ${report.by}). Add --where ${report.by}=<value> to choose one.`);
  }
  const paths = report.result.codes.map((code) => code.code);
  return chartSvg(
    heatMap(await loadChartKit(), {
      title: `Code co-occurrence (${report.query.relation})`,
      subtitle: `unit: ${report.query.unit === 'passages' ? 'passages (pairs of codings)' : 'documents'}; ${scopeLine(report)}`,
      rowLabel: 'code',
      columnLabel: 'code',
      rows: paths,
      columns: paths,
      values: matrices[0].counts,
      mutedDiagonal: true,
      percent: false,
      width: options.width,
    }),
  );
}

/** Word-frequency bars: the top words, one panel per attribute value. */
export async function wordfreqBars(report: WordfreqReport, options: Pick<ChartSize, 'width'>): Promise<string> {
  const { result } = report;
  const panels = report.by
    ? result.columns.map((column, index) => ({ title: `${report.by} = ${column}`, words: result.perColumn[index] }))
    : [{ title: 'all sources in scope', words: result.rows.map((row) => ({ word: row.word, count: row.total })) }];
  const spec = {
    title: `Most frequent words${report.by ? ` by ${report.by}` : ''}`,
    subtitle: `unit: occurrences of each word; ${report.code ? `inside passages coded ${report.code}` : 'whole texts'}; minimum length ${report.query.minLength}; stop words left out`,
    panels,
    color: '#4e79a7',
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
