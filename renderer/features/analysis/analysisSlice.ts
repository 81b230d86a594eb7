import type { StateCreator } from 'zustand';
import type { CodebookReport } from '../../../shared/format/codebook';
import type { CooccurrenceReport } from '../../../shared/format/cooccurrence';
import type { CrosstabReport } from '../../../shared/format/crosstab';
import type { MatrixReport } from '../../../shared/format/matrix';
import type { AnalysisKind, AnalysisQuery, SavedQuery } from '../../../shared/format/query';
import type { SegmentsReport } from '../../../shared/format/segments';
import type { WhereClause } from '../../../shared/stats/crosstab';
import type { WordfreqReport } from '../../../shared/format/wordfreq';
import type { StopwordLanguage, StopwordList } from '../../../shared/ipc/channels/stopwords';
import type { ExportedFile } from '../../../shared/ipc/contract';
import { sendableFilters } from '../../lib/attributeFilters';
import type { AppState } from '../../store/types';
import {
  DEFAULT_CODE_CHOICES,
  choiceOfSaved,
  defaultQueries,
  effectiveQuery,
  queryProblem,
  type AnalysisQueries,
  type ChartKind,
  type CodeChoice,
  type CodeChoices,
  type MultiCodeKind,
} from './queryModel';

/** The report each analysis answers with. */
export type AnalysisReports = {
  crosstab: CrosstabReport;
  cooccurrence: CooccurrenceReport;
  matrix: MatrixReport;
  segments: SegmentsReport;
  wordfreq: WordfreqReport;
  codebook: CodebookReport;
};

export type ExportFormat = 'csv' | 'xlsx' | 'json' | 'md' | 'docx';

export type AnalysisDialogName = 'export' | 'save' | 'stopwords';

/** The stop-word lists of the project, by language. */
export type StopwordLists = Readonly<Record<StopwordLanguage, StopwordList>>;

/** A finished export: the file, or the backend's sentence saying why there is none. */
export type ExportOutcome = Readonly<{ ok: true; file: ExportedFile } | { ok: false; message: string }>;

export type AnalysisSlice = {
  analysisKind: AnalysisKind;
  /** Null until the tab first opens in a project (defaults depend on its attributes). */
  analysisQueries: AnalysisQueries | null;
  analysisCodeChoices: CodeChoices;
  /**
   * The filter rows as typed, per analysis, incomplete ones included: the query keeps only
   * complete rows, so these keep a half-typed value when the form unmounts (another tab shown).
   */
  analysisFilterRows: Readonly<Partial<Record<AnalysisKind, readonly WhereClause[]>>>;
  analysisReports: Readonly<Partial<AnalysisReports>>;
  /** The backend's sentence when an analysis could not run, per analysis. */
  analysisErrors: Readonly<Partial<Record<AnalysisKind, string>>>;
  analysisLoading: Readonly<Partial<Record<AnalysisKind, boolean>>>;
  analysisDisplay: 'table' | 'chart';
  analysisChart: Readonly<Record<AnalysisKind, ChartKind | null>>;
  savedQueries: readonly SavedQuery[];
  /** The dialog open over the Analysis tab, if any. */
  analysisDialog: AnalysisDialogName | null;
  /** Counts stop-word saves, so that a word-frequency chart on show is drawn again. */
  analysisStopwordsSaved: number;
  /** Fills in the default queries, again while they are untouched and the attributes change. */
  initAnalysis(): void;
  setAnalysisKind(kind: AnalysisKind): void;
  setAnalysisQuery<K extends AnalysisKind>(kind: K, patch: Partial<AnalysisQueries[K]>): void;
  setAnalysisCodeChoice(kind: MultiCodeKind, choice: CodeChoice): void;
  /** Keeps the rows as typed and puts their complete ones into the query when those changed. */
  setAnalysisFilterRows(kind: AnalysisKind, rows: readonly WhereClause[]): void;
  setAnalysisDisplay(display: 'table' | 'chart'): void;
  setAnalysisChart(kind: AnalysisKind, chart: ChartKind): void;
  setAnalysisDialog(dialog: AnalysisDialogName | null): void;
  /** The query of an analysis as it would be sent now (codes resolved), or null before init. */
  currentAnalysisQuery(kind?: AnalysisKind): AnalysisQuery | null;
  runAnalysis(kind?: AnalysisKind): Promise<void>;
  loadSavedQueries(): Promise<void>;
  saveAnalysisQuery(name: string): Promise<SavedQuery | null>;
  deleteSavedQuery(name: string): Promise<void>;
  /** Shows a saved query in its analysis and runs it. */
  openSavedQuery(saved: SavedQuery): void;
  exportAnalysisFile(format: ExportFormat, bom: boolean): Promise<ExportOutcome>;
  exportChartFile(format: 'png' | 'svg'): Promise<ExportOutcome>;
  /** The project's stop-word lists (or the built-in ones), or null when they could not be read. */
  loadStopwords(): Promise<StopwordLists | null>;
  /**
   * Replaces stop-word lists (null: back to the built-in list), then counts the word
   * frequencies again. The lists as saved, or null when one could not be (the error is shown).
   */
  saveStopwords(
    changes: Partial<Record<StopwordLanguage, readonly string[] | null>>,
  ): Promise<Partial<StopwordLists> | null>;
};

