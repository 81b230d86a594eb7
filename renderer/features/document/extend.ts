import { normaliseRange, type TextRange } from './selection';

/** How far "extend" reaches: the sentence(s) or the paragraph(s) a range touches. */
export type ExtentUnit = 'sentence' | 'paragraph';

/** Characters that end a sentence in English and Chinese text. */
const SENTENCE_ENDS = new Set(['。', '！', '？', '!', '?', '.']);
/** Closing quotes and brackets that belong to the sentence they follow (“……。” ends after ”). */
const CLOSERS = new Set(['”', '’', '"', "'", '）', ')', '」', '』', '】', '》', ']']);

function isSpace(char: string | undefined): boolean {
  return char === undefined || /\s/.test(char) || char === '\u3000';
}

/**
 * True when the character at `index` ends a sentence. A full stop counts only before a space,
 * a closing quote or the end of the paragraph, so "3.5" and "www.gov.cn" do not split a sentence.
 */
function endsSentence(text: string, index: number, paragraphEnd: number): boolean {
  const char = text[index];
  if (!SENTENCE_ENDS.has(char)) return false;
  if (char !== '.') return true;
  let next = index + 1;
  while (next < paragraphEnd && CLOSERS.has(text[next])) next += 1;
  return next >= paragraphEnd || isSpace(text[next]);
}

/** After a sentence end at `index`: past any further end marks and closing quotes ("?!", "。”"). */
function pastEnd(text: string, index: number, paragraphEnd: number): number {
  let position = index + 1;
  while (position < paragraphEnd && (SENTENCE_ENDS.has(text[position]) || CLOSERS.has(text[position]))) position += 1;
  return position;
}

/** The paragraph (text between line breaks) around an offset, as [start, end). */
export function paragraphAt(text: string, offset: number): TextRange {
  const start = offset === 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
  const newline = text.indexOf('\n', offset);
  return { start, end: newline === -1 ? text.length : newline };
}

function sentenceStart(text: string, offset: number, paragraph: TextRange): number {
  for (let index = offset - 1; index >= paragraph.start; index -= 1) {
    if (endsSentence(text, index, paragraph.end)) {
      const after = pastEnd(text, index, paragraph.end);
      // The offset sits in the end marks of the previous sentence: keep looking further back.
      if (after > offset) continue;
      return after;
    }
  }
  return paragraph.start;
}

function sentenceEnd(text: string, from: number, paragraph: TextRange): number {
  for (let index = from; index < paragraph.end; index += 1) {
    if (endsSentence(text, index, paragraph.end)) return pastEnd(text, index, paragraph.end);
  }
  return paragraph.end;
}

/**
 * Widens a range to whole sentences (ending at 。！？.!? and the quotes that close them) or
 * whole paragraphs, never past the paragraphs it touches; spaces at either end are left out.
 */
export function extendRange(text: string, range: TextRange, unit: ExtentUnit): TextRange {
  const last = Math.max(range.start, range.end - 1);
  const first = paragraphAt(text, range.start);
  const final = paragraphAt(text, last);
  const extended =
    unit === 'paragraph'
      ? { start: first.start, end: final.end }
      : { start: sentenceStart(text, range.start, first), end: sentenceEnd(text, last, final) };
  return normaliseRange(text, extended.start, extended.end) ?? range;
}
