import type { CodeId, CodingId, MemoId, SourceId } from '../../shared/domain/ids';
import { orderCodebook } from '../../shared/domain/codebook';
import type { StructureSpan } from '../../shared/domain/types';
import { toCsv } from '../../shared/format/csv';
import { excelSafe, UTF8_BOM } from '../../shared/format/table';
import {
  markdownToPlainText,
  type MemoEntry,
  type MemoExportFile,
  type MemoExportFormat,
  type MemoTarget,
  type MemoTargetType,
} from '../../shared/ipc/channels/memos';
import { UserError } from '../util/errors';
import { codeNodes } from './analysis/scope';
import { locate, parseStructure } from './retrieval';
import { act, getMeta, newId, nowIso, type ProjectSession } from './session';

/** How much of a coded passage a memo list shows beside a coding's memo. */
const PASSAGE_PREVIEW = 160;

type MemoRow = {
  id: MemoId;
  target_type: MemoTargetType;
  target_id: string | null;
  title: string;
  body: string;
  author: string | null;
  created_at: string;
  updated_at: string;
};

type CodingRow = {
  id: CodingId;
  source_id: SourceId;
  code_id: CodeId;
  start: number;
  end: number;
  memo: string;
  coder: string;
  created_at: string;
};

const MEMO_SQL = `
  SELECT m.id, m.target_type, m.target_id, m.title, m.body, d.name AS author, m.created_at, m.updated_at
  FROM memos m LEFT JOIN coders d ON d.id = m.author_id`;

const CODING_SQL = `
  SELECT c.id, c.source_id, c.code_id, c.start, c.end, c.memo, d.name AS coder, c.created_at
  FROM codings c JOIN coders d ON d.id = c.coder_id`;

/** Description of the change-log group that writes a coding's memo (also read back for its date). */
const CODING_MEMO_ACTION = 'Write coding memo';

/** Shortens a passage for a list: whitespace collapsed, cut at a word or character with "…". */
export function passagePreview(text: string, limit = PASSAGE_PREVIEW): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= limit) return flat;
  let cut = limit;
  // Never leave half of a character above U+FFFF.
  const unit = flat.charCodeAt(cut - 1);
  if (unit >= 0xd800 && unit <= 0xdbff) cut -= 1;
  return `${flat.slice(0, cut).trimEnd()}…`;
}

/**
 * Names what memos are about, reading each source's name, code's path and coded passage once
 * however many memos point at them.
 */
function describer(session: ProjectSession) {
  const { db } = session;
  const ordered = orderCodebook(codeNodes(db));
  const codeOf = new Map(ordered.map((entry) => [entry.code.id as string, entry.path]));
  const colorOf = new Map(
    (db.prepare('SELECT id, color FROM codes').raw().all() as [string, string][]).map(([codeId, color]) => [
      codeId,
      color,
    ]),
  );
  const sourceName = db.prepare('SELECT name FROM sources WHERE id = ?').pluck();
  const passage = db.prepare('SELECT text FROM sources WHERE id = ?').pluck();
  const codingById = db.prepare(`${CODING_SQL} WHERE c.id = ?`);
  const texts = new Map<string, string>();
  const projectName = getMeta(db, 'name') ?? '';

  const codingContext = (coding: CodingRow): Pick<MemoEntry, 'about' | 'context' | 'color'> => {
    let text = texts.get(coding.source_id);
    if (text === undefined) {
      text = (passage.get(coding.source_id) as string | undefined) ?? '';
      texts.set(coding.source_id, text);
    }
    const source = (sourceName.get(coding.source_id) as string | undefined) ?? '';
    return {
      about: codeOf.get(coding.code_id) ?? '',
      context: `“${passagePreview(text.slice(coding.start, coding.end))}” — ${source}`,
      color: colorOf.get(coding.code_id) ?? null,
    };
  };

  return {
    codingContext,
    about(target: MemoTarget): Pick<MemoEntry, 'about' | 'context' | 'color'> {
      switch (target.type) {
        case 'project':
          return { about: projectName, context: null, color: null };
        case 'source': {
          const name = sourceName.get(target.id) as string | undefined;
          if (name === undefined) throw new UserError('not-found', 'That source is no longer in the project.');
          return { about: name, context: null, color: null };
        }
        case 'code': {
          const path = codeOf.get(target.id as string);
          if (path === undefined) throw new UserError('not-found', 'That code is no longer in the codebook.');
          return { about: path, context: null, color: colorOf.get(target.id as string) ?? null };
        }
        case 'coding': {
          const coding = codingById.get(target.id) as CodingRow | undefined;
          if (!coding) throw new UserError('not-found', 'That coding is no longer in the project.');
          return codingContext(coding);
        }
      }
    },
  };
}

