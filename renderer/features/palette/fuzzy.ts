/**
 * Fuzzy matching of a typed query against code paths ("inst plan" → Instruments/Digital
 * planning system). Each space-separated term must appear, in order, as a subsequence of the
 * path; terms may match anywhere (any order between terms). Letters match without case.
 */
export type FuzzyMatch = Readonly<{ score: number; indices: readonly number[] }>;

const SEGMENT_START = 8;
const WORD_START = 6;
const CONSECUTIVE = 5;
const IN_LEAF = 0.5;
const GAP_OPEN = 2;
const GAP_EXTEND = 0.2;
const NONE = Number.NEGATIVE_INFINITY;

const WORD_SEPARATORS = new Set([' ', '-', '_', '(', '（', '·', '、', ',', '，', ':', '：', '"', '“', '‘']);

function isWideUnit(code: number): boolean {
  return (code >= 0x3400 && code <= 0x9fff) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xd800 && code <= 0xdbff);
}

/** The bonus for a match at each position of a path: segment starts, word starts, the leaf name. */
function positionBonuses(target: string, leafStart: number): Float64Array {
  const bonuses = new Float64Array(target.length);
  for (let index = 0; index < target.length; index += 1) {
    const previous = index === 0 ? '/' : target[index - 1];
    let bonus = 0;
    if (previous === '/') bonus = SEGMENT_START;
    else if (WORD_SEPARATORS.has(previous)) bonus = WORD_START;
    // "planningSystem": an upper-case letter after a lower-case one starts a word.
    else if (/[a-z]/.test(previous) && /[A-Z]/.test(target[index])) bonus = WORD_START;
    if (index >= leafStart) bonus += IN_LEAF;
    bonuses[index] = bonus;
  }
  return bonuses;
}

/**
 * The best alignment of one term in the target: a dynamic programme over (term character,
 * target position), O(term × target) with a running best for gapped predecessors.
 */
function matchTerm(term: string, lowerTarget: string, bonuses: Float64Array): FuzzyMatch | null {
  const m = term.length;
  const n = lowerTarget.length;
  if (m === 0) return { score: 0, indices: [] };
  if (m > n) return null;
  const scores: Float64Array[] = [];
  const from: Int32Array[] = [];
  for (let j = 0; j < m; j += 1) {
    const row = new Float64Array(n).fill(NONE);
    const back = new Int32Array(n).fill(-1);
    const char = term[j];
    // Best of scores[j-1][k] + GAP_EXTEND * k over k < i - 1, kept as i advances.
    let bestGapped = NONE;
    let bestGappedAt = -1;
    for (let i = j; i < n; i += 1) {
      if (j > 0 && i >= 2) {
        const k = i - 2;
        const candidate = scores[j - 1][k] + GAP_EXTEND * k;
        if (candidate > bestGapped) {
          bestGapped = candidate;
          bestGappedAt = k;
        }
      }
      if (lowerTarget[i] !== char) continue;
      const base = 1 + bonuses[i] + (isWideUnit(lowerTarget.charCodeAt(i)) ? 1 : 0);
      if (j === 0) {
        // Matching later in the path costs a little, so "plan" prefers an early word start.
        row[i] = base - GAP_EXTEND * i * 0.1;
        continue;
      }
      const adjacent = i >= 1 ? scores[j - 1][i - 1] : NONE;
      const viaAdjacent = adjacent === NONE ? NONE : adjacent + CONSECUTIVE;
      const viaGap = bestGapped === NONE ? NONE : bestGapped - GAP_EXTEND * (i - 1) - GAP_OPEN;
      if (viaAdjacent === NONE && viaGap === NONE) continue;
      if (viaAdjacent >= viaGap) {
        row[i] = base + viaAdjacent;
        back[i] = i - 1;
      } else {
        row[i] = base + viaGap;
        back[i] = bestGappedAt;
      }
    }
    scores.push(row);
    from.push(back);
  }
  let best = NONE;
  let end = -1;
  for (let i = 0; i < n; i += 1) {
    if (scores[m - 1][i] > best) {
      best = scores[m - 1][i];
      end = i;
    }
  }
  if (end === -1) return null;
  const indices: number[] = new Array(m);
  for (let j = m - 1, i = end; j >= 0; j -= 1) {
    indices[j] = i;
    i = from[j][i];
  }
  return { score: best, indices };
}

/**
 * Matches `query` against a code path given as its names from the root. The path is matched
 * as the names joined with "/", and `indices` point into that joined string. Null when a term
 * does not occur.
 */
export function fuzzyMatch(query: string, names: readonly string[]): FuzzyMatch | null {
  const target = names.join('/');
  const terms = query.toLowerCase().split(/\s+/u).filter(Boolean);
  if (terms.length === 0) return { score: 0, indices: [] };
  const lowerTarget = Array.from(target, (char) =>
    char.toLowerCase().length === char.length ? char.toLowerCase() : char,
  ).join('');
  const leafStart = target.length - (names[names.length - 1]?.length ?? 0);
  const bonuses = positionBonuses(target, leafStart);
  let score = 0;
  const indices = new Set<number>();
  for (const term of terms) {
    const match = matchTerm(term, lowerTarget, bonuses);
    if (!match) return null;
    score += match.score;
    for (const index of match.indices) indices.add(index);
  }
  return { score, indices: [...indices].sort((a, b) => a - b) };
}

/** Cuts `text` into runs that are or are not matched, for highlighting. */
export function highlightRuns(
  text: string,
  indices: readonly number[],
  offset = 0,
): { text: string; matched: boolean }[] {
  const marked = new Set(indices);
  const runs: { text: string; matched: boolean }[] = [];
  for (let index = 0; index < text.length; index += 1) {
    const matched = marked.has(index + offset);
    const last = runs[runs.length - 1];
    if (last && last.matched === matched) last.text += text[index];
    else runs.push({ text: text[index], matched });
  }
  return runs;
}
