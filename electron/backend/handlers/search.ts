import type { CodeId, SourceId } from '../../../shared/domain/ids';
import type { SearchResults } from '../../../shared/ipc/channels/search';
import { autocodeAll, previewAutocode, type AutocodeInput } from '../../services/analysis/autocode';
import {
  matchSourcesOffThread,
  prepareSearch,
  searchProjectOffThread,
  usingMatches,
  type MatchOptions,
} from '../../services/search';
import type { ProjectSession } from '../../services/session';
import type { HandlerContext, HandlersFor } from './types';

/** One slice of index building per `search:prepare` call: short enough to keep the backend responsive. */
const PREPARE_SLICE_MS = 60;

/**
 * The running job of one kind (a search, an autocoding preview): a newer request of the same
 * kind replaces it, which stops its worker at once (the window has stopped waiting for it).
 */
function latestOnly() {
  let running: AbortController | null = null;
  return async <T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    running?.abort();
    const control = new AbortController();
    running = control;
    try {
      return await work(control.signal);
    } finally {
      if (running === control) running = null;
    }
  };
}

/** Handlers of the search channels (shared/ipc/channels/search.ts). */
export function searchHandlers({ need, changed }: HandlerContext): HandlersFor<keyof SearchResults> {
  const autocodeInput = (args: {
    query: string;
    regex?: boolean;
    sourceIds?: string[];
    codeId: string;
    scope: AutocodeInput['scope'];
  }): AutocodeInput => ({
    codeId: args.codeId as CodeId,
    term: args.query,
    regex: args.regex,
    // "Code all results" codes what the search showed, which ignores the case of Latin letters.
    ignoreCase: true,
    sourceIds: args.sourceIds as SourceId[] | undefined,
    scope: args.scope,
  });
  /**
   * Runs autocoding's `work` with a pattern's matches found first in a worker thread (with the
   * time limit), so that autocoding never runs a regular expression in the backend's thread.
   */
  const withPatternMatches = async <T>(
    session: ProjectSession,
    input: AutocodeInput,
    signal: AbortSignal | undefined,
    work: () => T,
  ): Promise<T> => {
    if (!input.regex) return work();
    const options: MatchOptions = {
      query: input.term,
      regex: true,
      ignoreCase: input.ignoreCase,
      sourceIds: input.sourceIds,
    };
    const found = await matchSourcesOffThread(session, options, { signal });
    return usingMatches(session, options, found, work);
  };
  const searches = latestOnly();
  const previews = latestOnly();
  return {
    'search:prepare': () => prepareSearch(need(), PREPARE_SLICE_MS),
    // A plain query answers in milliseconds, but it too replaces a pattern still running.
    'search:run': ({ query, regex, sourceIds, limit }) =>
      searches((signal) =>
        searchProjectOffThread(
          need(),
          { query, regex, sourceIds: sourceIds as SourceId[] | undefined, limit },
          { signal },
        ),
      ),
    'search:previewAutocode': (args) =>
      previews((signal) => {
        const session = need();
        const input = autocodeInput(args);
        return withPatternMatches(session, input, signal, () => previewAutocode(session, input));
      }),
    'search:autocode': async (args) => {
      const session = need();
      const input = autocodeInput(args);
      return changed('codings', await withPatternMatches(session, input, undefined, () => autocodeAll(session, input)));
    },
  };
}
