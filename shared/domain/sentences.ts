/**
 * Where sentences end in English and Chinese text. One set of rules for everything that
 * widens or cuts text by sentence — extending a selection in the document view, autocoding
 * "the sentence" around a match, the context shown with a retrieved passage — so that "a
 * sentence" is the same passage wherever a researcher meets it.
 */

export type Span = { start: number; end: number };

/** Characters that end a sentence in English and Chinese text. */
export const SENTENCE_ENDS: ReadonlySet<string> = new Set(['。', '！', '？', '!', '?', '.']);
/** Closing quotes and brackets that belong to the sentence they follow (“……。” ends after ”). */
export const CLOSERS: ReadonlySet<string> = new Set(['”', '’', '"', "'", '）', ')', '」', '』', '】', '》', ']']);

/** True for white space, the ideographic space, and past either end of the text. */
export function isSpace(char: string | undefined): boolean {
  return char === undefined || /\s/.test(char) || char === '\u3000';
}

/**
 * True when the character at `index` ends a sentence. A full stop counts only before a space,
 * a closing quote or the end of the line, so "3.5" and "www.gov.cn" do not split a sentence.
 */
export function endsSentence(text: string, index: number, lineEnd: number): boolean {
  const char = text[index];
  if (!SENTENCE_ENDS.has(char)) return false;
  if (char !== '.') return true;
  let next = index + 1;
  while (next < lineEnd && CLOSERS.has(text[next])) next += 1;
  return next >= lineEnd || isSpace(text[next]);
}

/** After a sentence end at `index`: past any further end marks and closing quotes ("?!", "。”"). */
export function pastEnd(text: string, index: number, lineEnd: number): number {
  let position = index + 1;
  while (position < lineEnd && (SENTENCE_ENDS.has(text[position]) || CLOSERS.has(text[position]))) position += 1;
  return position;
}

/** The line (text between line breaks) around an offset, as [start, end). */
export function lineAt(text: string, offset: number): Span {
  const start = offset === 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
  const newline = text.indexOf('\n', offset);
  return { start, end: newline === -1 ? text.length : newline };
}

/** Where the sentence holding `offset` starts, never before the start of `line`. */
export function sentenceStart(text: string, offset: number, line: Span): number {
  for (let index = offset - 1; index >= line.start; index -= 1) {
    if (endsSentence(text, index, line.end)) {
      const after = pastEnd(text, index, line.end);
      // The offset sits in the end marks of the previous sentence: keep looking further back.
      if (after > offset) continue;
      return after;
    }
  }
  return line.start;
}

/** Where the sentence holding `from` ends (after its end marks), never past the end of `line`. */
export function sentenceEnd(text: string, from: number, line: Span): number {
  for (let index = from; index < line.end; index += 1) {
    if (endsSentence(text, index, line.end)) return pastEnd(text, index, line.end);
  }
  return line.end;
}
