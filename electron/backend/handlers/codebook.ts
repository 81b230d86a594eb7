import type { CodebookResults } from '../../../shared/ipc/channels/codebook';
import type { HandlerContext, HandlersFor } from './types';

/** Handlers of the codebook channels (shared/ipc/channels/codebook.ts). */
export function codebookHandlers(_context: HandlerContext): HandlersFor<keyof CodebookResults> {
  return {};
}
