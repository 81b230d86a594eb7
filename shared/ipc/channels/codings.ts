import { z } from 'zod';
import type { Code, Coding } from '../../domain/types';
import { id, name } from './common';

/**
 * Channels of the codings area (issue 4). Merged into `channelArgs` and `ChannelResults`
 * by ../contract.ts; their handlers live in electron/backend/handlers/codings.ts.
 */
export const codingsArgs = {
  /** Moves one or both ends of a coding (dragging a handle, Shift+Alt+arrow keys). */
  'codings:update': z.object({ codingId: id, start: z.number().int().min(0), end: z.number().int().min(1) }).strict(),
  /** In-vivo coding: a code named with the selected words, and the passage coded with it, as one step. */
  'codings:createInVivo': z
    .object({
      sourceId: id,
      start: z.number().int().min(0),
      end: z.number().int().min(1),
      parentId: id.nullable(),
      name,
    })
    .strict(),
} as const;

export type CodingsResults = {
  'codings:update': Coding;
  /** `created` is false when a code of that name was already there and was reused. */
  'codings:createInVivo': { code: Code; coding: Coding; created: boolean };
};
