import type { StateCreator } from 'zustand';
import type { RetrievalReport, RetrievedPassage } from '../../../shared/ipc/channels/retrieval';
import type { CodeId, SourceId } from '../../../shared/domain/ids';
import type { AppState } from '../../store/types';

/** What the retrieval view asks for: a code, its filters, and how much context. */
export type RetrievalQuery = Readonly<{
  codeId: CodeId | null;
  includeDescendants: boolean;
  /** Attribute name → the one value kept (attribute = value); absent means any value. */
  filters: Readonly<Record<string, string>>;
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
  setRetrievalFilter(attribute: string, value: string | null): void;
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
    filters: {},
    coder: null,
    contextSentences: 2,
  } as RetrievalQuery,
  retrievalReport: null as RetrievalReport | null,
  retrievalStatus: 'idle' as RetrievalSlice['retrievalStatus'],
  retrievalSelection: new Set<string>() as ReadonlySet<string>,
};

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
  return {
    ...retrievalInitial,
    setRetrievalQuery(changes) {
      set({ retrievalQuery: { ...get().retrievalQuery, ...changes } });
      void get().runRetrieval();
    },
    setRetrievalFilter(attribute, value) {
      const filters = { ...get().retrievalQuery.filters };
      if (value === null) delete filters[attribute];
      else filters[attribute] = value;
      get().setRetrievalQuery({ filters });
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
        where: Object.entries(query.filters).map(([attribute, value]) => ({ attribute, value })),
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
