import type { MemosResults } from '../../../shared/ipc/channels/memos';
import type { HandlerContext, HandlersFor } from './types';

/** Handlers of the memos channels (shared/ipc/channels/memos.ts). */
export function memosHandlers(_context: HandlerContext): HandlersFor<keyof MemosResults> {
  return {};
}
