/**
 * Word frequency (DESIGN.md §7). Chinese has no spaces, so words come from
 * `Intl.Segmenter('zh', { granularity: 'word' })`, which also splits English at spaces and
 * punctuation. It runs per paragraph and never on a whole document: on Node 20 its cost grows
 * faster than the text (measured here: 100k characters in 1,000-character pieces 0.25 s, in
 * 20,000-character pieces 0.66 s; whole, 24 s), so long paragraphs are cut further at
 * sentence ends.
 */

/** The longest piece handed to the segmenter at once (UTF-16 units). */
export const SEGMENT_CHUNK = 1000;

const SENTENCE_END = /[。！？；!?;…]/;
const HAN = /\p{Script=Han}/u;
/** Tokens of digits, punctuation or symbols only are not words. */
const NOT_A_WORD = /^[\p{N}\p{P}\p{S}\s]+$/u;

/** Splits a text into paragraphs and long paragraphs into sentence-sized pieces of at most `limit` units. */
export function textChunks(text: string, limit = SEGMENT_CHUNK): string[] {
  const chunks: string[] = [];
  for (const paragraph of text.split('\n')) {
    let rest = paragraph;
    while (rest.length > limit) {
      let cut = -1;
      for (let index = limit - 1; index > limit / 2; index -= 1) {
        if (SENTENCE_END.test(rest[index])) {
          cut = index + 1;
          break;
        }
      }
      if (cut < 0) cut = rest.lastIndexOf(' ', limit) + 1;
      if (cut <= limit / 4) cut = limit;
      // Never cut a character above U+FFFF in half.
      const unit = rest.charCodeAt(cut - 1);
      if (unit >= 0xd800 && unit <= 0xdbff) cut -= 1;
      chunks.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    if (rest.trim().length > 0) chunks.push(rest);
  }
  return chunks;
}

/** The form a word is counted under: NFKC (full-width Latin → ASCII), lower-cased; null if not a word. */
export function normalizeWord(segment: string): string | null {
  const word = segment.normalize('NFKC').toLowerCase().trim();
  if (word.length === 0 || NOT_A_WORD.test(word)) return null;
  return word;
}

/** Whether a word is Chinese (has a Han character), which chooses its stop-word list. */
export function isChineseWord(word: string): boolean {
  return HAN.test(word);
}

export type WordOptions = Readonly<{
  /** Shortest word counted, in characters (code points). */
  minLength: number;
  /** Stop words in their normalised form (both languages in one set: the scripts do not meet). */
  stopwords: ReadonlySet<string>;
}>;

/** A segmenter for word frequency; create one and reuse it (construction is not free). */
export function wordSegmenter(): Intl.Segmenter {
  return new Intl.Segmenter('zh', { granularity: 'word' });
}

/** Adds the words of `text` to `counts`; returns how many words were counted. */
export function countWords(text: string, options: WordOptions, counts: Map<string, number>, segmenter: Intl.Segmenter): number {
  let counted = 0;
  for (const chunk of textChunks(text)) {
    for (const piece of segmenter.segment(chunk)) {
      if (!piece.isWordLike) continue;
      const word = normalizeWord(piece.segment);
      if (word === null || options.stopwords.has(word)) continue;
      if ([...word].length < options.minLength) continue;
      counts.set(word, (counts.get(word) ?? 0) + 1);
      counted += 1;
    }
  }
  return counted;
}

/** Parses a stop-word list: one word per line, `#` starts a comment; words are normalised. */
export function parseStopwords(text: string): string[] {
  const words = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const word = line.replace(/#.*/, '').trim();
    if (word.length === 0) continue;
    words.add(word.normalize('NFKC').toLowerCase());
  }
  return [...words];
}

export type WordRow = Readonly<{ word: string; counts: readonly number[]; total: number }>;

export type WordFrequencyResult = Readonly<{
  columns: readonly string[];
  /** Words counted per column (after stop words and the minimum length). */
  words: readonly number[];
  totalWords: number;
  /** The top words overall, with their count in every column. */
  rows: readonly WordRow[];
  /** The top words of each column on its own. */
  perColumn: readonly (readonly Readonly<{ word: string; count: number }>[])[];
}>;

const byCountThenWord = (a: [string, number], b: [string, number]): number =>
  b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/**
 * Ranks counted words: the top `top` overall (ties broken by the word, so the order is
 * reproducible) with their count per column, and the top `top` of each column.
 */
export function rankWords(
  columns: readonly string[],
  counts: readonly ReadonlyMap<string, number>[],
  words: readonly number[],
  top: number,
): WordFrequencyResult {
  const totals = new Map<string, number>();
  for (const column of counts) for (const [word, count] of column) totals.set(word, (totals.get(word) ?? 0) + count);
  const overall = [...totals].sort(byCountThenWord).slice(0, top);
  return {
    columns,
    words,
    totalWords: words.reduce((sum, value) => sum + value, 0),
    rows: overall.map(([word, total]) => ({ word, total, counts: counts.map((column) => column.get(word) ?? 0) })),
    perColumn: counts.map((column) => [...column].sort(byCountThenWord).slice(0, top).map(([word, count]) => ({ word, count }))),
  };
}
