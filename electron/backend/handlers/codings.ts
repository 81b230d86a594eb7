import type { CodingsResults } from '../../../shared/ipc/channels/codings';
import type { HandlerContext, HandlersFor } from './types';

/** Handlers of the codings channels (shared/ipc/channels/codings.ts). */
export function codingsHandlers(_context: HandlerContext): HandlersFor<keyof CodingsResults> {
  return {};
}
