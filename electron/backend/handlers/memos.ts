import type { MemosResults } from '../../../shared/ipc/channels/memos';
import type { MemoTarget } from '../../../shared/ipc/channels/memos';
import { deleteMemo, exportMemos, getMemo, listMemos, saveMemo } from '../../services/memos';
import type { HandlerContext, HandlersFor } from './types';

/** A coding's own memo is part of the coding (the document shows it on its stripe). */
function isCodingMemo(target: MemoTarget, memoId: string | null | undefined): boolean {
  return target.type === 'coding' && !memoId;
}

/** Handlers of the memos channels (shared/ipc/channels/memos.ts). */
export function memosHandlers({ need, changed }: HandlerContext): HandlersFor<keyof MemosResults> {
  // Other windows and open views re-read on project:changed. There is no 'memos' kind of
  // change yet, so memo rows report 'project', as undo does.
  const what = (target: MemoTarget, memoId: string | null | undefined) =>
    isCodingMemo(target, memoId) ? ('codings' as const) : ('project' as const);
  return {
    'memos:list': () => listMemos(need()),
    'memos:get': ({ target, memoId }) => getMemo(need(), target, memoId),
    'memos:save': (input) => changed(what(input.target, input.memoId), saveMemo(need(), input)),
    'memos:delete': ({ target, memoId }) => {
      deleteMemo(need(), target, memoId);
      return changed(what(target, memoId), null);
    },
    'memos:export': (options) => exportMemos(need(), options),
  };
}
