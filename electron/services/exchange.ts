import { readFileSync, rmSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { ProjectId } from '../../shared/domain/ids';
import { countCodings, flattenCodes, type ExchangeProject } from '../exchange/model';
import { exportProjectModel, importModelIntoProject, type ModelImportResult } from '../exchange/project';
import { decodeXml, readQdcAsProject, readQde, readQdpx } from '../exchange/read';
import { writeQdc, writeQdpx } from '../exchange/write';
import { runAction } from '../store/changeLog';
import { createDatabase } from '../store/database';
import { UserError } from '../util/errors';
import { ensureCoder, findCoder, listCoders, newId, nowIso, setMeta, type ProjectSession } from './session';

/*
 * REFI-QDA exchange for a project (issue 6, docs/EXCHANGE.md): export a .qdpx or .qdc — the
 * whole project, or a copy for a colleague without some coders' work (blind double coding) —
 * and create a new project from a .qdpx, .qde or .qdc.
 */

export const EXPORT_FORMATS = ['qdpx', 'qdc'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type ExportOptions = Readonly<{
  format: ExportFormat;
  /** Coder names whose codings (and the memos they wrote, and memos on those codings) are left out. */
  withoutCoders?: readonly string[];
  /** Leave out every coding and memo: sources, attributes and the codebook only. */
  codesOnly?: boolean;
}>;

export type ExportCounts = Readonly<{
  sources: number;
  codes: number;
  codings: number;
  attributes: number;
  coders: number;
  memos: number;
}>;

export type ExportResult = Readonly<{
  /** A file name to suggest, from the project's name. */
  fileName: string;
  data: Uint8Array;
  /** One sentence per thing the file does not carry, for the researcher to read before sending it. */
  report: readonly string[];
  counts: ExportCounts;
}>;

function safeFileName(name: string, extension: string): string {
  const cleaned = name.replace(/[^\p{L}\p{N} ._()-]+/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, 100);
  return `${cleaned || 'Marginalia project'}.${extension}`;
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * The model without the codings of `excluded` coders (all codings when `excluded` is 'all'),
 * without memos on those codings or written by those coders, and without those coders as
 * users, so nothing in the file shows the colleague how they coded.
 */
function blindCopy(
  model: ExchangeProject,
  excluded: ReadonlySet<string> | 'all',
): { model: ExchangeProject; codings: number; memos: number } {
  const drops = (user: string | null): boolean => excluded === 'all' || (user !== null && excluded.has(user));
  const dropped = new Set<string>();
  const sources = model.sources.map((source) => {
    const selections = source.selections.flatMap((selection) => {
      const codings = selection.codings.filter((coding) => {
        const gone = drops(coding.creatingUser ?? selection.creatingUser);
        if (gone) dropped.add(coding.guid);
        return !gone;
      });
      return codings.length > 0 ? [{ ...selection, codings }] : [];
    });
    const codings = source.codings.filter((coding) => {
      const gone = drops(coding.creatingUser);
      if (gone) dropped.add(coding.guid);
      return !gone;
    });
    return { ...source, selections, codings };
  });
  const notes = model.notes.filter(
    (note) =>
      excluded !== 'all' &&
      !drops(note.creatingUser) &&
      !note.targets.some((target) => target.kind === 'coding' && target.guid !== null && dropped.has(target.guid)),
  );
  const creatingUserGuid =
    model.creatingUserGuid !== null && excluded !== 'all' && excluded.has(model.creatingUserGuid) ? null : model.creatingUserGuid;
  const referenced = new Set<string>();
  if (creatingUserGuid !== null) referenced.add(creatingUserGuid);
  for (const source of sources) {
    for (const selection of source.selections) {
      if (selection.creatingUser !== null) referenced.add(selection.creatingUser);
      for (const coding of selection.codings) if (coding.creatingUser !== null) referenced.add(coding.creatingUser);
    }
    for (const coding of source.codings) if (coding.creatingUser !== null) referenced.add(coding.creatingUser);
  }
  for (const note of notes) if (note.creatingUser !== null) referenced.add(note.creatingUser);
  const users = model.users.filter((user) => referenced.has(user.guid));
  return {
    model: { ...model, creatingUserGuid, sources, notes, users },
    codings: dropped.size,
    memos: model.notes.length - notes.length,
  };
}

/** Exports the project as a .qdpx or .qdc (valid against the REFI-QDA schemas), optionally without some coders' work. */
export function exportExchange(session: ProjectSession, options: ExportOptions): ExportResult {
  const withoutCoders = options.withoutCoders ?? [];
  if (options.format === 'qdc' && (withoutCoders.length > 0 || options.codesOnly)) {
    throw new UserError('invalid-arguments', 'A codebook file (.qdc) holds no codings, so there is no coder or coding to leave out.');
  }
  let model = exportProjectModel(session.db);
  const report: string[] = [...model.report];
  if (options.codesOnly || withoutCoders.length > 0) {
    let excluded: Set<string> | 'all' = 'all';
    if (!options.codesOnly) {
      excluded = new Set(
        withoutCoders.map((name) => {
          const coder = findCoder(session.db, name);
          if (!coder) {
            const known = listCoders(session.db).map((candidate) => candidate.name);
            throw new UserError('not-found', `There is no coder "${name}" in this project (coders: ${known.join(', ')}).`);
          }
          return coder.id as string;
        }),
      );
    }
    const blind = blindCopy(model, excluded);
    model = blind.model;
    const whose =
      excluded === 'all'
        ? 'every coder'
        : withoutCoders.map((name) => findCoder(session.db, name)?.name ?? name).join(' and ');
    report.push(
      `Left out for a blind copy: ${plural(blind.codings, 'coding')} and ${plural(blind.memos, 'memo')} of ${whose}.`,
    );
  }
  const counts: ExportCounts = {
    sources: model.sources.filter((source) => source.text !== null).length,
    codes: flattenCodes(model.codes).length,
    codings: countCodings(model),
    attributes: model.variables.length,
    coders: model.users.length,
    memos: model.notes.length,
  };
  if (options.format === 'qdc') {
    const xml = writeQdc({ codes: model.codes }, { report });
    return {
      fileName: safeFileName(model.name, 'qdc'),
      data: new TextEncoder().encode(xml),
      report,
      counts: { ...counts, sources: 0, codings: 0, attributes: 0, coders: 0, memos: 0 },
    };
  }
  const data = writeQdpx(model, { report });
  return { fileName: safeFileName(model.name, 'qdpx'), data, report, counts };
}

/** An exchange file to create a project from: on disk, or its bytes. */
export type ExchangeFile = Readonly<{ path: string }> | Readonly<{ name: string; data: Uint8Array }>;

export type NewFromExchangeOptions = Readonly<{ name?: string; coderName?: string }>;

export type NewFromExchangeResult = Readonly<{ session: ProjectSession; result: ModelImportResult }>;

/** Reads a .qdpx, .qde or .qdc into the exchange model; hostile or foreign files are refused with a UserError. */
export function readExchangeFile(file: ExchangeFile): ExchangeProject {
  const name = 'path' in file ? basename(file.path) : basename(file.name);
  const extension = extname(name).toLowerCase();
  if (!['.qdpx', '.qde', '.qdc'].includes(extension)) {
    throw new UserError(
      'unsupported-format',
      `${name} is not a REFI-QDA exchange file: a new project can be made from a .qdpx or .qde project, or a .qdc codebook.`,
    );
  }
  let bytes: Uint8Array;
  if ('path' in file) {
    try {
      bytes = readFileSync(file.path);
    } catch {
      throw new UserError('not-found', `Cannot read ${file.path}.`);
    }
  } else {
    bytes = file.data;
  }
  if (extension === '.qdpx') return readQdpx(bytes, { fileName: name });
  if (extension === '.qde') return readQde(decodeXml(bytes), { fileName: name });
  return readQdcAsProject(bytes, name, basename(name, extname(name)));
}

function defaultCoderName(): string {
  return process.env.MARGINALIA_CODER ?? process.env.USER ?? process.env.USERNAME ?? 'Researcher';
}

/**
 * Creates a project at `path` from an exchange file, as one undoable import. The file is read
 * before anything is created, and a project that cannot be completed is removed: a refused
 * or failed file leaves nothing on disk. The current coder is `coderName` (default: the user's
 * name); when the file has a user of that name, that user's id is kept, so re-importing your
 * own export gives back your own coder rather than a second one.
 */
export function createProjectFromExchange(
  path: string,
  file: ExchangeFile,
  options: NewFromExchangeOptions = {},
): NewFromExchangeResult {
  const model = readExchangeFile(file);
  const db = createDatabase(path);
  const session: ProjectSession = { db, path, coder: { id: '' as never, name: '' }, warnings: [] };
  try {
    db.transaction(() => {
      setMeta(db, 'id', newId<ProjectId>());
      setMeta(db, 'name', options.name?.trim() || model.name.trim() || basename(path, extname(path)));
      setMeta(db, 'created_at', nowIso());
    })();
    const coderName = (options.coderName ?? defaultCoderName()).trim();
    const user = model.users.find((candidate) => candidate.name.trim().toLowerCase() === coderName.toLowerCase());
    if (user && coderName !== '') {
      const coder = { id: user.guid, name: user.name.trim(), created_at: nowIso() };
      runAction(db, `Add coder ${coder.name}`, null, (action) => action.insert('coders', coder));
      session.coder = { id: coder.id as never, name: coder.name };
    } else {
      session.coder = ensureCoder(db, coderName);
    }
    setMeta(db, 'current_coder', session.coder.id);
    const result = importModelIntoProject(session, model);
    return { session, result };
  } catch (error) {
    db.close();
    // A project that could not be completed is not left behind half-made.
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
    throw error;
  }
}
