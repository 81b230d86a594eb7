import { z } from 'zod';

/** Argument pieces every channel module uses, so that an id or a name is checked one way. */
export const id = z.string().uuid();
export const name = z.string().trim().min(1).max(500);
export const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour is written #rrggbb');
export const nothing = z.object({}).strict();
