import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { keyed, UserError } from '../util/errors';
import { addNote, checkTextLength, formatCount } from './caps';
import { assembleBlocks, finishDocument, type Block } from './structure';
import type { ImportCaps, ParsedDocument } from './types';
import type { KeyedMessage, StructureSpan } from '../../shared/domain/types';

type PositionedItem = { str: string; transform: number[]; width: number; height: number; hasEOL: boolean };
type Line = { text: string; x: number; right: number; y: number; size: number };

const CJK_END = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]$/;
const CJK_START = /^[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/;

/** Where pdfjs-dist's character maps and standard fonts live (resolved, so it works bundled too). */
function pdfjsAssets(): { cMapUrl: string; standardFontDataUrl: string } {
  const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  return { cMapUrl: join(root, 'cmaps') + '/', standardFontDataUrl: join(root, 'standard_fonts') + '/' };
}

/**
 * Rebuilds lines from positioned text items: a new line where pdf.js marks an end of line or
 * the baseline moves by more than half a character height. Items on one line are joined with
 * a space only where there is a visible gap, and never between CJK characters, so Chinese is
 * not split one character per line or padded with spaces.
 */
export function itemsToLines(items: readonly PositionedItem[]): Line[] {
  const lines: Line[] = [];
  let line: Line | null = null;
  const close = (): void => {
    if (line && line.text.trim().length > 0) lines.push({ ...line, text: line.text.trim() });
    line = null;
  };
  for (const item of items) {
    const [a, b, c, d, x, y] = item.transform;
    const size = Math.hypot(c, d) || Math.hypot(a, b) || item.height || 1;
    if (item.str.length > 0) {
      if (line !== null && Math.abs(y - (line as Line).y) > Math.max(size, (line as Line).size) * 0.5) close();
      if (line === null) {
        line = { text: item.str, x, right: x + item.width, y, size };
      } else {
        const current: Line = line;
        const gap = x - current.right;
        const cjk = CJK_END.test(current.text) && CJK_START.test(item.str);
        const space = gap > size * (cjk ? 1 : 0.25) && !/\s$/.test(current.text) && !/^\s/.test(item.str);
        current.text += (space ? ' ' : '') + item.str;
        current.right = Math.max(current.right, x + item.width);
        current.size = Math.max(current.size, size);
      }
    }
    if (item.hasEOL) close();
  }
  close();
  return lines;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Joins a paragraph's lines: nothing between CJK, a kept hyphen, else one space. */
function joinLines(before: string, after: string): string {
  if (CJK_END.test(before) || CJK_START.test(after)) return before + after;
  if (/\p{L}-$/u.test(before)) return before + after;
  return `${before} ${after}`;
}

/**
 * True when the previous line stopped although the next line's first word would have fitted
 * after it: the producer broke the line on purpose (a paragraph end), not for lack of room.
 * This works for ragged-right text too, where "short" lines are normal inside a paragraph.
 */
function endedEarly(previous: Line, line: Line, right: number): boolean {
  const room = right - previous.right;
  const averageWidth = (line.right - line.x) / Math.max(1, line.text.length);
  const firstWord = CJK_START.test(line.text) ? line.size : (line.text.split(/\s/)[0].length + 1) * averageWidth;
  return room > firstWord + previous.size * 0.25;
}

/**
 * Groups a page's lines into paragraphs. A new paragraph starts after a gap clearly larger
 * than the page's usual line spacing, at a change of font size, after a line that ended
 * early (see endedEarly), or at an indented first line.
 */
export function linesToParagraphs(lines: readonly Line[]): string[] {
  if (lines.length === 0) return [];
  const gaps: number[] = [];
  for (let index = 1; index < lines.length; index += 1) {
    const gap = lines[index - 1].y - lines[index].y;
    if (gap > 0 && gap < lines[index].size * 3) gaps.push(gap);
  }
  const usualGap = median(gaps);
  const xs = new Map<number, number>();
  for (const line of lines) xs.set(Math.round(line.x), (xs.get(Math.round(line.x)) ?? 0) + 1);
  const left = [...xs.entries()].sort((first, second) => second[1] - first[1])[0][0];
  // The right margin: the furthest body-text line (titles in larger type are left out).
  const bodySize = median(lines.map((line) => line.size));
  const right = Math.max(...lines.filter((line) => Math.abs(line.size - bodySize) <= bodySize * 0.2).map((line) => line.right));

  const paragraphs: string[] = [];
  let current = lines[0].text;
  for (let index = 1; index < lines.length; index += 1) {
    const previous = lines[index - 1];
    const line = lines[index];
    const gap = previous.y - line.y;
    const fresh =
      gap <= 0 ||
      gap > (usualGap > 0 ? usualGap * 1.4 : line.size * 1.8) ||
      Math.abs(line.size - previous.size) > previous.size * 0.2 ||
      endedEarly(previous, line, right) ||
      (line.x > left + line.size * 0.8 && Math.abs(previous.x - left) < line.size * 0.5);
    if (fresh) {
      paragraphs.push(current);
      current = line.text;
    } else {
      current = joinLines(current, line.text);
    }
  }
  paragraphs.push(current);
  return paragraphs;
}

function latin1(bytes: Uint8Array): string {
  return new TextDecoder('windows-1252').decode(bytes);
}

/**
 * Checks the last cross-reference section against the file: startxref must point at it and a
 * sample of its entries at the objects they name. pdf.js silently rebuilds a broken table by
 * scanning, which usually works; the researcher is told so they can check the text.
 */
export function crossReferenceIntact(bytes: Uint8Array): boolean {
  const tail = latin1(bytes.subarray(Math.max(0, bytes.length - 16384)));
  const matches = [...tail.matchAll(/startxref\s+(\d+)/g)];
  if (matches.length === 0) return false;
  const offset = Number(matches[matches.length - 1][1]);
  if (!(offset > 0 && offset < bytes.length)) return false;
  const head = latin1(bytes.subarray(offset, Math.min(bytes.length, offset + 64)));
  if (/^\s*\d+\s+\d+\s+obj/.test(head)) return true;
  if (!/^\s*xref/.test(head)) return false;
  const table = latin1(bytes.subarray(offset, Math.min(bytes.length, offset + 20 * 2000 + 200)));
  const section = /xref\s+(\d+)\s+(\d+)\s+/y;
  section.lastIndex = table.indexOf('xref');
  const header = section.exec(table);
  if (!header) return false;
  let object = Number(header[1]);
  const entry = /(\d{10}) (\d{5}) ([nf])\s*\r?\n?/y;
  entry.lastIndex = section.lastIndex;
  for (let checked = 0; checked < Math.min(Number(header[2]), 2000); checked += 1, object += 1) {
    const match = entry.exec(table);
    if (!match) break;
    if (match[3] !== 'n') continue;
    const at = Number(match[1]);
    const found = latin1(bytes.subarray(at, Math.min(bytes.length, at + 32)));
    if (!new RegExp(`^\\s*${object}\\s+\\d+\\s+obj`).test(found)) return false;
  }
  return true;
}

/** Reads a .pdf with pdf.js (legacy build, no eval, no fonts, no scripting): pages and paragraphs. */
export async function readPdf(bytes: Uint8Array, fileName: string, caps: ImportCaps): Promise<ParsedDocument> {
  if (!latin1(bytes.subarray(0, 1024)).includes('%PDF-')) {
    throw new UserError('unsupported-format', `${fileName} is not a PDF file (it does not start with %PDF-); was it renamed?`, keyed('import.notPdf', { file: fileName }));
  }
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({
    // A copy: pdf.js may transfer or detach the buffer, and the caller keeps the original bytes.
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    enableXfa: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    isOffscreenCanvasSupported: false,
    stopAtErrors: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
    ...pdfjsAssets(),
  });
  let document: Awaited<typeof task.promise>;
  // No onPassword handler and no password: an encrypted PDF rejects with PasswordException.
  try {
    document = await task.promise;
  } catch (error) {
    await task.destroy();
    const name = error instanceof Error ? error.name : '';
    if (name === 'PasswordException' || (error instanceof Error && /password/i.test(error.message))) {
      throw new UserError(
        'unsupported-format',
        `${fileName} is protected with a password; open it where you know the password, save or print it as a new PDF without one, and import that.`,
        keyed('import.pdfEncrypted', { file: fileName }),
      );
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new UserError('unsupported-format', `${fileName} is damaged and could not be read as a PDF (${reason}).`, keyed('import.pdfDamaged', { file: fileName, detail: reason }));
  }
  try {
    if (document.numPages > caps.maxPdfPages) {
      throw new UserError(
        'unsupported-format',
        `${fileName} has ${formatCount(document.numPages)} pages, more than the ${formatCount(caps.maxPdfPages)} Marginalia reads from one PDF (maxPdfPages); split it or raise the limit.`,
        keyed('import.tooManyPages', { file: fileName, pages: formatCount(document.numPages), cap: formatCount(caps.maxPdfPages) }),
      );
    }
    const blocks: Block[] = [];
    const pageBlocks: { page: number; from: number; to: number }[] = [];
    const empty: number[] = [];
    const unreadable: { page: number; reason: string }[] = [];
    let length = 0;
    for (let pageNumber = 1; pageNumber <= document.numPages; pageNumber += 1) {
      let items: PositionedItem[];
      try {
        const page = await document.getPage(pageNumber);
        const content = await page.getTextContent();
        page.cleanup();
        items = content.items.flatMap((item) => ('str' in item ? [item as PositionedItem] : []));
      } catch (error) {
        // One damaged page should not cost the researcher the rest of the PDF; it is reported.
        unreadable.push({ page: pageNumber, reason: error instanceof Error ? error.message : String(error) });
        continue;
      }
      const paragraphs = linesToParagraphs(itemsToLines(items));
      if (paragraphs.length === 0) {
        empty.push(pageNumber);
        continue;
      }
      const from = blocks.length;
      for (const paragraph of paragraphs) {
        blocks.push({ text: paragraph, kind: 'paragraph' });
        length += paragraph.length + 2;
      }
      pageBlocks.push({ page: pageNumber, from, to: blocks.length });
      checkTextLength(fileName, length, caps);
    }
    if (pageBlocks.length === 0 && unreadable.length > 0) {
      throw new UserError(
        'unsupported-format',
        `${fileName} is damaged: none of its pages could be read (page ${unreadable[0].page}: ${unreadable[0].reason}).`,
        keyed('import.pdfNoPages', { file: fileName, page: unreadable[0].page, detail: unreadable[0].reason }),
      );
    }
    if (pageBlocks.length === 0) {
      throw new UserError(
        'unsupported-format',
        `${fileName} has no text layer (it is probably scanned images of pages); run OCR on it first, then import the result.`,
        keyed('import.pdfNoTextLayer', { file: fileName }),
      );
    }
    const assembled = assembleBlocks(blocks);
    const pages: StructureSpan[] = [];
    for (const { page, from, to } of pageBlocks) {
      const kept = assembled.offsets.slice(from, to).filter((offset): offset is { start: number; end: number } => offset !== null);
      if (kept.length > 0) pages.push({ kind: 'page', start: kept[0].start, end: kept[kept.length - 1].end, label: String(page), level: null });
    }
    const notes: string[] = [];
    const noteKeys: Record<string, KeyedMessage> = {};
    if (empty.length > 0) {
      const shown = empty.slice(0, 10).join(', ') + (empty.length > 10 ? ` and ${empty.length - 10} more` : '');
      addNote(
        notes,
        noteKeys,
        `${empty.length === 1 ? 'Page' : 'Pages'} ${shown} had no text layer (scanned or blank) and ${empty.length === 1 ? 'is' : 'are'} not in the text.`,
        empty.length > 10
          ? keyed('import.pdfPagesNoTextMore', { pages: empty.slice(0, 10).join(', '), more: empty.length - 10 })
          : keyed('import.pdfPagesNoText', { pages: shown, count: empty.length }),
      );
    }
    for (const { page, reason } of unreadable.slice(0, 10)) {
      addNote(notes, noteKeys, `Page ${page} is damaged and could not be read (${reason}); it is not in the text.`, keyed('import.pdfPageDamaged', { page, detail: reason }));
    }
    if (unreadable.length > 10) {
      addNote(notes, noteKeys, `${unreadable.length - 10} more pages are damaged and not in the text.`, keyed('import.pdfPagesDamagedMore', { count: unreadable.length - 10 }));
    }
    if (!crossReferenceIntact(bytes)) {
      addNote(
        notes,
        noteKeys,
        'The PDF\'s cross-reference table is damaged; the text was recovered by scanning the file, so compare it with the original if something looks missing.',
        keyed('import.pdfXrefDamaged'),
      );
    }
    return finishDocument(fileName, caps, {
      text: assembled.text,
      structure: [...pages, ...assembled.structure],
      notes,
      noteKeys,
      mimeType: 'application/pdf',
    });
  } finally {
    await document.destroy();
  }
}
