import type { StateCreator } from 'zustand';
import type { CodeId, SourceId } from '../../../shared/domain/ids';
import {
  REGEX_TIME_LIMIT_MS,
  REGEX_TOO_SLOW_MESSAGE,
  type AutocodeOutcome,
  type AutocodePreview,
  type AutocodeScope,
  type SearchIndexState,
  type SearchResult,
} from '../../../shared/ipc/channels/search';
import { t, tn } from '../../i18n';
import type { AppState } from '../../store/types';

export type SearchSlice = {
  searchQuery: string;
  searchRegex: boolean;
  searchStatus: 'idle' | 'searching' | 'ready';
  searchResult: SearchResult | null;
  /** Why the last search could not run (an unreadable or too slow pattern), shown under the box. */
  searchError: string | null;
  /**
   * Sources changed (an import, a deletion, an undo) since the results were found, and they
   * could not be found again at once because the query box is being edited: the view says so
   * and offers to re-run the search.
   */
  searchOutdated: boolean;
  /** The hit last opened, marked in the list; kept when a re-run finds it again. */
  searchSelectedHit: SearchHitRef | null;
  /** How far the index and the texts in memory are, while they are being prepared. */
  searchPreparation: SearchIndexState | null;
  /** Bumped by Ctrl/Cmd+Shift+F, so the view focuses its query box even when already shown. */
  searchFocusSerial: number;
  autocodeOpen: boolean;
  setSearchQuery(query: string): void;
  setSearchRegex(regex: boolean): void;
  /** Shows the search view with the query box focused (Ctrl/Cmd+Shift+F). */
  openSearch(): void;
  /** Searches for what the query box holds. */
  runSearch(): Promise<void>;
  /** Searches again for the query of the results shown (after sources changed). */
  rerunSearch(): Promise<void>;
  /**
   * Sources changed: the results shown are found again, or marked out of date when the query
   * box no longer holds their query (the researcher is typing another).
   */
  searchSourcesChanged(): void;
  /** Builds the index and reads the texts in short slices, reporting progress, until done. */
  prepareSearch(): Promise<void>;
  /** Opens the hit's source and selects the hit; a plain query also opens find on it there. */
  openSearchHit(sourceId: SourceId, start: number, end: number): Promise<void>;
  openAutocode(): void;
  closeAutocode(): void;
  previewAutocode(
    codeId: CodeId,
    scope: AutocodeScope,
    sourceIds: readonly SourceId[] | null,
  ): Promise<AutocodePreview | null>;
  /** Codes every result as one undo step and says so; true when it ran. */
  applyAutocode(
    codeId: CodeId,
    scope: AutocodeScope,
    sourceIds: readonly SourceId[] | null,
  ): Promise<AutocodeOutcome | null>;
};

/** A hit by where it is, to find it again in newer results. */
export type SearchHitRef = Readonly<{ sourceId: SourceId; start: number; end: number }>;

/** The backend's sentence for a failed search; the one for a pattern stopped for taking too long is translated. */
function errorSentence(message: string): string {
  return message === REGEX_TOO_SLOW_MESSAGE
    ? t('search.regexTooSlow', { seconds: REGEX_TIME_LIMIT_MS / 1000 })
    : message;
}

/** Resolves after the next frame is painted (effects of the last render have run). */
function nextPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
}

/** State reset whenever a project opens or closes. */
export const searchInitial = {
  searchQuery: '',
  searchRegex: false,
  searchStatus: 'idle' as SearchSlice['searchStatus'],
  searchResult: null as SearchResult | null,
  searchError: null as string | null,
  searchOutdated: false,
  searchSelectedHit: null as SearchHitRef | null,
  searchPreparation: null as SearchIndexState | null,
  searchFocusSerial: 0,
  autocodeOpen: false,
};

