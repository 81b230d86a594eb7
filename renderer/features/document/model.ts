import type { CodingId } from '../../../shared/domain/ids';
import type { Coding, SourceDetail, SourceSummary, StructureSpan } from '../../../shared/domain/types';
import { isWide } from '../../lib/textMetrics';

/**
 * One rendered block of a source: a paragraph (text between two '\n'), or a piece of a very
 * long paragraph. Blocks are what the document view virtualises; codings are indexed by block.
 */
export type Block = Readonly<{
  index: number;
  /** UTF-16 offset of the block's first character in the source text. */
  start: number;
  /** UTF-16 offset just after the block's last character (before its '\n'). */
  end: number;
  /** Heading level from the source's structure, or null for body text. */
  heading: number | null;
  /** True when the block is mostly Chinese/Japanese/Korean (for `lang` and height estimates). */
  cjk: boolean;
  /** True when the next block continues the same paragraph (a long paragraph cut in pieces). */
  continues: boolean;
  /** Estimated width of the text in em: wide (CJK) characters count 1, others 0.55. */
  widthEm: number;
}>;

/** A source prepared for display: text, blocks, and codings indexed by block. */
export type DocumentModel = Readonly<{
  source: SourceSummary;
  text: string;
  blocks: readonly Block[];
  codings: ReadonlyMap<CodingId, Coding>;
  /** For each block, the codings that touch it, sorted by start then longest first. */
  byBlock: readonly (readonly Coding[])[];
}>;

/**
 * Paragraphs longer than this are cut into several blocks, so that mounting one block never
 * costs a long task (a 300k-character source may arrive without a single line break).
 */
export const MAX_BLOCK_LENGTH = 3000;

const SENTENCE_END = /[。！？；.!?;]/;

/** Where to cut a long paragraph: after the last sentence end before the limit, else at it. */
function cutPoint(text: string, from: number, limit: number): number {
  const hardEnd = from + limit;
  for (let index = hardEnd - 1; index > from + limit / 2; index -= 1) {
    if (SENTENCE_END.test(text[index])) return index + 1;
  }
  // Never cut between the two halves of a surrogate pair.
  const unit = text.charCodeAt(hardEnd - 1);
  return unit >= 0xd800 && unit <= 0xdbff ? hardEnd + 1 : hardEnd;
}

function headingLevels(structure: readonly StructureSpan[]): (offset: number) => number | null {
  const headings = structure.filter((span) => span.kind === 'heading').sort((a, b) => a.start - b.start);
  return (offset) => {
    let low = 0;
    let high = headings.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const span = headings[middle];
      if (offset < span.start) high = middle - 1;
      else if (offset >= span.end) low = middle + 1;
      else return span.level ?? 1;
    }
    return null;
  };
}

/** Splits a text into blocks: one per line, long lines cut at sentence ends. */
export function splitBlocks(text: string, structure: readonly StructureSpan[] = []): Block[] {
  const headingAt = headingLevels(structure);
  const blocks: Block[] = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    let start = lineStart;
    do {
      const end = lineEnd - start > MAX_BLOCK_LENGTH ? cutPoint(text, start, MAX_BLOCK_LENGTH) : lineEnd;
      let wide = 0;
      for (let index = start; index < end; index += 1) if (isWide(text.charCodeAt(index))) wide += 1;
      const length = end - start;
      blocks.push({
        index: blocks.length,
        start,
        end,
        heading: headingAt(start),
        cjk: length > 0 && wide * 3 >= length,
        continues: end < lineEnd,
        widthEm: wide + (length - wide) * 0.55,
      });
      start = end;
    } while (start < lineEnd);
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  return blocks;
}

/** Index of the block holding `offset` (the last block starting at or before it). */
export function blockAt(blocks: readonly Block[], offset: number): number {
  let low = 0;
  let high = blocks.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (blocks[middle].start <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

function compareCodings(a: Coding, b: Coding): number {
  return a.start - b.start || b.end - a.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Blocks [first, last] that a coding touches (a block's extent includes its trailing '\n'). */
export function blocksOf(blocks: readonly Block[], coding: Pick<Coding, 'start' | 'end'>): [number, number] {
  const first = blockAt(blocks, coding.start);
  const last = Math.max(first, blockAt(blocks, Math.max(coding.start, coding.end - 1)));
  return [first, last];
}

function indexCodings(blocks: readonly Block[], codings: Iterable<Coding>): Coding[][] {
  const byBlock: Coding[][] = blocks.map(() => []);
  for (const coding of codings) {
    const [first, last] = blocksOf(blocks, coding);
    for (let index = first; index <= last; index += 1) byBlock[index].push(coding);
  }
  for (const list of byBlock) if (list.length > 1) list.sort(compareCodings);
  return byBlock;
}

function summaryOf(detail: SourceDetail): SourceSummary {
  return {
    id: detail.id,
    name: detail.name,
    kind: detail.kind,
    length: detail.length,
    textHash: detail.textHash,
    importedAt: detail.importedAt,
    attributes: detail.attributes,
    codingCount: detail.codingCount,
  };
}

/** Prepares a source for display. Linear in the text and the codings, done once per source. */
export function buildDocumentModel(detail: SourceDetail): DocumentModel {
  const blocks = splitBlocks(detail.text, detail.structure);
  return {
    source: summaryOf(detail),
    text: detail.text,
    blocks,
    codings: new Map(detail.codings.map((coding) => [coding.id, coding])),
    byBlock: indexCodings(blocks, detail.codings),
  };
}

/**
 * A fresh copy of a source whose text we already hold (same hash): keeps the blocks, so the
 * view keeps its measured heights, and re-indexes only the codings.
 */
export function refreshDocumentModel(model: DocumentModel, detail: SourceDetail): DocumentModel {
  if (detail.id !== model.source.id || detail.textHash !== model.source.textHash) return buildDocumentModel(detail);
  return {
    ...model,
    source: summaryOf(detail),
    codings: new Map(detail.codings.map((coding) => [coding.id, coding])),
    byBlock: indexCodings(model.blocks, detail.codings),
  };
}

/** The model with one more coding; only the lists of the blocks it touches are new arrays. */
export function withCoding(model: DocumentModel, coding: Coding): DocumentModel {
  if (coding.sourceId !== model.source.id) return model;
  const previous = model.codings.get(coding.id);
  const base = previous ? withoutCoding(model, coding.id) : model;
  const [first, last] = blocksOf(base.blocks, coding);
  const byBlock = base.byBlock.slice();
  for (let index = first; index <= last; index += 1) {
    const list = byBlock[index].slice();
    let position = list.length;
    while (position > 0 && compareCodings(list[position - 1], coding) > 0) position -= 1;
    list.splice(position, 0, coding);
    byBlock[index] = list;
  }
  const codings = new Map(base.codings);
  codings.set(coding.id, coding);
  return { ...base, codings, byBlock };
}

/** The model without one coding. */
export function withoutCoding(model: DocumentModel, codingId: CodingId): DocumentModel {
  const coding = model.codings.get(codingId);
  if (!coding) return model;
  const [first, last] = blocksOf(model.blocks, coding);
  const byBlock = model.byBlock.slice();
  for (let index = first; index <= last; index += 1) {
    byBlock[index] = byBlock[index].filter((entry) => entry.id !== codingId);
  }
  const codings = new Map(model.codings);
  codings.delete(codingId);
  return { ...model, codings, byBlock };
}
