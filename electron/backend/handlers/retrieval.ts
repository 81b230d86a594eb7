import type { RetrievalResults } from '../../../shared/ipc/channels/retrieval';
import type { HandlerContext, HandlersFor } from './types';

/** Handlers of the retrieval channels (shared/ipc/channels/retrieval.ts). */
export function retrievalHandlers(_context: HandlerContext): HandlersFor<keyof RetrievalResults> {
  return {};
}