function entryOfRow(row: MemoRow, about: Pick<MemoEntry, 'about' | 'context' | 'color'>): MemoEntry {
  return {
    key: row.id,
    memoId: row.id,
    target: { type: row.target_type, id: row.target_id },
    ...about,
    title: row.title,
    body: row.body,
    authorName: row.author,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

type CodingMemoWrite = Readonly<{ at: string; author: string | null }>;

/**
 * When each coding's memo was last written, and by whom, from the change log: codings keep
 * neither (their coder is who coded the passage, not who wrote the memo).
 */
function codingMemoWrites(session: ProjectSession): Map<string, CodingMemoWrite> {
  // SQLite takes the other columns from the row holding max(seq): the latest write that is
  // not undone now (a group is undone when its newest undo_state row says so).
  const rows = session.db
    .prepare(
      `SELECT l.entity_id, l.at, d.name, max(l.seq) FROM change_log l LEFT JOIN coders d ON d.id = l.coder_id
       WHERE l.entity = ? AND l.action = ?
         AND NOT EXISTS (
           SELECT 1 FROM undo_state u WHERE u.group_id = l.group_id AND u.undone = 1
             AND u.seq = (SELECT max(seq) FROM undo_state WHERE group_id = l.group_id))
       GROUP BY l.entity_id`,
    )
    .raw()
    .all('codings', CODING_MEMO_ACTION) as [string, string, string | null, number][];
  return new Map(rows.map(([codingId, at, author]) => [codingId, { at, author }]));
}

function codingEntry(
  coding: CodingRow,
  about: Pick<MemoEntry, 'about' | 'context' | 'color'>,
  written: CodingMemoWrite | undefined,
): MemoEntry {
  return {
    key: `coding:${coding.id}`,
    memoId: null,
    target: { type: 'coding', id: coding.id },
    ...about,
    title: '',
    body: coding.memo,
    // A memo given with the coding (an import, a merge) is the coder's own.
    authorName: written?.author ?? coding.coder,
    createdAt: coding.created_at,
    updatedAt: written?.at ?? coding.created_at,
  };
}

/**
 * Every memo in the project, newest first: rows of `memos` (journal, sources, codes, codings)
 * and the memos written on codings themselves. A memo whose subject was deleted outside the
 * change log's care (it should not happen) is still listed, about "(deleted)".
 */
export function listMemos(session: ProjectSession): MemoEntry[] {
  const describe = describer(session);
  const entries: MemoEntry[] = [];
  for (const row of session.db.prepare(MEMO_SQL).all() as MemoRow[]) {
    let about: Pick<MemoEntry, 'about' | 'context' | 'color'>;
    try {
      about = describe.about({ type: row.target_type, id: row.target_id });
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      about = { about: '(deleted)', context: null, color: null };
    }
    entries.push(entryOfRow(row, about));
  }
  const writes = codingMemoWrites(session);
  for (const coding of session.db
    .prepare(`${CODING_SQL} WHERE c.memo <> '' ORDER BY c.source_id, c.start`)
    .all() as CodingRow[]) {
    entries.push(codingEntry(coding, describe.codingContext(coding), writes.get(coding.id)));
  }
  entries.sort((a, b) => (b.updatedAt ?? '').localeCompare(a.updatedAt ?? '') || a.key.localeCompare(b.key));
  return entries;
}

function checkTarget(target: MemoTarget): void {
  if ((target.type === 'project') !== (target.id === null)) {
    throw new UserError(
      'invalid-arguments',
      'A project memo has no target; a memo on a source, code or coding needs one.',
    );
  }
}

function memoRow(session: ProjectSession, memoId: string): MemoRow {
  const row = session.db.prepare(`${MEMO_SQL} WHERE m.id = ?`).get(memoId) as MemoRow | undefined;
  if (!row) throw new UserError('not-found', 'That memo is no longer in the project.');
  return row;
}

/** The first memo written on a target (the project's journal when the target is the project). */
function memoOfTarget(session: ProjectSession, target: MemoTarget): MemoRow | null {
  const row = session.db
    .prepare(`${MEMO_SQL} WHERE m.target_type = ? AND m.target_id IS ? ORDER BY m.created_at, m.id LIMIT 1`)
    .get(target.type, target.id) as MemoRow | undefined;
  return row ?? null;
}

function codingRow(session: ProjectSession, codingId: string): CodingRow {
  const row = session.db.prepare(`${CODING_SQL} WHERE c.id = ?`).get(codingId) as CodingRow | undefined;
  if (!row) throw new UserError('not-found', 'That coding is no longer in the project.');
  return row;
}

/**
 * The memo to edit for a target: a named memo row, a coding's own memo, or the target's first
 * memo row. A target without a memo yet gets an empty one (memoId null), created on first save.
 */
export function getMemo(session: ProjectSession, target: MemoTarget, memoId?: string | null): MemoEntry {
  checkTarget(target);
  const describe = describer(session);
  if (memoId) {
    const row = memoRow(session, memoId);
    if (row.target_type !== target.type || row.target_id !== target.id) {
      throw new UserError('invalid-arguments', 'That memo is about something else.');
    }
    return entryOfRow(row, describe.about(target));
  }
  if (target.type === 'coding') {
    const coding = codingRow(session, target.id as string);
    return codingEntry(coding, describe.codingContext(coding), codingMemoWrites(session).get(coding.id));
  }
  const about = describe.about(target);
  const row = memoOfTarget(session, target);
  if (row) return entryOfRow(row, about);
  return {
    key: `new:${target.type}:${target.id ?? ''}`,
    memoId: null,
    target,
    ...about,
    title: '',
    body: '',
    authorName: null,
    createdAt: null,
    updatedAt: null,
  };
}

export type MemoInput = Readonly<{ target: MemoTarget; memoId?: string | null; title: string; body: string }>;

/**
 * Writes a memo as one undoable action. A coding's memo (no memoId) is the coding's own
 * `memo`; other memos are rows of `memos`, created on first save with the current coder as
 * author. The body is Markdown, stored as written.
 */
export function saveMemo(session: ProjectSession, input: MemoInput): MemoEntry {
  const { target } = input;
  checkTarget(target);
  const title = input.title.trim();
  const body = input.body.replace(/\s+$/, '');
  if (target.type === 'coding' && !input.memoId) {
    const coding = codingRow(session, target.id as string);
    if (coding.memo !== body)
      act(session, CODING_MEMO_ACTION, (action) => action.update('codings', [coding.id], { memo: body }));
    return getMemo(session, target);
  }
  // Checks the target still exists before anything is written.
  const describe = describer(session);
  describe.about(target);
  const existing = input.memoId ? memoRow(session, input.memoId) : memoOfTarget(session, target);
  if (existing && (existing.target_type !== target.type || existing.target_id !== target.id)) {
    throw new UserError('invalid-arguments', 'That memo is about something else.');
  }
  const at = nowIso();
  if (existing) {
    if (existing.title !== title || existing.body !== body) {
      act(session, 'Edit memo', (action) => action.update('memos', [existing.id], { title, body, updated_at: at }));
    }
    return getMemo(session, target, existing.id);
  }
  const memoId = newId<MemoId>();
  act(session, 'Write memo', (action) =>
    action.insert('memos', {
      id: memoId,
      target_type: target.type,
      target_id: target.id,
      title,
      body,
      author_id: session.coder.id,
      created_at: at,
      updated_at: at,
    }),
  );
  return getMemo(session, target, memoId);
}

/** Deletes a memo (a coding's own memo is emptied), as one undoable action. */
export function deleteMemo(session: ProjectSession, target: MemoTarget, memoId?: string | null): void {
  checkTarget(target);
  if (target.type === 'coding' && !memoId) {
    const coding = codingRow(session, target.id as string);
    if (coding.memo === '') return;
    act(session, 'Delete coding memo', (action) => action.update('codings', [coding.id], { memo: '' }));
    return;
  }
  const existing = memoId ? memoRow(session, memoId) : memoOfTarget(session, target);
  if (!existing) throw new UserError('not-found', 'That memo is no longer in the project.');
  act(session, 'Delete memo', (action) => action.remove('memos', [existing.id]));
}

// ---------------------------------------------------------------------------------------------
// Export: every memo (or those the Memos tab shows) as one Markdown document or a CSV table.

/** The groups of an exported file, in the order it lists them. */
const EXPORT_GROUPS = ['project', 'source', 'code', 'coding'] as const;

const GROUP_HEADINGS: Readonly<Record<MemoTargetType, string>> = {
  project: 'Project journal',
  source: 'Memos on sources',
  code: 'Memos on codes',
  coding: 'Memos on codings',
};

/** The `kind` column of the CSV: what a researcher calls each kind of memo. */
/** How the Markdown's first line counts each group ("3 on codes"). */
const GROUP_COUNTS: Readonly<Record<MemoTargetType, string>> = {
  project: 'in the project journal',
  source: 'on sources',
  code: 'on codes',
  coding: 'on codings',
};

const CSV_KINDS: Readonly<Record<MemoTargetType, string>> = {
  project: 'journal',
  source: 'source',
  code: 'code',
  coding: 'coding',
};

/** A coded passage as an exported coding memo describes it. */
type CodingPlace = Readonly<{
  codePath: string;
  source: string;
  start: number;
  end: number;
  /** Page, article, turn or paragraph, as a reader cites it; null when the source records none. */
  where: string | null;
  passage: string;
  coder: string;
}>;

/** One memo placed in the file: its group, where in the group, and what it is attached to. */
type ExportItem = Readonly<{
  entry: MemoEntry;
  /** Sorts memos within their group: source order, codebook order, reading order. */
  order: readonly (number | string)[];
  attachedTo: string;
  coding: CodingPlace | null;
}>;

/** Where a passage is, as a reader cites it: page (and article), else turn, else paragraph. */
function citeLocation(location: ReturnType<typeof locate>): string | null {
  const parts: string[] = [];
  if (location.page !== null) parts.push(`p. ${location.page}`);
  if (location.article !== null)
    parts.push(/^\d+$/.test(location.article) ? `§ ${location.article}` : location.article);
  if (parts.length > 0) return parts.join(', ');
  if (location.turn !== null) return `turn ${location.turn.number}`;
  if (location.paragraph !== null) return `paragraph ${location.paragraph}`;
  return null;
}

/**
 * The memos to export, each with its place in the file and what it is attached to in full
 * (a coding's whole passage, not the list's shortened one). `keys` keeps only those memos.
 */
function exportItems(session: ProjectSession, keys: readonly string[] | null): ExportItem[] {
  const { db } = session;
  const wanted = keys === null ? null : new Set(keys);
  const entries = listMemos(session).filter((entry) => wanted === null || wanted.has(entry.key));
  const sourceRows = db.prepare('SELECT id, name, position, text, structure FROM sources').all() as {
    id: string;
    name: string;
    position: number;
    text: string;
    structure: string;
  }[];
  const sources = new Map(sourceRows.map((row) => [row.id, row]));
  const structures = new Map<string, StructureSpan[]>();
  const ordered = orderCodebook(codeNodes(db));
  const codeIndex = new Map(ordered.map((entry, index) => [entry.code.id as string, { index, path: entry.path }]));
  const codingById = db.prepare(`${CODING_SQL} WHERE c.id = ?`);
  // Whatever is missing (a subject deleted outside the change log's care) sorts last.
  const LAST = Number.MAX_SAFE_INTEGER;

  return entries.map((entry): ExportItem => {
    const created = entry.createdAt ?? '';
    const targetId = entry.target.id ?? '';
    switch (entry.target.type) {
      case 'project':
        return { entry, order: [created, entry.key], attachedTo: 'the project', coding: null };
      case 'source': {
        const source = sources.get(targetId);
        return {
          entry,
          order: [source?.position ?? LAST, targetId, created, entry.key],
          attachedTo: source ? `source “${source.name}”` : 'a source no longer in the project',
          coding: null,
        };
      }
      case 'code': {
        const code = codeIndex.get(targetId);
        return {
          entry,
          order: [code?.index ?? LAST, targetId, created, entry.key],
          attachedTo: code ? `code “${code.path}”` : 'a code no longer in the codebook',
          coding: null,
        };
      }
      case 'coding': {
        const row = codingById.get(targetId) as CodingRow | undefined;
        const source = row ? sources.get(row.source_id) : undefined;
        if (!row || !source) {
          return {
            entry,
            order: [LAST, 0, 0, LAST, targetId, created, entry.key],
            attachedTo: 'a coding no longer in the project',
            coding: null,
          };
        }
        let structure = structures.get(source.id);
        if (!structure) {
          structure = parseStructure(source.structure);
          structures.set(source.id, structure);
        }
        const code = codeIndex.get(row.code_id);
        const place: CodingPlace = {
          codePath: code?.path ?? '',
          source: source.name,
          start: row.start,
          end: row.end,
          where: citeLocation(locate(structure, row.start)),
          passage: source.text.slice(row.start, row.end),
          coder: row.coder,
        };
        const at = place.where === null ? '' : `, ${place.where}`;
        return {
          entry,
          order: [source.position, row.start, row.end, code?.index ?? LAST, targetId, created, entry.key],
          attachedTo: `coding of “${place.codePath}” in “${place.source}”${at} (characters ${place.start}–${place.end})`,
          coding: place,
        };
      }
    }
  });
}

function compareOrder(a: readonly (number | string)[], b: readonly (number | string)[]): number {
  for (let index = 0; index < Math.max(a.length, b.length); index += 1) {
    const left = a[index];
    const right = b[index];
    if (left === right) continue;
    if (typeof left === 'number' && typeof right === 'number') return left - right;
    return String(left ?? '').localeCompare(String(right ?? ''));
  }
  return 0;
}

/** The items of each group in the file's order, journal first. */
function groupItems(items: readonly ExportItem[]): { type: MemoTargetType; items: ExportItem[] }[] {
  return EXPORT_GROUPS.map((type) => ({
    type,
    items: items.filter((item) => item.entry.target.type === type).sort((a, b) => compareOrder(a.order, b.order)),
  })).filter((group) => group.items.length > 0);
}

/** A stored ISO date for a reader: "2026-11-29 14:05 UTC" (the file must not depend on the computer's zone). */
function readableDate(iso: string | null): string {
  if (!iso) return '';
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return match ? `${match[1]} ${match[2]} UTC` : iso;
}

/** One line of Markdown text: line breaks become spaces, so a name cannot break the heading. */
function inline(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * A memo's body under its heading: its own headings move three levels down (a "# Heading" in
 * a memo becomes "####"), so that they nest under the memo instead of competing with the
 * file's sections.
 */
function nestedBody(body: string): string {
  return body.replace(
    /^( {0,3})(#{1,6})(?=\s)/gm,
    (_, indent: string, hashes: string) => `${indent}${'#'.repeat(Math.min(6, hashes.length + 3))}`,
  );
}

function memoHeading(item: ExportItem): string {
  const { entry } = item;
  const title = inline(entry.title);
  if (entry.target.type === 'project') return title || `Journal entry of ${readableDate(entry.createdAt)}`;
  const subject = item.coding ? `${item.coding.codePath} · ${item.coding.source}` : inline(entry.about);
  return title ? `${subject} — ${title}` : subject;
}

function memoMarkdown(item: ExportItem): string[] {
  const { entry, coding } = item;
  const lines = [`### ${memoHeading(item)}`, ''];
  lines.push(`- Attached to: ${inline(item.attachedTo)}`);
  if (entry.authorName) lines.push(`- Author: ${inline(entry.authorName)}`);
  if (coding) lines.push(`- Coded by: ${inline(coding.coder)}`);
  if (entry.createdAt) lines.push(`- Created: ${readableDate(entry.createdAt)}`);
  if (entry.updatedAt) lines.push(`- Modified: ${readableDate(entry.updatedAt)}`);
  lines.push('');
  if (coding) {
    // The coded passage, whole, as a quotation; a blank quoted line between its paragraphs.
    for (const line of coding.passage.trim().split('\n')) lines.push(line.trim() === '' ? '>' : `> ${line.trim()}`);
    lines.push('');
  }
  const body = entry.body.trim();
  lines.push(body === '' ? '_(empty)_' : nestedBody(body), '');
  return lines;
}

/** The memos as one Markdown document: the journal first, then memos on sources, codes and codings. */
function memosMarkdown(projectName: string, items: readonly ExportItem[]): string {
  const groups = groupItems(items);
  const counts = groups.map((group) => `${group.items.length} ${GROUP_COUNTS[group.type]}`);
  const lines = [`# Memos — ${inline(projectName) || 'project'}`, ''];
  lines.push(
    items.length === 0
      ? 'No memos.'
      : `${items.length} ${items.length === 1 ? 'memo' : 'memos'}: ${counts.join(', ')}.`,
    '',
  );
  for (const group of groups) {
    lines.push(`## ${GROUP_HEADINGS[group.type]}`, '');
    for (const item of group.items) lines.push(...memoMarkdown(item));
  }
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}

/** The memos as CSV, one row per memo in the Markdown's order; `excel` keeps cells from being read as formulas. */
function memosCsv(items: readonly ExportItem[], excel: boolean): string {
  const text = (value: string): string => (excel ? excelSafe(value) : value);
  const rows = groupItems(items).flatMap((group) =>
    group.items.map((item) => {
      const { entry } = item;
      return [
        entry.key,
        CSV_KINDS[entry.target.type],
        text(item.attachedTo),
        text(entry.title),
        text(entry.authorName ?? ''),
        entry.createdAt ?? '',
        entry.updatedAt ?? '',
        text(markdownToPlainText(entry.body)),
      ];
    }),
  );
  return toCsv([['id', 'kind', 'attached_to', 'title', 'author', 'created', 'modified', 'text'], ...rows]);
}

/** A file name from the project's name, safe on every operating system. */
function exportStem(session: ProjectSession): string {
  const name = Array.from(getMeta(session.db, 'name') ?? '')
    .map((char) => (char < ' ' || '\\/:*?"<>|'.includes(char) ? ' ' : char))
    .join('')
    .trim();
  return `${name || 'project'} memos`;
}

export type MemoExportOptions = Readonly<{
  format: MemoExportFormat;
  /** CSV for Excel: a UTF-8 byte-order mark, and text cells never read as formulas. */
  bom?: boolean;
  /** Only these memos (MemoEntry keys), as the Memos tab's filter shows them; null or absent: all. */
  keys?: readonly string[] | null;
}>;

/**
 * The memos as a file, the same for the app and the CLI: Markdown (journal, then memos grouped
 * by what they are attached to) or CSV (one row per memo, text as plain text). Nothing in it
 * depends on when or where it is exported, so the same project gives the same bytes.
 */
export function exportMemos(session: ProjectSession, options: MemoExportOptions): MemoExportFile {
  const items = exportItems(session, options.keys ?? null);
  const stem = exportStem(session);
  if (options.format === 'csv') {
    return {
      fileName: `${stem}.csv`,
      content: (options.bom ? UTF8_BOM : '') + memosCsv(items, options.bom === true),
      mimeType: 'text/csv;charset=utf-8',
      count: items.length,
    };
  }
  return {
    fileName: `${stem}.md`,
    content: memosMarkdown(getMeta(session.db, 'name') ?? '', items),
    mimeType: 'text/markdown;charset=utf-8',
    count: items.length,
  };
}