/** State reset whenever a project opens or closes. */
export const analysisInitial = {
  analysisKind: 'crosstab' as AnalysisKind,
  analysisQueries: null as AnalysisQueries | null,
  analysisCodeChoices: DEFAULT_CODE_CHOICES,
  analysisFilterRows: {} as Readonly<Partial<Record<AnalysisKind, readonly WhereClause[]>>>,
  analysisReports: {} as Readonly<Partial<AnalysisReports>>,
  analysisErrors: {} as Readonly<Partial<Record<AnalysisKind, string>>>,
  analysisLoading: {} as Readonly<Partial<Record<AnalysisKind, boolean>>>,
  analysisDisplay: 'table' as 'table' | 'chart',
  analysisChart: {
    crosstab: 'bars',
    cooccurrence: 'heatmap',
    matrix: null,
    segments: null,
    wordfreq: 'bars',
    codebook: null,
  } as Readonly<Record<AnalysisKind, ChartKind | null>>,
  savedQueries: [] as readonly SavedQuery[],
  analysisDialog: null as AnalysisDialogName | null,
  analysisStopwordsSaved: 0,
};

const CHANNELS = {
  crosstab: 'crosstabs:get',
  cooccurrence: 'cooccurrences:get',
  matrix: 'matrices:get',
  segments: 'segments:list',
  wordfreq: 'wordFrequencies:get',
  codebook: 'codebooks:get',
} as const;

/**
 * The Analysis tab: one query per analysis, run by the backend (the same services as the
 * CLI and every export), so the renderer lays out numbers it never computes (STYLE.md 8).
 */
