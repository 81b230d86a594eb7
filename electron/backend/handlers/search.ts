import type { SearchResults } from '../../../shared/ipc/channels/search';
import type { HandlerContext, HandlersFor } from './types';

/** Handlers of the search channels (shared/ipc/channels/search.ts). */
export function searchHandlers(_context: HandlerContext): HandlersFor<keyof SearchResults> {
  return {};
}
