import type { StateCreator } from 'zustand';
import type { RetrievalReport, RetrievedPassage } from '../../../shared/ipc/channels/retrieval';
import type { CodeId, SourceId } from '../../../shared/domain/ids';
import type { WhereClause } from '../../../shared/stats/crosstab';
import type { AppState } from '../../store/types';
import { sendableFilters } from '../../lib/attributeFilters';

/** What the retrieval view asks for: a code, its filters, and how much context. */
export type RetrievalQuery = Readonly<{
  codeId: CodeId | null;
  includeDescendants: boolean;
  /**
   * Attribute filters as the researcher sees them (`year ≥ 2022`), rows being typed included;
   * only the complete ones (see lib/attributeFilters' `sendableFilters`) reach the backend.
   */
  filters: readonly WhereClause[];
  coder: string | null;
  contextSentences: number;
}>;

export type RetrievalSlice = {
  retrievalQuery: RetrievalQuery;
  retrievalReport: RetrievalReport | null;
  retrievalStatus: 'idle' | 'loading' | 'ready';
  /** Coding ids of the passages chosen for copying. */
  retrievalSelection: ReadonlySet<string>;
  /** Changes the query and retrieves again. */
  setRetrievalQuery(changes: Partial<RetrievalQuery>): void;
  /**
   * Replaces the filter rows; retrieves again only when the complete ones changed, and, while
   * a value is being typed (`typing`), only once the typing pauses: 2, 20, 202 are numbers too.
   */
  setRetrievalFilters(filters: readonly WhereClause[], typing?: boolean): void;
  /** Retrieves the passages of the current query (nothing without a code). */
  runRetrieval(): Promise<void>;
  toggleRetrievalSelection(codingId: string): void;
  setRetrievalSelection(codingIds: readonly string[]): void;
  /** Opens a passage's source in the document view and selects the passage there. */
  goToPassage(passage: Pick<RetrievedPassage, 'sourceId' | 'start' | 'end' | 'codingId'>): Promise<void>;
};

/** State reset whenever a project opens or closes. */
export const retrievalInitial = {
  retrievalQuery: {
    codeId: null,
    includeDescendants: true,
    filters: [],
    coder: null,
    contextSentences: 2,
  } as RetrievalQuery,
  retrievalReport: null as RetrievalReport | null,
  retrievalStatus: 'idle' as RetrievalSlice['retrievalStatus'],
  retrievalSelection: new Set<string>() as ReadonlySet<string>,
};

/** How long typing in a filter's value pauses before the passages are retrieved again. */
const TYPING_PAUSE_MS = 350;

/**
 * Resolves once the document view shows the opened source: it takes only selection requests
 * made after it mounted, so the request waits for the text and one more frame (the commit).
 */
function documentShown(wanted: () => boolean, ready: () => boolean): Promise<boolean> {
  return new Promise((resolve) => {
    let frames = 0;
    let seen = false;
    const check = (): void => {
      // Another source opened meanwhile, or it never came (about two seconds of frames).
      if (!wanted() || frames > 120) {
        resolve(false);
        return;
      }
      if (seen) {
        resolve(true);
        return;
      }
      seen = ready() && document.querySelector('.doc-text') !== null;
      frames += 1;
      requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
}

/** The retrieval feature's state and actions. */
export const createRetrievalSlice: StateCreator<AppState, [], [], RetrievalSlice> = (set, get) => {
  // A later query wins over a slow answer to an earlier one.
  let generation = 0;
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  return {
    ...retrievalInitial,
    setRetrievalQuery(changes) {
      set({ retrievalQuery: { ...get().retrievalQuery, ...changes } });
      void get().runRetrieval();
    },
    setRetrievalFilters(filters, typing = false) {
      clearTimeout(typingTimer);
      const { attributes, retrievalQuery, retrievalReport } = get();
      set({ retrievalQuery: { ...retrievalQuery, filters } });
      // Compared with what the list shows, so typing 2022 → 202 → 2022 asks for nothing.
      const shown = JSON.stringify(retrievalReport?.where ?? []);
      const wanted = JSON.stringify(sendableFilters(attributes, filters));
      if (retrievalReport !== null && shown === wanted && get().retrievalStatus !== 'loading') return;
      if (typing) typingTimer = setTimeout(() => void get().runRetrieval(), TYPING_PAUSE_MS);
      else void get().runRetrieval();
    },
    async runRetrieval() {
      generation += 1;
      const mine = generation;
      const query = get().retrievalQuery;
      if (query.codeId === null) {
        set({ retrievalReport: null, retrievalStatus: 'idle', retrievalSelection: new Set() });
        return;
      }
      set({ retrievalStatus: 'loading' });
      const report = await get().request('retrieval:get', {
        codeId: query.codeId,
        includeDescendants: query.includeDescendants,
        where: sendableFilters(get().attributes, query.filters),
        coder: query.coder,
        contextSentences: query.contextSentences,
      });
      if (mine !== generation) return;
      if (report === null) {
        set({ retrievalStatus: 'ready', retrievalReport: null, retrievalSelection: new Set() });
        return;
      }
      // A selection survives a refresh for the passages still listed.
      const listed = new Set(report.passages.map((passage) => passage.codingId));
      const kept = [...get().retrievalSelection].filter((codingId) => listed.has(codingId));
      set({ retrievalReport: report, retrievalStatus: 'ready', retrievalSelection: new Set(kept) });
    },
    toggleRetrievalSelection(codingId) {
      const next = new Set(get().retrievalSelection);
      if (next.has(codingId)) next.delete(codingId);
      else next.add(codingId);
      set({ retrievalSelection: next });
    },
    setRetrievalSelection(codingIds) {
      set({ retrievalSelection: new Set(codingIds) });
    },
    async goToPassage(passage) {
      const sourceId = passage.sourceId as SourceId;
      await get().openSource(sourceId);
      const isOpen = (): boolean => get().openSourceId === sourceId;
      if (!(await documentShown(isOpen, () => get().documentStatus === 'ready'))) return;
      get().requestDomSelection({ start: passage.start, end: passage.end });
    },
  };
};
