import type { CodeId, SourceId } from '../../../shared/domain/ids';
import type { SearchResults } from '../../../shared/ipc/channels/search';
import { autocodeAll, previewAutocode, type AutocodeInput } from '../../services/analysis/autocode';
import { prepareSearch, searchProject } from '../../services/search';
import type { HandlerContext, HandlersFor } from './types';

/** One slice of index building per `search:prepare` call: short enough to keep the backend responsive. */
const PREPARE_SLICE_MS = 60;

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
  return {
    'search:prepare': () => prepareSearch(need(), PREPARE_SLICE_MS),
    'search:run': ({ query, regex, sourceIds, limit }) =>
      searchProject(need(), { query, regex, sourceIds: sourceIds as SourceId[] | undefined, limit }),
    'search:previewAutocode': (args) => previewAutocode(need(), autocodeInput(args)),
    'search:autocode': (args) => changed('codings', autocodeAll(need(), autocodeInput(args))),
  };
}
