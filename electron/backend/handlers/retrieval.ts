import type { RetrievalResults } from '../../../shared/ipc/channels/retrieval';
import { retrievePassages } from '../../services/retrieval';
import type { HandlerContext, HandlersFor } from './types';

/** Handlers of the retrieval channels (shared/ipc/channels/retrieval.ts). */
export function retrievalHandlers({ need }: HandlerContext): HandlersFor<keyof RetrievalResults> {
  return {
    'retrieval:get': (query) => retrievePassages(need(), query),
  };
}
