/**
 * Channels of the memos area (issue 4). Merged into `channelArgs` and `ChannelResults`
 * by ../contract.ts; their handlers live in electron/backend/handlers/memos.ts.
 */
import { z } from 'zod';
import { id } from './common';

/** What a memo can be about. A coding's memo is the coding's own `memo` column. */
export const MEMO_TARGET_TYPES = ['project', 'source', 'code', 'coding'] as const;
export type MemoTargetType = (typeof MEMO_TARGET_TYPES)[number];

/** The thing a memo is about: the project (id null, the journal), a source, a code or a coding. */
export type MemoTarget = Readonly<{ type: MemoTargetType; id: string | null }>;

const memoTarget = z
  .object({ type: z.enum(MEMO_TARGET_TYPES), id: id.nullable() })
  .strict()
  .refine((target) => (target.type === 'project') === (target.id === null), {
    message: 'a project memo has no target id; every other memo has one',
  });

/** Memo bodies are Markdown; a megabyte is far beyond any memo a researcher writes. */
const body = z.string().max(1_000_000);

/** The files memos are exported to: one Markdown document, or a CSV table with a row per memo. */
export const MEMO_EXPORT_FORMATS = ['md', 'csv'] as const;
export type MemoExportFormat = (typeof MEMO_EXPORT_FORMATS)[number];

export const memosArgs = {
  'memos:list': z.object({}).strict(),
  /** One memo to edit: by id (a row of `memos`), or the memo of a target (null id: not written yet). */
  'memos:get': z.object({ target: memoTarget, memoId: id.nullable().optional() }).strict(),
  /** Writes a memo; creates it on first save. One undoable action. */
  'memos:save': z
    .object({ target: memoTarget, memoId: id.nullable().optional(), title: z.string().max(500), body })
    .strict(),
  /** Deletes a memo (a coding memo is emptied). One undoable action. */
  'memos:delete': z.object({ target: memoTarget, memoId: id.nullable().optional() }).strict(),
  /**
   * The memos as a file: every memo, or only those whose keys are given (the ones the Memos tab
   * shows under its filter). `bom` starts a CSV with a byte-order mark, for Excel.
   */
  'memos:export': z
    .object({
      format: z.enum(MEMO_EXPORT_FORMATS),
      bom: z.boolean().optional(),
      keys: z.array(z.string().max(100)).max(1_000_000).nullable().optional(),
    })
    .strict(),
} as const;

/** A memo as the list and the editor show it. */
export type MemoEntry = Readonly<{
  /** Stable key for lists: the memo's id, or `coding:<id>` for a coding's memo. */
  key: string;
  /** The row of `memos`; null for a coding memo and for a memo not written yet. */
  memoId: string | null;
  target: MemoTarget;
  /** What it is about, in words: the project's name, a source's name, a code's path. */
  about: string;
  /** For coding memos: the coded passage (shortened) and its source; else null. */
  context: string | null;
  /** The code's colour for code and coding memos, so lists can show the swatch. */
  color: string | null;
  title: string;
  /** Markdown. */
  body: string;
  authorName: string | null;
  createdAt: string | null;
  updatedAt: string | null;
}>;

/** An exported memo file, as text exactly as it is to be saved (a BOM included when asked for). */
export type MemoExportFile = Readonly<{
  fileName: string;
  content: string;
  mimeType: string;
  /** How many memos it holds. */
  count: number;
}>;

/**
 * A memo's Markdown reduced to its words, for previews in lists, the text filter and the CSV
 * export: markers such as `**`, `#` and `[…](…)` are dropped so that a search for "trust"
 * finds "**trust**"; list items keep a bullet or their number. Here, not in the renderer, so
 * that the app's list and the exported CSV read a memo the same way.
 */
export function markdownToPlainText(markdown: string): string {
  return (
    markdown
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      // List items keep a bullet (or their number) so that a preview still reads as a list.
      .replace(/^(\s*)[-*+]\s+/gm, '$1• ')
      .replace(/^\s{0,3}(#{1,6}\s+|>\s?)/gm, '')
      .replace(/(\*\*\*|\*\*|\*|___|__|~~|`)/g, '')
      .replace(/(^|\W)_(\S[^_]*)_(?=\W|$)/g, '$1$2')
      .replace(/[ \t]+/g, ' ')
      .replace(/\n{2,}/g, '\n')
      .trim()
  );
}

export type MemosResults = {
  'memos:list': MemoEntry[];
  'memos:get': MemoEntry;
  'memos:save': MemoEntry;
  'memos:delete': null;
  'memos:export': MemoExportFile;
};
