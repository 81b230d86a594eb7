import { basename, extname } from 'node:path';
import type { CodeId } from '../../shared/domain/ids';
import type { Code } from '../../shared/domain/types';
import { joinCodePath, splitCodePath } from '../../shared/domain/codePath';
import { paletteColor } from '../../shared/domain/palette';
import { parseCsv, toCsv } from '../../shared/format/csv';
import type { CodebookFormat, CodebookImportEntry, CodebookImportPreview } from '../../shared/ipc/channels/codebook';
import { UserError } from '../util/errors';
import { listCodes } from './codes';
import { act, getMeta, newId, nowIso, type ProjectSession } from './session';

/** One code as a codebook file describes it; null fields are not given by the file. */
export type CodebookLine = Readonly<{
  names: readonly string[];
  description: string | null;
  color: string | null;
  /** Where it is in the file (1-based line), for error messages. */
  line: number;
}>;

const COLOR = /^#[0-9a-fA-F]{6}$/;
const MAX_NAME = 500;

/** A file name from the project's name, safe on every operating system. */
function fileStem(session: ProjectSession): string {
  const name = Array.from(getMeta(session.db, 'name') ?? '')
    .map((char) => (char < ' ' || '\\/:*?"<>|'.includes(char) ? ' ' : char))
    .join('')
    .trim();
  return `${name || 'project'} codebook`;
}

/** The codebook as CSV: path (names joined with "/"), description, colour; codebook order. */
export function codebookCsv(codes: readonly Code[]): string {
  // A byte-order mark, so that Excel opens Chinese names as UTF-8 rather than the ANSI code page.
  return `\uFEFF${toCsv([['path', 'description', 'colour'], ...codes.map((code) => [code.path, code.description, code.color])])}`;
}

/**
 * The codebook as Markdown: a nested list, one item per code with its colour in backticks,
 * its description (itself Markdown) quoted below it so that any lists inside it stay apart
 * from the codebook's own list.
 */
export function codebookMarkdown(codes: readonly Code[], title: string): string {
  const lines = [`# ${title}`, ''];
  for (const code of codes) {
    const indent = '  '.repeat(code.depth);
    lines.push(`${indent}- ${code.name} \`${code.color}\``);
    const description = code.description.trim();
    if (description !== '') {
      for (const line of description.split('\n')) lines.push(`${indent}  >${line === '' ? '' : ` ${line}`}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The codebook file for the researcher to save. */
export function exportCodebook(
  session: ProjectSession,
  format: CodebookFormat,
): { fileName: string; content: string; mimeType: string } {
  const codes = listCodes(session);
  const stem = fileStem(session);
  if (format === 'csv')
    return { fileName: `${stem}.csv`, content: codebookCsv(codes), mimeType: 'text/csv;charset=utf-8' };
  return {
    fileName: `${stem}.md`,
    content: codebookMarkdown(codes, stem),
    mimeType: 'text/markdown;charset=utf-8',
  };
}

/**
 * Text of a file as a researcher's tools write it: UTF-8 (with or without a BOM), UTF-16 with
 * a BOM, or — when it is not valid UTF-8 — GB18030, which is what Excel on a Chinese Windows
 * saves a CSV in.
 */
export function decodeCodebookText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** Splits a path as codebook files write it: "A > B > C" (NVivo, MAXQDA exports) or "A/B/C". */
function splitPath(path: string): string[] | null {
  if (path.includes(' > ')) {
    const names = path.split(' > ').map((name) => name.trim());
    return names.every((name) => name.length > 0) ? names : null;
  }
  return splitCodePath(path.trim());
}

/** Reads a codebook CSV: a header row with a "path" column, and optionally description and colour. */
export function parseCodebookCsv(text: string, fileName: string): CodebookLine[] {
  const rows = parseCsv(text);
  const headerIndex = rows.findIndex((row) => row.some((cell) => cell.trim() !== ''));
  if (headerIndex < 0) throw new UserError('unsupported-format', `${fileName} is empty.`);
  const header = rows[headerIndex].map((cell) => cell.trim().toLowerCase());
  const pathColumn = header.findIndex((cell) => cell === 'path' || cell === 'code' || cell === '路径');
  if (pathColumn < 0) {
    throw new UserError(
      'unsupported-format',
      `${fileName} has no "path" column. Its first row must name the columns: path, description, colour (description and colour may be left out).`,
    );
  }
  const descriptionColumn = header.findIndex((cell) => cell === 'description' || cell === '描述' || cell === '说明');
  const colorColumn = header.findIndex((cell) => cell === 'colour' || cell === 'color' || cell === '颜色');
  const lines: CodebookLine[] = [];
  rows.forEach((row, index) => {
    if (index <= headerIndex || row.every((cell) => cell.trim() === '')) return;
    const line = index + 1;
    const rawPath = row[pathColumn] ?? '';
    const names = splitPath(rawPath);
    if (!names) {
      throw new UserError(
        'unsupported-format',
        rawPath.trim() === ''
          ? `Row ${line} of ${fileName} has no code path.`
          : `Row ${line} of ${fileName} has a malformed code path: "${rawPath}" (write names joined with "/" or " > ").`,
      );
    }
    const color = colorColumn >= 0 ? (row[colorColumn] ?? '').trim() : '';
    if (color !== '' && !COLOR.test(color)) {
      throw new UserError(
        'unsupported-format',
        `Row ${line} of ${fileName} has the colour "${color}"; write colours as #rrggbb.`,
      );
    }
    lines.push({
      names,
      description: descriptionColumn >= 0 ? (row[descriptionColumn] ?? '').trim() : null,
      color: color === '' ? null : color.toLowerCase(),
      line,
    });
  });
  return lines;
}

