import type { CodeId } from '../../../shared/domain/ids';
import type { Code } from '../../../shared/domain/types';
import { fuzzyMatch, type FuzzyMatch } from './fuzzy';

export type RankedCode = Readonly<{ code: Code; names: readonly string[]; match: FuzzyMatch }>;

/** The most results the palette lists; a researcher narrows the query rather than scrolls. */
export const PALETTE_LIMIT = 60;

/** Each code's names from the root (unescaped, unlike `path`, so "/" inside a name stays a character). */
export function namesByCode(codes: readonly Code[]): ReadonlyMap<CodeId, readonly string[]> {
  const byId = new Map(codes.map((code) => [code.id, code]));
  const names = new Map<CodeId, readonly string[]>();
  const namesOf = (code: Code): readonly string[] => {
    const known = names.get(code.id);
    if (known) return known;
    const parent = code.parentId === null ? undefined : byId.get(code.parentId);
    const own = parent ? [...namesOf(parent), code.name] : [code.name];
    names.set(code.id, own);
    return own;
  };
  for (const code of codes) namesOf(code);
  return names;
}

/**
 * The codes for a query, best first. With no query: the codes with number keys (most recently
 * used first), then the rest in codebook order. With a query: by match score, then shorter
 * paths, then codebook order.
 */
export function rankCodes(
  codes: readonly Code[],
  query: string,
  shortcuts: readonly Code[],
  limit = PALETTE_LIMIT,
): RankedCode[] {
  const names = namesByCode(codes);
  const order = new Map(codes.map((code, index) => [code.id, index]));
  if (query.trim().length === 0) {
    const first = new Set(shortcuts.map((code) => code.id));
    return [...shortcuts, ...codes.filter((code) => !first.has(code.id))]
      .slice(0, limit)
      .map((code) => ({ code, names: names.get(code.id) ?? [code.name], match: { score: 0, indices: [] } }));
  }
  const ranked: RankedCode[] = [];
  for (const code of codes) {
    const codeNames = names.get(code.id) ?? [code.name];
    const match = fuzzyMatch(query, codeNames);
    if (match) ranked.push({ code, names: codeNames, match });
  }
  ranked.sort(
    (a, b) =>
      b.match.score - a.match.score ||
      a.names.join('/').length - b.names.join('/').length ||
      (order.get(a.code.id) ?? 0) - (order.get(b.code.id) ?? 0),
  );
  return ranked.slice(0, limit);
}