/** Project-wide search, jumping to hits, and "code all results". */
export const createSearchSlice: StateCreator<AppState, [], [], SearchSlice> = (set, get) => {
  let searchGeneration = 0;
  let changedWhileSearching = false;
  let preparing = false;
  const autocodeArgs = (codeId: CodeId, scope: AutocodeScope, sourceIds: readonly SourceId[] | null) => {
    const result = get().searchResult;
    return {
      query: result?.query ?? get().searchQuery,
      regex: result?.regex ?? get().searchRegex,
      codeId,
      scope,
      ...(sourceIds ? { sourceIds: [...sourceIds] } : {}),
    };
  };
  /** Searches for a query; a newer search (the researcher kept typing) wins over a slow answer. */
  const search = async (query: string, regex: boolean): Promise<void> => {
    searchGeneration += 1;
    const generation = searchGeneration;
    set({ searchStatus: 'searching', searchError: null });
    changedWhileSearching = false;
    const result = await get().requestQuietly('search:run', { query, regex });
    if (generation !== searchGeneration) return;
    if (!result.ok) {
      set({
        searchResult: null,
        searchStatus: 'idle',
        searchError: errorSentence(result.error.message),
        searchOutdated: false,
      });
      return;
    }
    const selected = get().searchSelectedHit;
    const stillThere =
      selected !== null &&
      result.value.sources.some(
        (source) =>
          source.sourceId === selected.sourceId &&
          source.hits.some((hit) => hit.start === selected.start && hit.end === selected.end),
      );
    set({
      searchResult: result.value,
      searchStatus: 'ready',
      searchOutdated: false,
      searchSelectedHit: stillThere ? selected : null,
    });
    if (changedWhileSearching) {
      changedWhileSearching = false;
      get().searchSourcesChanged();
    }
  };
  return {
    ...searchInitial,
    setSearchQuery(query) {
      set({ searchQuery: query, searchError: null });
    },
    setSearchRegex(regex) {
      set({ searchRegex: regex, searchError: null });
      if (get().searchQuery.length > 0) void get().runSearch();
    },
    openSearch() {
      if (get().phase !== 'workspace') return;
      set({ view: 'search', paletteOpen: false, searchFocusSerial: get().searchFocusSerial + 1 });
    },
    async runSearch() {
      const query = get().searchQuery;
      if (query.length === 0) {
        set({ searchResult: null, searchStatus: 'idle', searchError: null, searchOutdated: false });
        return;
      }
      await search(query, get().searchRegex);
    },
    async rerunSearch() {
      const result = get().searchResult;
      if (result) await search(result.query, result.regex);
    },
    searchSourcesChanged() {
      const { searchResult: result, searchQuery: query, searchRegex: regex, searchStatus: status } = get();
      if (result === null) return;
      // A search under way may have read the sources before the change: look again after it.
      if (status === 'searching') {
        changedWhileSearching = true;
        return;
      }
      if (result.query === query && result.regex === regex) void get().rerunSearch();
      else set({ searchOutdated: true });
    },
    async prepareSearch() {
      if (preparing || get().project === null) return;
      preparing = true;
      try {
        const projectPath = get().project?.path;
        for (;;) {
          const state = await get().requestQuietly('search:prepare', {});
          // Stop when the project closed or another opened meanwhile; errors are not worth a notice here.
          if (!state.ok || get().project?.path !== projectPath) break;
          set({ searchPreparation: state.value.done ? null : state.value });
          if (state.value.done) break;
        }
      } finally {
        preparing = false;
      }
    },
    async openSearchHit(sourceId, start, end) {
      const result = get().searchResult;
      // A hit in a source deleted since the search (its re-run not back yet): nothing to open.
      if (!get().sources.some((source) => source.id === sourceId)) {
        set({ searchOutdated: true });
        return;
      }
      set({ searchSelectedHit: { sourceId, start, end } });
      await get().openSource(sourceId);
      if (get().openSourceId !== sourceId || get().model === null) return;
      if (result && !result.regex) {
        // Find highlights every hit of the query in the source and scrolls to this one. Its bar
        // re-runs the query from the top when it mounts or the text changes, so the hit is
        // made current once that has happened (after the next paint).
        get().openFind();
        await nextPaint();
        if (get().openSourceId !== sourceId) return;
        get().setFindQuery(result.query, start);
      }
      get().requestDomSelection({ start, end });
    },
    openAutocode() {
      if (get().searchResult && get().searchResult!.hitCount > 0) set({ autocodeOpen: true });
    },
    closeAutocode() {
      set({ autocodeOpen: false });
    },
    async previewAutocode(codeId, scope, sourceIds) {
      const result = await get().requestQuietly('search:previewAutocode', autocodeArgs(codeId, scope, sourceIds));
      if (result.ok) return result.value;
      // A preview replaced by a newer one (the choices changed) is no one's concern.
      if (result.error.code !== 'cancelled') get().notify('error', errorSentence(result.error.message));
      return null;
    },
    async applyAutocode(codeId, scope, sourceIds) {
      const outcome = await get().request('search:autocode', autocodeArgs(codeId, scope, sourceIds));
      if (!outcome) return null;
      set({ autocodeOpen: false });
      get().notify(
        'info',
        outcome.codings === 0
          ? t('search.autocode.nothing')
          : `${tn('search.autocode.done', outcome.codings, {
              sources: outcome.sources,
              code: get().codes.find((code) => code.id === codeId)?.path ?? '',
            })} ${t('search.autocode.undoHint')}`,
      );
      get().noteCodeUsed(codeId);
      get().scheduleRefresh();
      await get().reloadDocument();
      return outcome;
    },
  };
};