const LIST_ITEM = /^(\s*)[-*+] (.*)$/;
const QUOTE = /^(\s*)>(?: (.*))?$/;
const TRAILING_COLOR = /\s*`(#[0-9a-fA-F]{6})`\s*$/;

/**
 * Reads a codebook written as a nested Markdown list (as `codebookMarkdown` writes it): one
 * item per code, deeper indentation for sub-codes, an optional `#rrggbb` in backticks after
 * the name, and the description as a quote (or plain lines) indented under the item.
 */
export function parseCodebookMarkdown(text: string, fileName: string): CodebookLine[] {
  const lines: CodebookLine[] = [];
  // Open items from the root down: their indentation and names.
  const stack: { indent: number; name: string }[] = [];
  type Open = { names: string[]; color: string | null; line: number; description: string[]; indent: number };
  let current: Open | null = null;
  const finish = (open: Open | null): null => {
    if (open) {
      const description = open.description.join('\n').trim();
      lines.push({
        names: open.names,
        color: open.color,
        line: open.line,
        description: description === '' ? null : description,
      });
    }
    return null;
  };
  text.split(/\r?\n/).forEach((original, index) => {
    const raw = original.replace(/\t/g, '    ');
    const indent = raw.length - raw.trimStart().length;
    if (raw.trim() === '') {
      if (current && current.description.length > 0) current.description.push('');
      return;
    }
    const quote = QUOTE.exec(raw);
    if (current && indent > current.indent && quote) {
      current.description.push(quote[2] ?? '');
      return;
    }
    const item = LIST_ITEM.exec(raw);
    if (item) {
      current = finish(current);
      const content = item[2];
      const colorMatch = TRAILING_COLOR.exec(content);
      const name = (colorMatch ? content.slice(0, colorMatch.index) : content).trim();
      if (name === '')
        throw new UserError(
          'unsupported-format',
          `Line ${index + 1} of ${fileName} is a list item without a code name.`,
        );
      while (stack.length > 0 && stack[stack.length - 1].indent >= indent) stack.pop();
      stack.push({ indent, name });
      current = {
        names: stack.map((entry) => entry.name),
        color: colorMatch ? colorMatch[1].toLowerCase() : null,
        line: index + 1,
        description: [],
        indent,
      };
      return;
    }
    // Plain text indented under an item is its description; anything else (a heading, a
    // paragraph at the margin) ends it.
    if (current && indent > current.indent) current.description.push(raw.trim());
    else current = finish(current);
  });
  finish(current);
  if (lines.length === 0) {
    throw new UserError(
      'unsupported-format',
      `${fileName} has no codes: write them as a list ("- name"), sub-codes indented under their parent.`,
    );
  }
  return lines;
}

/** Reads a codebook file by its extension (.csv, .md, .markdown, .txt as Markdown). */
export function parseCodebookFile(
  fileName: string,
  bytes: Uint8Array,
): { format: CodebookFormat; lines: CodebookLine[] } {
  const extension = extname(fileName).toLowerCase();
  const name = basename(fileName);
  const text = decodeCodebookText(bytes);
  let format: CodebookFormat;
  let lines: CodebookLine[];
  if (extension === '.csv') {
    format = 'csv';
    lines = parseCodebookCsv(text, name);
  } else if (extension === '.md' || extension === '.markdown' || extension === '.txt') {
    format = 'md';
    lines = parseCodebookMarkdown(text, name);
  } else {
    throw new UserError(
      'unsupported-format',
      `Codebooks are imported from .csv or .md files, not ${extension || 'files without an extension'}.`,
    );
  }
  const seen = new Map<string, number>();
  for (const entry of lines) {
    const tooLong = entry.names.find((part) => part.length > MAX_NAME);
    if (tooLong) {
      throw new UserError(
        'unsupported-format',
        `Line ${entry.line} of ${name} has a code name longer than ${MAX_NAME} characters.`,
      );
    }
    const path = joinCodePath(entry.names);
    const first = seen.get(path);
    if (first !== undefined) {
      throw new UserError(
        'unsupported-format',
        `${name} lists the code "${entry.names.join(' > ')}" twice (lines ${first} and ${entry.line}). Keep one of them.`,
      );
    }
    seen.set(path, entry.line);
  }
  return { format, lines };
}

