import { z } from 'zod';
import type { Code } from '../../domain/types';
import { id, nothing } from './common';

/** A file the researcher picked, sent as bytes: the renderer never sends a path to be read. */
const codebookFile = z.object({ fileName: z.string().min(1).max(1000), dataBase64: z.string().min(1) }).strict();
const mergeArgs = z.object({ sourceCodeId: id, targetCodeId: id }).strict();

/** The formats a codebook is exported to and imported from. */
export const CODEBOOK_FORMATS = ['csv', 'md'] as const;
export type CodebookFormat = (typeof CODEBOOK_FORMATS)[number];

/**
 * Channels of the codebook area (issue 4). Merged into `channelArgs` and `ChannelResults`
 * by ../contract.ts; their handlers live in electron/backend/handlers/codebook.ts.
 */
export const codebookArgs = {
  /** Moves a code under `parentId` (null: top level) at `position` among its new siblings. */
  'codes:move': z.object({ codeId: id, parentId: id.nullable(), position: z.number().int().min(0) }).strict(),
  /** What merging would do, for the confirmation; changes nothing. */
  'codes:previewMerge': mergeArgs,
  /** Merges the source code into the target: codings, sub-codes and memos move; the source goes. */
  'codes:merge': mergeArgs,
  /** Segments and documents of each code with its descendants (codes:list gives a code's own). */
  'codes:counts': nothing,
  'codebooks:export': z.object({ format: z.enum(CODEBOOK_FORMATS) }).strict(),
  /** What importing a codebook file would add and change; changes nothing. */
  'codebooks:previewImport': z.object({ file: codebookFile }).strict(),
  'codebooks:import': z.object({ file: codebookFile }).strict(),
} as const;

/** What a merge moves and collapses (the same figures before and after the fact). */
export type MergeSummary = Readonly<{
  /** Codings that move to the target (or to a same-named sub-code of it). */
  moved: number;
  /** Codings dropped because the target already has one on the same range by the same coder. */
  collapsed: number;
  /** Sub-codes that move under the target. */
  children: number;
  /** Sub-codes merged into a same-named sub-code of the target. */
  mergedChildren: number;
}>;

/** A code's figures with its descendants: each coding once, each source once. */
export type RolledUpCounts = Readonly<{ codeId: string; segments: number; documents: number }>;

/** One code a codebook file adds or changes. */
export type CodebookImportEntry = Readonly<{
  path: string;
  description: string | null;
  color: string | null;
  /** What happens to it: added, or which fields change on the existing code. */
  change: 'add' | 'update';
  fields: readonly ('description' | 'color')[];
}>;

/** What importing a codebook file does (the preview and the result are the same). */
export type CodebookImportPreview = Readonly<{
  fileName: string;
  format: CodebookFormat;
  entries: readonly CodebookImportEntry[];
  added: number;
  updated: number;
  unchanged: number;
}>;

export type CodebookResults = {
  'codes:move': Code;
  'codes:previewMerge': MergeSummary;
  'codes:merge': MergeSummary;
  'codes:counts': RolledUpCounts[];
  'codebooks:export': { fileName: string; content: string; mimeType: string };
  'codebooks:previewImport': CodebookImportPreview;
  'codebooks:import': CodebookImportPreview;
};
