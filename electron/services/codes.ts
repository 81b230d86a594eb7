import type { CodeId } from '../../shared/domain/ids';
import type { Code } from '../../shared/domain/types';
import { orderCodebook } from '../../shared/domain/codebook';
import { splitCodePath } from '../../shared/domain/codePath';
import { paletteColor } from '../../shared/domain/palette';
import { descendantsOf } from '../../shared/domain/codebook';
import { UserError } from '../util/errors';
import { act, newId, nowIso, type ProjectSession } from './session';

type CodeRow = {
  id: CodeId;
  parent_id: CodeId | null;
  name: string;
  color: string;
  description: string;
  position: number;
  segments: number;
  documents: number;
};

function codeRows(session: ProjectSession): CodeRow[] {
  return session.db
    .prepare(
      `SELECT c.id, c.parent_id, c.name, c.color, c.description, c.position,
              coalesce(n.segments, 0) AS segments, coalesce(n.documents, 0) AS documents
       FROM codes c
       LEFT JOIN (SELECT code_id, count(*) AS segments, count(DISTINCT source_id) AS documents
                  FROM codings GROUP BY code_id) n ON n.code_id = c.id`,
    )
    .all() as CodeRow[];
}

/** The codebook in codebook order (depth-first, siblings by position), with paths and counts. */
export function listCodes(session: ProjectSession): Code[] {
  const rows = codeRows(session).map((row) => ({ ...row, parentId: row.parent_id }));
  return orderCodebook(rows).map(({ code, depth, path }) => ({
    id: code.id,
    parentId: code.parent_id,
    name: code.name,
    path,
    color: code.color,
    description: code.description,
    position: code.position,
    depth,
    segmentCount: code.segments,
    documentCount: code.documents,
  }));
}

export function getCode(session: ProjectSession, codeId: CodeId): Code {
  const code = listCodes(session).find((candidate) => candidate.id === codeId);
  if (!code) throw new UserError('not-found', 'That code is no longer in the codebook.');
  return code;
}

/** Finds a code by its path ("Incentives/Citizen participation"); a clear error when absent. */
export function findCodeByPath(session: ProjectSession, path: string): Code {
  const names = splitCodePath(path);
  if (!names) throw new UserError('invalid-arguments', `"${path}" is not a code path (names joined with "/").`);
  const codes = listCodes(session);
  let parentId: CodeId | null = null;
  let found: Code | undefined;
  for (const name of names) {
    found = codes.find((code) => code.parentId === parentId && code.name === name);
    found ??= codes.find((code) => code.parentId === parentId && code.name.toLowerCase() === name.toLowerCase());
    if (!found) {
      throw new UserError('not-found', `There is no code "${path}" in the codebook (run "marginalia codes" to list them).`);
    }
    parentId = found.id;
  }
  return found as Code;
}

function checkName(session: ProjectSession, parentId: CodeId | null, name: string, except: CodeId | null): string {
  const trimmed = name.trim();
  if (trimmed.length === 0) throw new UserError('invalid-arguments', 'A code needs a name.');
  const clash = session.db
    .prepare('SELECT id FROM codes WHERE coalesce(parent_id, \'\') = ? AND name = ? AND id <> ?')
    .get(parentId ?? '', trimmed, except ?? '');
  if (clash) throw new UserError('conflict', `There is already a code "${trimmed}" at that place in the codebook.`);
  return trimmed;
}

export type NewCode = Readonly<{ parentId: CodeId | null; name: string; color?: string; description?: string }>;

/** Adds a code at the end of its siblings. */
export function createCode(session: ProjectSession, input: NewCode): Code {
  if (input.parentId !== null && !session.db.prepare('SELECT 1 FROM codes WHERE id = ?').get(input.parentId)) {
    throw new UserError('not-found', 'The parent code is no longer in the codebook.');
  }
  const name = checkName(session, input.parentId, input.name, null);
  const count = (session.db.prepare('SELECT count(*) AS n FROM codes').get() as { n: number }).n;
  const position = (
    session.db
      .prepare("SELECT coalesce(max(position), -1) + 1 AS p FROM codes WHERE coalesce(parent_id, '') = ?")
      .get(input.parentId ?? '') as { p: number }
  ).p;
  const id = newId<CodeId>();
  act(session, `Add code ${name}`, (action) =>
    action.insert('codes', {
      id,
      parent_id: input.parentId,
      name,
      color: (input.color ?? paletteColor(count)).toLowerCase(),
      description: input.description ?? '',
      position,
      created_at: nowIso(),
    }),
  );
  return getCode(session, id);
}

/** Adds a code by path, creating missing parents on the way ("a/b/c"). */
export function createCodeAtPath(session: ProjectSession, path: string, options: { color?: string; description?: string } = {}): Code {
  const names = splitCodePath(path);
  if (!names) throw new UserError('invalid-arguments', `"${path}" is not a code path (names joined with "/").`);
  let parentId: CodeId | null = null;
  for (const [index, name] of names.entries()) {
    const last = index === names.length - 1;
    const existing = listCodes(session).find((code) => code.parentId === parentId && code.name === name);
    if (existing && last) throw new UserError('conflict', `The code "${path}" already exists.`);
    parentId = existing ? existing.id : createCode(session, { parentId, name, ...(last ? options : {}) }).id;
  }
  return getCode(session, parentId as CodeId);
}

export type CodeChanges = Readonly<{ name?: string; color?: string; description?: string }>;

/** Renames, recolours or re-describes a code (one undoable action). */
export function updateCode(session: ProjectSession, codeId: CodeId, changes: CodeChanges): Code {
  const code = getCode(session, codeId);
  const update: Record<string, string> = {};
  if (changes.name !== undefined) update.name = checkName(session, code.parentId, changes.name, codeId);
  if (changes.color !== undefined) {
    if (!/^#[0-9a-fA-F]{6}$/.test(changes.color)) throw new UserError('invalid-arguments', 'A colour is written #rrggbb.');
    update.color = changes.color.toLowerCase();
  }
  if (changes.description !== undefined) update.description = changes.description;
  if (Object.keys(update).length > 0) {
    act(session, `Edit code ${code.name}`, (action) => action.update('codes', [codeId], update));
  }
  return getCode(session, codeId);
}

/** Deletes a code, its descendants and all their codings, as one undoable action. */
export function deleteCode(session: ProjectSession, codeId: CodeId): { deletedCodings: number } {
  const code = getCode(session, codeId);
  const codes = listCodes(session);
  const doomed = descendantsOf(codes, codeId);
  // Children before parents, so no foreign key ever points at a deleted row.
  const order = codes.filter((candidate) => doomed.has(candidate.id)).reverse();
  let deletedCodings = 0;
  act(session, `Delete code ${code.name}`, (action) => {
    for (const victim of order) {
      const codings = session.db.prepare('SELECT id FROM codings WHERE code_id = ?').all(victim.id) as { id: string }[];
      for (const coding of codings) action.remove('codings', [coding.id]);
      deletedCodings += codings.length;
      action.remove('codes', [victim.id]);
    }
  });
  return { deletedCodings };
}