export const createAnalysisSlice: StateCreator<AppState, [], [], AnalysisSlice> = (set, get) => {
  // Answers can cross when options change quickly: only the latest query of an analysis is shown.
  const generations: Partial<Record<AnalysisKind, number>> = {};
  // The queries initAnalysis last filled in: while they are still the ones shown, nothing was chosen.
  let defaults: AnalysisQueries | null = null;
  const patchRecord = <T>(
    record: Readonly<Partial<Record<AnalysisKind, T>>>,
    kind: AnalysisKind,
    value: T | undefined,
  ) => {
    const next = { ...record };
    if (value === undefined) delete next[kind];
    else next[kind] = value;
    return next;
  };
  return {
    ...analysisInitial,
    initAnalysis() {
      const state = get();
      const queries = state.analysisQueries;
      // The tab can open before the project's attributes have loaded (a slow machine): defaults
      // made without them are made again when they arrive, until the researcher changes a query.
      if (queries !== null && queries !== defaults) return;
      const next = defaultQueries(state.attributes);
      if (queries !== null && JSON.stringify(next) === JSON.stringify(queries)) return;
      defaults = next;
      set({ analysisQueries: next });
    },
    setAnalysisKind(kind) {
      set({ analysisKind: kind });
    },
    setAnalysisQuery(kind, patch) {
      const queries = get().analysisQueries;
      if (!queries) return;
      set({ analysisQueries: { ...queries, [kind]: { ...queries[kind], ...patch } } });
    },
    setAnalysisCodeChoice(kind, choice) {
      const state = get();
      const queries = state.analysisQueries;
      // Picking codes by hand starts from what was shown, so a click adds or removes one code.
      if (choice === 'chosen' && queries && state.analysisCodeChoices[kind] !== 'chosen') {
        const shown = effectiveQuery(kind, queries, state.analysisCodeChoices, state.codes).codeIds;
        const codeIds = shown ?? state.codes.map((code) => code.id);
        set({ analysisQueries: { ...queries, [kind]: { ...queries[kind], codeIds } } });
      }
      set({ analysisCodeChoices: { ...get().analysisCodeChoices, [kind]: choice } });
    },
    setAnalysisFilterRows(kind, rows) {
      const state = get();
      set({ analysisFilterRows: { ...state.analysisFilterRows, [kind]: rows } });
      const where = state.analysisQueries?.[kind].where ?? [];
      const sendable = sendableFilters(state.attributes, rows);
      if (JSON.stringify(sendable) !== JSON.stringify(where)) state.setAnalysisQuery(kind, { where: sendable });
    },
    setAnalysisDisplay(display) {
      set({ analysisDisplay: display });
    },
    setAnalysisChart(kind, chart) {
      set({ analysisChart: { ...get().analysisChart, [kind]: chart } });
    },
    setAnalysisDialog(dialog) {
      set({ analysisDialog: dialog });
    },
    currentAnalysisQuery(kind) {
      const state = get();
      if (!state.analysisQueries) return null;
      return effectiveQuery(kind ?? state.analysisKind, state.analysisQueries, state.analysisCodeChoices, state.codes);
    },
    async runAnalysis(kind) {
      const state = get();
      const which = kind ?? state.analysisKind;
      const query = state.currentAnalysisQuery(which);
      if (state.project === null || query === null) return;
      if (queryProblem(query) !== null) {
        set({
          analysisErrors: patchRecord(get().analysisErrors, which, undefined),
          analysisReports: { ...get().analysisReports, [which]: undefined },
        });
        return;
      }
      const current = (generations[which] ?? 0) + 1;
      generations[which] = current;
      set({ analysisLoading: patchRecord(get().analysisLoading, which, true) });
      // The channel matches the query's kind; the contract types each on its own.
      const call = state.requestQuietly as (
        channel: string,
        args: AnalysisQuery,
      ) => Promise<{ ok: true; value: unknown } | { ok: false; error: { message: string } }>;
      const result = await call(CHANNELS[which], query);
      if (generations[which] !== current) return;
      set({
        analysisLoading: patchRecord(get().analysisLoading, which, undefined),
        analysisErrors: patchRecord(get().analysisErrors, which, result.ok ? undefined : result.error.message),
        ...(result.ok ? { analysisReports: { ...get().analysisReports, [which]: result.value } } : {}),
      });
    },
    async loadSavedQueries() {
      if (get().project === null) return;
      const saved = await get().request('queries:list', {});
      if (saved) set({ savedQueries: saved });
    },
    async saveAnalysisQuery(name) {
      const query = get().currentAnalysisQuery();
      if (!query) return null;
      const saved = await get().request('queries:save', { name, query });
      if (saved) await get().loadSavedQueries();
      return saved;
    },
    async deleteSavedQuery(name) {
      // The answer is null either way: ask quietly to tell a failure from success.
      const result = await get().requestQuietly('queries:delete', { name });
      if (!result.ok) get().notify('error', result.error.message);
      await get().loadSavedQueries();
    },
    openSavedQuery(saved) {
      const state = get();
      const queries = state.analysisQueries ?? defaultQueries(state.attributes);
      const { query } = saved;
      const choice = choiceOfSaved(query);
      // The saved filters replace rows left half-typed in that analysis.
      const { [query.kind]: _typed, ...filterRows } = state.analysisFilterRows;
      set({
        analysisKind: query.kind,
        analysisQueries: { ...queries, [query.kind]: query },
        analysisFilterRows: filterRows,
        ...(choice && (query.kind === 'crosstab' || query.kind === 'cooccurrence' || query.kind === 'matrix')
          ? { analysisCodeChoices: { ...state.analysisCodeChoices, [query.kind]: choice } }
          : {}),
      });
    },
    async exportAnalysisFile(format, bom) {
      const query = get().currentAnalysisQuery();
      if (!query) return { ok: false, message: '' };
      const result = await get().requestQuietly('analyses:export', {
        query,
        format,
        ...(format === 'csv' ? { bom } : {}),
      });
      return result.ok ? { ok: true, file: result.value } : { ok: false, message: result.error.message };
    },
    async exportChartFile(format) {
      const state = get();
      const query = state.currentAnalysisQuery();
      const chart = state.analysisChart[state.analysisKind];
      if (!query || !chart) return { ok: false, message: '' };
      // The saved chart speaks the language of the interface, as the one on screen does.
      const result = await state.requestQuietly('charts:export', { query, chart, format, language: state.locale });
      return result.ok ? { ok: true, file: result.value } : { ok: false, message: result.error.message };
    },
    async loadStopwords() {
      const [en, zh] = await Promise.all([
        get().request('stopwords:get', { language: 'en' }),
        get().request('stopwords:get', { language: 'zh' }),
      ]);
      return en && zh ? { en, zh } : null;
    },
    async saveStopwords(changes) {
      const saved: Partial<Record<StopwordLanguage, StopwordList>> = {};
      let failed = false;
      for (const [language, words] of Object.entries(changes) as [StopwordLanguage, readonly string[] | null][]) {
        const list = await get().request('stopwords:set', { language, words: words === null ? null : [...words] });
        if (!list) {
          failed = true;
          break;
        }
        saved[language] = list;
      }
      // Whatever was saved changes the counts, even when a second list was refused.
      if (Object.keys(saved).length > 0) {
        set({ analysisStopwordsSaved: get().analysisStopwordsSaved + 1 });
        await get().runAnalysis('wordfreq');
      }
      return failed ? null : saved;
    },
  };
};
