/** The most matches find counts and paints; beyond it the count reads "10,000+". */
export const FIND_LIMIT = 10_000;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Start offsets (UTF-16) of every occurrence of `query` in `text`, ignoring case for
 * letters. Every match is `query.length` units long: without the `u` flag, case folding maps
 * one unit to one unit. Chinese queries of one or two characters are plain substrings here.
 */
export function findAll(text: string, query: string, limit = FIND_LIMIT): number[] {
  if (query.length === 0) return [];
  const pattern = new RegExp(escapeRegExp(query), 'gi');
  const starts: number[] = [];
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    starts.push(match.index);
    if (starts.length >= limit) break;
    // Matches do not overlap ("aa" occurs twice in "aaaa"), as in a browser's find.
    pattern.lastIndex = match.index + Math.max(1, query.length);
  }
  return starts;
}

/** The first match at or after `offset` (wrapping to the first), or -1 when there are none. */
export function firstMatchFrom(starts: readonly number[], offset: number): number {
  if (starts.length === 0) return -1;
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (starts[middle] < offset) low = middle + 1;
    else high = middle;
  }
  return low === starts.length ? 0 : low;
}
