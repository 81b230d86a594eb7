import { lineAt, sentenceEnd, sentenceStart } from '../../../shared/domain/sentences';
import { normaliseRange, type TextRange } from './selection';

/** How far "extend" reaches: the sentence(s) or the paragraph(s) a range touches. */
export type ExtentUnit = 'sentence' | 'paragraph';

/** The paragraph (text between line breaks) around an offset, as [start, end). */
export function paragraphAt(text: string, offset: number): TextRange {
  return lineAt(text, offset);
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
