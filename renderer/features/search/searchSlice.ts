import type { StateCreator } from 'zustand';
import type { CodeId, SourceId } from '../../../shared/domain/ids';
import type {
  AutocodeOutcome,
  AutocodePreview,
  AutocodeScope,
  SearchIndexState,
  SearchResult,
} from '../../../shared/ipc/channels/search';
import { t, tn } from '../../i18n';
import type { AppState } from '../../store/types';

export type SearchSlice = {
  searchQuery: string;
  searchRegex: boolean;
  searchStatus: 'idle' | 'searching' | 'ready';
  searchResult: SearchResult | null;
  /** Why the last search could not run (an unreadable pattern), shown under the box. */
  searchError: string | null;
  /** How far the index and the texts in memory are, while they are being prepared. */
  searchPreparation: SearchIndexState | null;
  /** Bumped by Ctrl/Cmd+Shift+F, so the view focuses its query box even when already shown. */
  searchFocusSerial: number;
  autocodeOpen: boolean;
  setSearchQuery(query: string): void;
  setSearchRegex(regex: boolean): void;
  /** Shows the search view with the query box focused (Ctrl/Cmd+Shift+F). */
  openSearch(): void;
  runSearch(): Promise<void>;
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
  searchPreparation: null as SearchIndexState | null,
  searchFocusSerial: 0,
  autocodeOpen: false,
};

/** Project-wide search, jumping to hits, and "code all results". */
export const createSearchSlice: StateCreator<AppState, [], [], SearchSlice> = (set, get) => {
  let searchGeneration = 0;
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
        set({ searchResult: null, searchStatus: 'idle', searchError: null });
        return;
      }
      searchGeneration += 1;
      const generation = searchGeneration;
      set({ searchStatus: 'searching', searchError: null });
      const result = await get().requestQuietly('search:run', { query, regex: get().searchRegex });
      // A newer search (the researcher kept typing) wins over a slow answer for this one.
      if (generation !== searchGeneration) return;
      if (result.ok) set({ searchResult: result.value, searchStatus: 'ready' });
      else set({ searchResult: null, searchStatus: 'idle', searchError: result.error.message });
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
      return get().request('search:previewAutocode', autocodeArgs(codeId, scope, sourceIds));
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
