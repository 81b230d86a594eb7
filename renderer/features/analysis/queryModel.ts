import type { CodeId } from '../../../shared/domain/ids';
import type { Attribute, Code } from '../../../shared/domain/types';
import {
  codebookQuerySchema,
  cooccurrenceQuerySchema,
  crosstabQuerySchema,
  matrixQuerySchema,
  segmentsQuerySchema,
  wordfreqQuerySchema,
  type AnalysisKind,
  type AnalysisQuery,
  type CodebookQuery,
  type CooccurrenceQuery,
  type CrosstabQuery,
  type MatrixQuery,
  type SegmentsQuery,
  type WordfreqQuery,
} from '../../../shared/format/query';
import { parseBinSpec } from '../../../shared/stats/binning';
import type { CrosstabColumn } from '../../../shared/stats/crosstab';
import { PRIMARY_ATTRIBUTE } from '../sources/sourcesSlice';

/** The analyses of the Analysis tab, in the order of its sub-tabs. */
export const ANALYSIS_KINDS = [
  'crosstab',
  'cooccurrence',
  'matrix',
  'segments',
  'wordfreq',
  'codebook',
] as const satisfies readonly AnalysisKind[];

/** The query of each analysis, with every default filled in. */
export type AnalysisQueries = Readonly<{
  crosstab: CrosstabQuery;
  cooccurrence: CooccurrenceQuery;
  matrix: MatrixQuery;
  segments: SegmentsQuery;
  wordfreq: WordfreqQuery;
  codebook: CodebookQuery;
}>;

/** The analyses whose rows are a set of codes. */
export type MultiCodeKind = 'crosstab' | 'cooccurrence' | 'matrix';

/**
 * Which codes a multi-code analysis shows. "top" and "all" follow the codebook as it
 * changes (a code added later is counted); "chosen" keeps the ids picked by hand.
 */
export type CodeChoice = 'top' | 'all' | 'chosen';

export type CodeChoices = Readonly<Record<MultiCodeKind, CodeChoice>>;

/** The attribute a new crosstab is by: the study's province, else the first attribute there is. */
export function defaultAttribute(attributes: readonly Attribute[]): string {
  if (attributes.length === 0 || attributes.some((attribute) => attribute.name === PRIMARY_ATTRIBUTE))
    return PRIMARY_ATTRIBUTE;
  return attributes[0].name;
}

/**
 * The queries shown when Analysis opens: the headline table (top-level codes by province in
 * segments, each including its descendants), and the other analyses at their schema defaults.
 */
export function defaultQueries(attributes: readonly Attribute[]): AnalysisQueries {
  const by = defaultAttribute(attributes);
  return {
    crosstab: crosstabQuerySchema.parse({ kind: 'crosstab', by }),
    cooccurrence: cooccurrenceQuerySchema.parse({ kind: 'cooccurrence' }),
    matrix: matrixQuerySchema.parse({ kind: 'matrix' }),
    segments: segmentsQuerySchema.parse({ kind: 'segments' }),
    wordfreq: wordfreqQuerySchema.parse({ kind: 'wordfreq', by }),
    codebook: codebookQuerySchema.parse({ kind: 'codebook' }),
  };
}

export const DEFAULT_CODE_CHOICES: CodeChoices = { crosstab: 'top', cooccurrence: 'all', matrix: 'all' };

/** Top-level codes in codebook order. */
export function topLevelCodeIds(codes: readonly Code[]): CodeId[] {
  return codes
    .filter((code) => code.parentId === null)
    .sort((a, b) => a.position - b.position)
    .map((code) => code.id);
}

/** The query as it is sent: the code choice resolved against the codebook as it is now. */
export function effectiveQuery<K extends AnalysisKind>(
  kind: K,
  queries: AnalysisQueries,
  choices: CodeChoices,
  codes: readonly Code[],
): AnalysisQueries[K] {
  const query = queries[kind];
  if (kind !== 'crosstab' && kind !== 'cooccurrence' && kind !== 'matrix') return query;
  const choice = choices[kind as MultiCodeKind];
  const codeIds =
    choice === 'all' ? null : choice === 'top' ? topLevelCodeIds(codes) : ((query as CrosstabQuery).codeIds ?? []);
  return { ...query, codeIds } as AnalysisQueries[K];
}

/** How a saved query's codes are shown again: by hand-picked ids, or every code when it had none. */
export function choiceOfSaved(query: AnalysisQuery): CodeChoice | null {
  if (query.kind !== 'crosstab' && query.kind !== 'cooccurrence' && query.kind !== 'matrix') return null;
  return query.codeIds === null ? 'all' : 'chosen';
}

/** Why a query cannot run yet (said in the form), or null when it can be sent. */
export type QueryProblem = 'noCodes' | 'sameAttribute' | null;

export function queryProblem(query: AnalysisQuery): QueryProblem {
  if (
    (query.kind === 'crosstab' || query.kind === 'cooccurrence' || query.kind === 'matrix') &&
    query.codeIds !== null &&
    query.codeIds.length === 0
  ) {
    return 'noCodes';
  }
  if (query.kind === 'crosstab' && query.then !== null && query.then === query.by) return 'sameAttribute';
  return null;
}

/** Whether a bin specification is one the backend reads (`5`, `5@2003`, `2015,2018`, `year`…). */
export function binIsValid(text: string): boolean {
  return parseBinSpec(text) !== null;
}

/** A header cell spanning the nested columns that share their first value (province × kind). */
export type HeaderGroup = Readonly<{ value: string; span: number }>;

/** Groups consecutive columns by their first value, for the upper header row of a nested crosstab. */
export function headerGroups(columns: readonly CrosstabColumn[]): HeaderGroup[] {
  const groups: { value: string; span: number }[] = [];
  for (const column of columns) {
    const value = column.values[0] ?? column.key;
    const last = groups.at(-1);
    if (last && last.value === value) last.span += 1;
    else groups.push({ value, span: 1 });
  }
  return groups;
}

/** The charts the backend draws for an analysis (`charts:export`). */
export type ChartKind = 'bars' | 'stacked' | 'heatmap';

export function chartKinds(kind: AnalysisKind): readonly ChartKind[] {
  if (kind === 'crosstab') return ['bars', 'stacked', 'heatmap'];
  if (kind === 'cooccurrence') return ['heatmap'];
  if (kind === 'wordfreq') return ['bars'];
  return [];
}

/** The export formats offered for an analysis: a Word document for the codebook only. */
export function exportFormats(kind: AnalysisKind): readonly ('csv' | 'xlsx' | 'json' | 'md' | 'docx')[] {
  if (kind === 'codebook') return ['csv', 'xlsx', 'json', 'md', 'docx'];
  return ['csv', 'xlsx', 'json', 'md'];
}

/** A cell figure as the table shows it: coverage as a percentage with one decimal, counts whole. */
export function formatFigure(value: number, unit: string, formatInteger: (value: number) => string): string {
  if (unit === 'coverage') return `${value.toFixed(1)} %`;
  return formatInteger(value);
}

/** A percentage (0–100) with one decimal. */
export function formatPercent(value: number): string {
  return `${value.toFixed(1)} %`;
}
