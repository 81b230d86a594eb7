import type { StructureSpan } from '../../shared/domain/types';
import type { AutocodeScope } from '../../shared/ipc/channels/search';
import { isSpace, lineAt, sentenceEnd, sentenceStart, type Span } from '../../shared/domain/sentences';

/**
 * Widening a match to its sentence or paragraph, for autocoding. The sentence rules are
 * shared/domain/sentences.ts, the document view's "extend to sentence" too, so that an
 * autocoded sentence is the sentence the researcher would get by hand.
 */

export type Passage = Span;

/** Structure spans that are paragraphs to a reader (articles and pages hold many). */
const PARAGRAPH_KINDS = new Set<StructureSpan['kind']>(['paragraph', 'heading', 'turn']);

/** Leaves out spaces (also the ideographic space) at either end. */
function trimmed(text: string, passage: Passage): Passage {
  let { start, end } = passage;
  while (start < end && isSpace(text[start])) start += 1;
  while (end > start && isSpace(text[end - 1])) end -= 1;
  return { start, end };
}

/**
 * Paragraphs of a source: its structure spans that are paragraphs, headings or speaker turns
 * (innermost first when they nest); without any, the text between blank lines — or between
 * line breaks when the text has no blank line at all.
 */
export function paragraphsOf(text: string, structure: readonly StructureSpan[]): Passage[] {
  const spans = structure
    .filter((span) => PARAGRAPH_KINDS.has(span.kind) && span.end > span.start && span.end <= text.length)
    .map((span) => ({ start: span.start, end: span.end }));
  if (spans.length > 0) return spans.sort((a, b) => a.start - b.start || a.end - b.end);
  const separator = /\n[ \t\u3000]*\n/.test(text) ? /\n[ \t\u3000]*\n\s*/g : /\n/g;
  const paragraphs: Passage[] = [];
  let start = 0;
  for (let match = separator.exec(text); match !== null; match = separator.exec(text)) {
    paragraphs.push({ start, end: match.index });
    start = match.index + match[0].length;
  }
  paragraphs.push({ start, end: text.length });
  return paragraphs.map((paragraph) => trimmed(text, paragraph)).filter((paragraph) => paragraph.end > paragraph.start);
}

/** The smallest paragraph holding `offset`, else the line around it. */
function paragraphAt(text: string, paragraphs: readonly Passage[], offset: number): Passage {
  let best: Passage | null = null;
  for (const paragraph of paragraphs) {
    if (paragraph.start > offset) break;
    if (offset < paragraph.end && (best === null || paragraph.end - paragraph.start < best.end - best.start))
      best = paragraph;
  }
  return best ?? lineAt(text, offset);
}

/**
 * Widens matches to their scope and merges the passages that then overlap (two matches in one
 * sentence make one coding). Matches themselves ("match" scope) are kept as they are.
 */
export function widenMatches(
  text: string,
  structure: readonly StructureSpan[],
  matches: readonly (readonly [number, number])[],
  scope: AutocodeScope,
): Passage[] {
  if (scope === 'match') return matches.map(([start, end]) => ({ start, end }));
  const paragraphs = scope === 'paragraph' ? paragraphsOf(text, structure) : [];
  const widened = matches.map(([start, end]): Passage => {
    const last = Math.max(start, end - 1);
    if (scope === 'paragraph') {
      const first = paragraphAt(text, paragraphs, start);
      const final = paragraphAt(text, paragraphs, last);
      return trimmed(text, { start: Math.min(first.start, start), end: Math.max(final.end, end) });
    }
    const sentence = trimmed(text, {
      start: sentenceStart(text, start, lineAt(text, start)),
      end: sentenceEnd(text, last, lineAt(text, last)),
    });
    // A match that is itself spaces or runs past the sentence's trimmed ends keeps its own extent.
    return { start: Math.min(sentence.start, start), end: Math.max(sentence.end, end) };
  });
  widened.sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: Passage[] = [];
  for (const passage of widened) {
    const last = merged[merged.length - 1];
    if (last && passage.start < last.end) last.end = Math.max(last.end, passage.end);
    else merged.push({ ...passage });
  }
  return merged;
}
