import { basename, extname } from 'node:path';
import { readFileSync, rmSync } from 'node:fs';
import type { CodeId, ProjectId } from '../../shared/domain/ids';
import { paletteColor } from '../../shared/domain/palette';
import { parseCsv } from '../../shared/format/csv';
import { splitCodePath } from '../../shared/domain/codePath';
import { createDatabase, openDatabase } from '../store/database';
import { UserError } from '../util/errors';
import digitalGovernance from '../../resources/codebooks/digital-governance.json';
import { act, ensureCoder, getMeta, newId, nowIso, setMeta, type ProjectSession } from './session';
import type { Action } from '../store/changeLog';
import { importSample } from './sample';

export type CodebookTemplateCode = {
  name: string;
  color?: string;
  description?: string;
  children?: CodebookTemplateCode[];
};
export type CodebookTemplate = { name?: string; codes: CodebookTemplateCode[] };

export type NewProjectOptions = Readonly<{
  name?: string;
  /** 'digital-governance', 'empty', or the path of a codebook file (.json or .csv). */
  codebook?: string;
  coderName?: string;
  sample?: boolean;
}>;

/** Folders that sync files in the background, where a live database can be torn or duplicated. */
const SYNCED_FOLDER = /(dropbox|onedrive|icloud|google drive|googledrive|mobile documents|box sync|nextcloud|owncloud)/i;

function folderWarnings(path: string): string[] {
  const warnings: string[] = [];
  if (SYNCED_FOLDER.test(path)) {
    warnings.push(
      'This project is in a cloud-synced folder. Syncing while it is open can damage it; close Marginalia before the folder syncs, or keep projects in a local folder.',
    );
  }
  if (path.startsWith('\\\\') || path.startsWith('//')) {
    warnings.push('This project is on a network folder. Network file systems can lose changes to an open project; work on a local copy if you can.');
  }
  return warnings;
}

function defaultCoderName(): string {
  return process.env.MARGINALIA_CODER ?? process.env.USER ?? process.env.USERNAME ?? 'Researcher';
}

/** Reads a codebook file: our JSON template format, or CSV with path, description, colour. */
export function readCodebookFile(path: string): CodebookTemplate {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UserError('not-found', `Cannot read the codebook file ${path}.`);
  }
  const extension = extname(path).toLowerCase();
  if (extension === '.json') {
    try {
      const parsed = JSON.parse(text) as CodebookTemplate;
      if (!Array.isArray(parsed.codes)) throw new Error('no codes');
      return parsed;
    } catch {
      throw new UserError('unsupported-format', `${basename(path)} is not a Marginalia codebook (JSON with a "codes" list).`);
    }
  }
  if (extension === '.csv') {
    const rows = parseCsv(text.replace(/^\uFEFF/, '')).filter((row) => row.some((cell) => cell.trim() !== ''));
    const header = rows[0]?.map((cell) => cell.trim().toLowerCase()) ?? [];
    const pathColumn = header.indexOf('path');
    if (pathColumn < 0) throw new UserError('unsupported-format', `${basename(path)} needs a "path" column.`);
    const descriptionColumn = header.indexOf('description');
    const colorColumn = header.findIndex((cell) => cell === 'color' || cell === 'colour');
    const roots: CodebookTemplateCode[] = [];
    for (const row of rows.slice(1)) {
      const names = splitCodePath(row[pathColumn] ?? '');
      if (!names) throw new UserError('unsupported-format', `${basename(path)} has a malformed code path: "${row[pathColumn]}".`);
      let level = roots;
      let node: CodebookTemplateCode | undefined;
      for (const name of names) {
        node = level.find((code) => code.name === name);
        if (!node) {
          node = { name, children: [] };
          level.push(node);
        }
        node.children ??= [];
        level = node.children;
      }
      if (node) {
        if (descriptionColumn >= 0) node.description = row[descriptionColumn] ?? '';
        const color = colorColumn >= 0 ? (row[colorColumn] ?? '').trim() : '';
        if (/^#[0-9a-fA-F]{6}$/.test(color)) node.color = color.toLowerCase();
      }
    }
    return { codes: roots };
  }
  throw new UserError('unsupported-format', `Codebooks are read from .json or .csv files, not ${extension || 'files without an extension'}.`);
}

/** Writes a codebook template under `parentId` as part of `action`. */
export function insertCodebook(action: Action, codes: readonly CodebookTemplateCode[], parentId: CodeId | null, counter = { index: 0 }): void {
  codes.forEach((code, position) => {
    const id = newId<CodeId>();
    action.insert('codes', {
      id,
      parent_id: parentId,
      name: code.name.trim(),
      color: code.color ?? paletteColor(counter.index),
      description: code.description ?? '',
      position,
      created_at: nowIso(),
    });
    counter.index += 1;
    insertCodebook(action, code.children ?? [], id, counter);
  });
}

/** The built-in digital-governance codebook (resources/codebooks). */
export function builtInCodebook(): CodebookTemplate {
  return digitalGovernance as CodebookTemplate;
}

/** Creates a project file and returns it open. Nothing is left on disk if this fails. */
export async function createProject(path: string, options: NewProjectOptions = {}): Promise<ProjectSession> {
  const codebookChoice = options.sample ? 'digital-governance' : (options.codebook ?? 'empty');
  // Read the codebook before creating the file, so a bad codebook leaves no half-made project.
  const template =
    codebookChoice === 'digital-governance'
      ? builtInCodebook()
      : codebookChoice === 'empty'
        ? { codes: [] }
        : readCodebookFile(codebookChoice);
  const db = createDatabase(path);
  const name = options.name?.trim() || basename(path, extname(path));
  const session: ProjectSession = {
    db,
    path,
    coder: { id: '' as never, name: '' },
    warnings: folderWarnings(path),
  };
  try {
    db.transaction(() => {
      setMeta(db, 'id', newId<ProjectId>());
      setMeta(db, 'name', name);
      setMeta(db, 'created_at', nowIso());
    })();
    session.coder = ensureCoder(db, options.coderName ?? defaultCoderName());
    setMeta(db, 'current_coder', session.coder.id);
    if (template.codes.length > 0) {
      act(session, 'Create codebook', (action) => insertCodebook(action, template.codes, null));
    }
    if (options.sample) await importSample(session);
    return session;
  } catch (error) {
    db.close();
    // A project that could not be completed is not left behind half-made.
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
    throw error;
  }
}

/** Opens an existing project file; see openDatabase for what is refused. */
export function openProject(path: string, options: { coderName?: string } = {}): ProjectSession {
  const db = openDatabase(path);
  try {
    const session: ProjectSession = { db, path, coder: { id: '' as never, name: '' }, warnings: folderWarnings(path) };
    if (options.coderName) {
      session.coder = ensureCoder(db, options.coderName);
    } else {
      const currentId = getMeta(db, 'current_coder');
      const current = currentId
        ? (db.prepare('SELECT id, name FROM coders WHERE id = ?').get(currentId) as ProjectSession['coder'] | undefined)
        : undefined;
      session.coder = current ?? ensureCoder(db, defaultCoderName());
    }
    return session;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Makes `name` the coder who is coding now (created if new) and remembers it in the file. */
export function setCurrentCoder(session: ProjectSession, name: string): ProjectSession['coder'] {
  session.coder = ensureCoder(session.db, name);
  setMeta(session.db, 'current_coder', session.coder.id);
  return session.coder;
}

/** Closes the project, checkpointing the WAL into the main file. */
export function closeProject(session: ProjectSession): void {
  if (session.db.open) session.db.close();
}
