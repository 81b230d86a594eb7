import type { CooccurrenceRelation, CooccurrenceUnit } from '../../shared/stats/cooccurrence';
import type { CrosstabUnit, PercentBase } from '../../shared/stats/crosstab';

/*
 * The fixed words of a chart (titles, subtitles, axis labels, notes) in each interface
 * language. A chart is a picture: its text cannot follow the app's language after it is drawn,
 * so the backend draws it in the language asked for. Code names, attribute names and values
 * are the project's own and are never translated.
 */

/** The languages a chart is drawn in: those of the interface. */
export const CHART_LANGUAGES = ['en', 'zh-CN'] as const;
export type ChartLanguage = (typeof CHART_LANGUAGES)[number];

export type ChartWords = Readonly<{
  /** Joins the parts of a subtitle. */
  separator: string;
  /** The y axis of bars (and the unit of a heat map): what one count is. */
  unitAxis: Readonly<Record<CrosstabUnit, string>>;
  percentOf: (base: PercentBase, unit: CrosstabUnit) => string;
  unitLine: (unit: string) => string;
  coder: (name: string | null) => string;
  where: (clauses: readonly string[]) => string;
  rollup: string;
  ownCodings: string;
  stackedNote: string;
  frequenciesTitle: (by: string) => string;
  crosstabTitle: (by: string) => string;
  /** The rows (and, in co-occurrence, the columns) of a heat map. */
  code: string;
  cooccurrenceTitle: (relation: CooccurrenceRelation) => string;
  cooccurrenceUnit: Readonly<Record<CooccurrenceUnit, string>>;
  diagonalNote: string;
  allSources: string;
  wordsTitle: (by: string | null) => string;
  wordsUnit: string;
  insideCode: (code: string) => string;
  wholeTexts: string;
  minimumLength: (length: number) => string;
  stopWordsLeftOut: string;
  noWords: string;
  /** The column of sources without a value of the attribute. */
  none: string;
}>;

const en: ChartWords = {
  separator: '; ',
  unitAxis: {
    segments: 'segments (number of codings)',
    documents: 'documents (sources with a coding)',
    characters: 'characters (code points coded)',
    coverage: "coverage (% of the column's characters)",
  },
  percentOf: (base, unit) => `${base} % of ${unit}`,
  unitLine: (unit) => `unit: ${unit}`,
  coder: (name) => `coder: ${name ?? 'all coders'}`,
  where: (clauses) => `where ${clauses.join(' and ')}`,
  rollup: 'codes include their descendants',
  ownCodings: 'own codings only',
  stackedNote: 'stacked bars add the codes’ figures (a passage or source with two codes counts in both)',
  frequenciesTitle: (by) => `Code frequencies by ${by}`,
  crosstabTitle: (by) => `Codes by ${by}`,
  code: 'code',
  cooccurrenceTitle: (relation) => `Code co-occurrence (${relation})`,
  cooccurrenceUnit: { passages: 'passages (pairs of codings)', documents: 'documents' },
  diagonalNote: ' (diagonal in grey: a code with itself)',
  allSources: 'all sources in scope',
  wordsTitle: (by) => `Most frequent words${by ? ` by ${by}` : ''}`,
  wordsUnit: 'unit: occurrences of each word',
  insideCode: (code) => `inside passages coded ${code}`,
  wholeTexts: 'whole texts',
  minimumLength: (length) => `minimum length ${length}`,
  stopWordsLeftOut: 'stop words left out',
  noWords: 'no words',
  none: '(none)',
};

const UNIT_NAMES_ZH: Readonly<Record<CrosstabUnit, string>> = {
  segments: '片段',
  documents: '资料',
  characters: '字符',
  coverage: '覆盖率',
};
const RELATIONS_ZH: Readonly<Record<CooccurrenceRelation, string>> = {
  overlap: '重叠',
  inside: '包含',
  exact: '完全相同',
};

// The terms of the interface (renderer/features/analysis/messages.ts): code 代码, coding 编码,
// segment 片段, source 资料, coder 编码员; full-width punctuation between Chinese words.
const zhCN: ChartWords = {
  separator: '；',
  unitAxis: {
    segments: '片段（编码条数）',
    documents: '资料（有编码的资料数）',
    characters: '字符（被编码的字符数）',
    coverage: '覆盖率（占该列资料字符的 %）',
  },
  percentOf: (base, unit) => `${base === 'row' ? '行' : '列'} %（${UNIT_NAMES_ZH[unit]}）`,
  unitLine: (unit) => `单位：${unit}`,
  coder: (name) => `编码员：${name ?? '全部编码员'}`,
  where: (clauses) => `筛选：${clauses.join(' 且 ')}`,
  rollup: '代码含其下级代码',
  ownCodings: '只计代码自身的编码',
  stackedNote: '堆积柱为各代码之和（带两个代码的片段或资料计两次）',
  frequenciesTitle: (by) => `代码频数（按 ${by}）`,
  crosstabTitle: (by) => `代码（按 ${by}）`,
  code: '代码',
  cooccurrenceTitle: (relation) => `代码共现（${RELATIONS_ZH[relation]}）`,
  cooccurrenceUnit: { passages: '片段对（成对的编码）', documents: '资料' },
  diagonalNote: '（灰色对角线：代码与自身）',
  allSources: '范围内的全部资料',
  wordsTitle: (by) => (by ? `高频词（按 ${by}）` : '高频词'),
  wordsUnit: '单位：每个词出现的次数',
  insideCode: (code) => `编码为 ${code} 的片段内`,
  wholeTexts: '全文',
  minimumLength: (length) => `最短词长 ${length}`,
  stopWordsLeftOut: '已去除停用词',
  noWords: '没有词',
  none: '（无）',
};

const WORDS: Readonly<Record<ChartLanguage, ChartWords>> = { en, 'zh-CN': zhCN };

/** The fixed words of a chart in `language` (English by default, as the CLI has always drawn). */
export function chartWords(language: ChartLanguage = 'en'): ChartWords {
  return WORDS[language];
}
