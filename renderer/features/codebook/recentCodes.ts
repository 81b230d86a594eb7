import type { CodeId } from '../../../shared/domain/ids';
import type { Code } from '../../../shared/domain/types';

/** How many codes have number keys (1–9). */
export const SHORTCUT_COUNT = 9;

/** How many recently used codes are remembered: more than nine, so a deleted code's key goes to the next most recent. */
const REMEMBERED = 30;

/**
 * The codes that number keys 1–9 apply: the most recently used first (key 1 re-applies the
 * last code), then, until nine have been used, the first codes in codebook order.
 * Codes no longer in the codebook are skipped.
 */
export function shortcutCodes(codes: readonly Code[], recent: readonly CodeId[] = []): readonly Code[] {
  const byId = new Map(codes.map((code) => [code.id, code]));
  const chosen: Code[] = [];
  const taken = new Set<CodeId>();
  for (const id of recent) {
    const code = byId.get(id);
    if (!code || taken.has(id)) continue;
    chosen.push(code);
    taken.add(id);
    if (chosen.length === SHORTCUT_COUNT) return chosen;
  }
  for (const code of codes) {
    if (taken.has(code.id)) continue;
    chosen.push(code);
    if (chosen.length === SHORTCUT_COUNT) break;
  }
  return chosen;
}

/** Number key (1–9) of each code that has one. */
export function shortcutKeys(codes: readonly Code[], recent: readonly CodeId[]): ReadonlyMap<CodeId, number> {
  return new Map(shortcutCodes(codes, recent).map((code, index) => [code.id, index + 1]));
}

/** The recency list after using `codeId`: it moves to the front. */
export function withUse(recent: readonly CodeId[], codeId: CodeId): readonly CodeId[] {
  return [codeId, ...recent.filter((id) => id !== codeId)].slice(0, REMEMBERED);
}

/** A remembered list read back from storage is trusted only if it is a list of strings. */
export function isCodeIdList(value: unknown): value is CodeId[] {
  return Array.isArray(value) && value.every((entry) => typeof entry === 'string');
}
