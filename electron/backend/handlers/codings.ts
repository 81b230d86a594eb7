import type { CodeId, CodingId, SourceId } from '../../../shared/domain/ids';
import type { CodingsResults } from '../../../shared/ipc/channels/codings';
import { createInVivoCoding, updateCodingRange } from '../../services/codings';
import type { HandlerContext, HandlersFor } from './types';

/** Handlers of the codings channels (shared/ipc/channels/codings.ts). */
export function codingsHandlers({ need, changed }: HandlerContext): HandlersFor<keyof CodingsResults> {
  return {
    'codings:update': ({ codingId, start, end }) =>
      changed('codings', updateCodingRange(need(), codingId as CodingId, start, end)),
    'codings:createInVivo': ({ sourceId, start, end, parentId, name }) => {
      const result = createInVivoCoding(need(), {
        sourceId: sourceId as SourceId,
        start,
        end,
        parentId: parentId as CodeId | null,
        name,
      });
      // The codebook changed too: every window re-reads codes on any change event.
      return changed(result.created ? 'codes' : 'codings', result);
    },
  };
}
