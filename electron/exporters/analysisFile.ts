import type { CodeId } from '../../shared/domain/ids';
import { analysisQuerySchema, type AnalysisQuery, type AnalysisQueryInput } from '../../shared/format/query';
import { codebookWithCounts } from '../services/analysis/codebook';
import { cooccurrence } from '../services/analysis/cooccurrence';
import { crosstab } from '../services/analysis/crosstab';
import { runAnalysis } from '../services/analysis/run';
import { parseQuery } from '../services/analysis/scope';
import { wordFrequency } from '../services/analysis/wordfreq';
import { listCodes } from '../services/codes';
import type { ProjectSession } from '../services/session';
import { UserError } from '../util/errors';
import { chartFile, cooccurrenceHeatMap, crosstabHeatMap, frequencyBarChart, wordfreqBars, type ChartLanguage } from '../charts/index';
import { codebookDocx } from './docx';
import { renderExport, type ExportFormat } from './output';

/** A file made for the researcher to save: its suggested name, type and bytes. */
export type ExportedFile = Readonly<{ fileName: string; mimeType: string; data: Buffer }>;

export const FILE_FORMATS = ['csv', 'json', 'md', 'xlsx', 'docx'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

const MIME_TYPES: Record<FileFormat | 'png' | 'svg', string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json',
  md: 'text/markdown; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  png: 'image/png',
  svg: 'image/svg+xml',
};

/** A file name from an analysis: kind, the attribute and unit it is about; letters, digits and CJK kept. */
export function analysisFileName(query: AnalysisQuery, extension: string): string {
  const parts: string[] = [query.kind];
  if ('by' in query && query.by) parts.push('by', query.by);
  if (query.kind === 'crosstab') parts.push(query.unit);
  if (query.kind === 'cooccurrence') parts.push(query.relation);
  if (query.kind === 'matrix') parts.push(query.value);
  const name = parts.join('-').replace(/[^\p{L}\p{N}_-]+/gu, '-').slice(0, 100);
  return `${name}.${extension}`;
}

/**
 * Any analysis as a file in one format (a Word document for the codebook only), for a save
 * dialog in the app: the same exports as the CLI writes.
 */
export async function exportAnalysis(
  session: ProjectSession,
  input: AnalysisQueryInput,
  format: FileFormat,
  options: { bom?: boolean } = {},
): Promise<ExportedFile> {
  const query = parseQuery(analysisQuerySchema, input);
  let content: string | Buffer;
  if (format === 'docx') {
    if (query.kind !== 'codebook') throw new UserError('invalid-arguments', 'A Word document is made for the codebook only; choose CSV, XLSX, JSON or Markdown.');
    content = await codebookDocx(codebookWithCounts(session, query));
  } else {
    content = await renderExport(runAnalysis(session, query), format as ExportFormat, options);
  }
  return { fileName: analysisFileName(query, format), mimeType: MIME_TYPES[format], data: Buffer.from(content) };
}

export type ChartRequest = Readonly<{
  query: AnalysisQueryInput;
  /** bars (grouped) or stacked for a crosstab; heatmap for a crosstab or co-occurrence; bars for word frequency. */
  chart: 'bars' | 'stacked' | 'heatmap';
  format: 'png' | 'svg';
  width?: number;
  height?: number;
  scale?: number;
  /** The language of the chart's titles, axes and notes: the interface's; English by default. */
  language?: ChartLanguage;
}>;

/** An analysis drawn as a chart file, labelled with its unit (as `marginalia chart` draws it). */
export async function exportChart(session: ProjectSession, request: ChartRequest): Promise<ExportedFile> {
  const query = parseQuery(analysisQuerySchema, request.query);
  const width = request.width ?? 960;
  const height = request.height ?? 540;
  const language = request.language ?? 'en';
  let svg: string;
  if (query.kind === 'crosstab') {
    const report = crosstab(session, query);
    const colors = new Map<CodeId, string>(listCodes(session).map((code) => [code.id, code.color]));
    svg =
      request.chart === 'heatmap'
        ? await crosstabHeatMap(report, { width, language })
        : await frequencyBarChart(report, colors, { width, height, stacked: request.chart === 'stacked', language });
  } else if (query.kind === 'cooccurrence' && request.chart === 'heatmap') {
    svg = await cooccurrenceHeatMap(cooccurrence(session, query), { width, language });
  } else if (query.kind === 'wordfreq' && request.chart === 'bars') {
    svg = await wordfreqBars(wordFrequency(session, query), { width, language });
  } else {
    throw new UserError('invalid-arguments', `There is no ${request.chart} chart of ${query.kind}; charts draw crosstabs (bars, stacked, heatmap), co-occurrence (heatmap) and word frequency (bars).`);
  }
  const fileName = analysisFileName(query, request.format);
  const content = await chartFile(svg, fileName, request.scale ?? 2);
  return { fileName, mimeType: MIME_TYPES[request.format], data: Buffer.from(content) };
}