type PlannedCode = { names: readonly string[]; description: string; color: string | null };

type ImportPlan = {
  preview: CodebookImportPreview;
  /** Codes to add, parents before children (parents the file only implies included). */
  additions: PlannedCode[];
  updates: { id: CodeId; changes: { description?: string; color?: string } }[];
};

function planImport(session: ProjectSession, fileName: string, bytes: Uint8Array): ImportPlan {
  const { format, lines } = parseCodebookFile(fileName, bytes);
  const byPath = new Map(listCodes(session).map((code) => [code.path, code]));
  const additions: PlannedCode[] = [];
  const added = new Set<string>();
  const entries: CodebookImportEntry[] = [];
  const updates: ImportPlan['updates'] = [];
  let unchanged = 0;
  const listed = new Set(lines.map((line) => joinCodePath(line.names)));
  for (const line of lines) {
    // Parents a file only implies ("A/B" without a row for "A") are added too, without details.
    for (let depth = 1; depth < line.names.length; depth += 1) {
      const parentPath = joinCodePath(line.names.slice(0, depth));
      if (!byPath.has(parentPath) && !added.has(parentPath) && !listed.has(parentPath)) {
        added.add(parentPath);
        additions.push({ names: line.names.slice(0, depth), description: '', color: null });
        entries.push({ path: parentPath, description: null, color: null, change: 'add', fields: [] });
      }
    }
    const path = joinCodePath(line.names);
    const existing = byPath.get(path);
    if (!existing) {
      added.add(path);
      additions.push({ names: line.names, description: line.description ?? '', color: line.color });
      entries.push({ path, description: line.description, color: line.color, change: 'add', fields: [] });
      continue;
    }
    // An empty cell leaves the code as it is: a file listing paths only must not wipe descriptions.
    const changes: { description?: string; color?: string } = {};
    if (line.description !== null && line.description !== '' && line.description !== existing.description) {
      changes.description = line.description;
    }
    if (line.color !== null && line.color !== existing.color) changes.color = line.color;
    const fields = (Object.keys(changes) as ('description' | 'color')[]).sort();
    if (fields.length === 0) {
      unchanged += 1;
      continue;
    }
    updates.push({ id: existing.id, changes });
    entries.push({ path, description: line.description, color: line.color, change: 'update', fields });
  }
  // Parents may appear after their children in a file: add shallower paths first.
  additions.sort((a, b) => a.names.length - b.names.length);
  return {
    preview: {
      fileName: basename(fileName),
      format,
      entries,
      added: additions.length,
      updated: updates.length,
      unchanged,
    },
    additions,
    updates,
  };
}

/** What importing a codebook file would add and change; writes nothing. */
export function previewCodebookImport(
  session: ProjectSession,
  fileName: string,
  bytes: Uint8Array,
): CodebookImportPreview {
  return planImport(session, fileName, bytes).preview;
}

/**
 * Imports a codebook file as one undoable action: codes it names that the codebook lacks are
 * added (at the end of their siblings, in the file's order), and codes it names that exist
 * get the description and colour the file gives them.
 */
export function importCodebook(session: ProjectSession, fileName: string, bytes: Uint8Array): CodebookImportPreview {
  const plan = planImport(session, fileName, bytes);
  if (plan.additions.length === 0 && plan.updates.length === 0) return plan.preview;
  const ids = new Map(listCodes(session).map((code) => [code.path, code.id]));
  let colourIndex = ids.size;
  const nextPosition = session.db.prepare(
    "SELECT coalesce(max(position), -1) + 1 AS p FROM codes WHERE coalesce(parent_id, '') = ?",
  );
  act(session, `Import codebook ${plan.preview.fileName}`, (action) => {
    for (const update of plan.updates) action.update('codes', [update.id], update.changes);
    for (const code of plan.additions) {
      const parentId = code.names.length > 1 ? (ids.get(joinCodePath(code.names.slice(0, -1))) ?? null) : null;
      const id = newId<CodeId>();
      const { p } = nextPosition.get(parentId ?? '') as { p: number };
      action.insert('codes', {
        id,
        parent_id: parentId,
        name: code.names[code.names.length - 1],
        color: code.color ?? paletteColor(colourIndex),
        description: code.description,
        position: p,
        created_at: nowIso(),
      });
      colourIndex += 1;
      ids.set(joinCodePath(code.names), id);
    }
  });
  return plan.preview;
}
