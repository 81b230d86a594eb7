import type { CodeId } from '../../shared/domain/ids';
import type { Code } from '../../shared/domain/types';
import { orderCodebook } from '../../shared/domain/codebook';
import { splitCodePath } from '../../shared/domain/codePath';
import { paletteColor } from '../../shared/domain/palette';
import { descendantsOf } from '../../shared/domain/codebook';
import type { MergeSummary, RolledUpCounts } from '../../shared/ipc/channels/codebook';
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
      throw new UserError(
        'not-found',
        `There is no code "${path}" in the codebook (run "marginalia codes" to list them).`,
      );
    }
    parentId = found.id;
  }
  return found as Code;
}

function checkName(session: ProjectSession, parentId: CodeId | null, name: string, except: CodeId | null): string {
  const trimmed = name.trim();
  if (trimmed.length === 0) throw new UserError('invalid-arguments', 'A code needs a name.');
  const clash = session.db
    .prepare("SELECT id FROM codes WHERE coalesce(parent_id, '') = ? AND name = ? AND id <> ?")
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
export function createCodeAtPath(
  session: ProjectSession,
  path: string,
  options: { color?: string; description?: string } = {},
): Code {
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
    if (!/^#[0-9a-fA-F]{6}$/.test(changes.color))
      throw new UserError('invalid-arguments', 'A colour is written #rrggbb.');
    update.color = changes.color.toLowerCase();
  }
  if (changes.description !== undefined) update.description = changes.description;
  if (Object.keys(update).length > 0) {
    act(session, `Edit code ${code.name}`, (action) => action.update('codes', [codeId], update));
  }
  return getCode(session, codeId);
}

/** Deletes a code, its descendants, all their codings and their memos, as one undoable action. */
export function deleteCode(session: ProjectSession, codeId: CodeId): { deletedCodings: number } {
  const code = getCode(session, codeId);
  const codes = listCodes(session);
  const doomed = descendantsOf(codes, codeId);
  // Children before parents, so no foreign key ever points at a deleted row.
  const order = codes.filter((candidate) => doomed.has(candidate.id)).reverse();
  const memosOf = session.db.prepare('SELECT id FROM memos WHERE target_type = ? AND target_id = ?');
  let deletedCodings = 0;
  act(session, `Delete code ${code.name}`, (action) => {
    for (const victim of order) {
      const codings = session.db.prepare('SELECT id FROM codings WHERE code_id = ?').all(victim.id) as { id: string }[];
      for (const coding of codings) {
        // A memo on a coding or a code has nothing left to annotate; it goes in the same
        // step, so undo brings it back with what it was about.
        for (const memo of memosOf.all('coding', coding.id) as { id: string }[]) action.remove('memos', [memo.id]);
        action.remove('codings', [coding.id]);
      }
      deletedCodings += codings.length;
      for (const memo of memosOf.all('code', victim.id) as { id: string }[]) action.remove('memos', [memo.id]);
      action.remove('codes', [victim.id]);
    }
  });
  return { deletedCodings };
}

function placeName(codes: readonly Code[], parentId: CodeId | null): string {
  const parent = parentId === null ? null : codes.find((code) => code.id === parentId);
  return parent ? `under "${parent.path}"` : 'at the top level';
}

/**
 * Moves a code (with everything below it) under `parentId` (null: the top level), at
 * `position` among its new siblings; one undoable action. Refuses a move under the code
 * itself or one of its descendants, and a name its new siblings already use.
 */
export function moveCode(session: ProjectSession, codeId: CodeId, parentId: CodeId | null, position: number): Code {
  const codes = listCodes(session);
  const code = codes.find((candidate) => candidate.id === codeId);
  if (!code) throw new UserError('not-found', 'That code is no longer in the codebook.');
  if (parentId !== null) {
    const parent = codes.find((candidate) => candidate.id === parentId);
    if (!parent) throw new UserError('not-found', 'The code to move it under is no longer in the codebook.');
    if (descendantsOf(codes, codeId).has(parentId)) {
      throw new UserError(
        'invalid-arguments',
        parentId === codeId
          ? `"${code.name}" cannot be moved into itself.`
          : `"${code.name}" cannot be moved under "${parent.name}": that is one of its own sub-codes.`,
      );
    }
  }
  const clash = codes.find((other) => other.parentId === parentId && other.name === code.name && other.id !== codeId);
  if (clash) {
    throw new UserError(
      'conflict',
      `There is already a code "${code.name}" ${placeName(codes, parentId)}. Rename one of them first, or merge them.`,
    );
  }
  const siblings = codes.filter((other) => other.parentId === parentId && other.id !== codeId);
  const at = Math.min(position, siblings.length);
  const order = [...siblings.slice(0, at), code, ...siblings.slice(at)];
  const unchanged = code.parentId === parentId && order.every((entry, index) => entry.position === index);
  if (unchanged) return code;
  act(session, `Move code ${code.name}`, (action) => {
    order.forEach((entry, index) => {
      if (entry.id === codeId) action.update('codes', [codeId], { parent_id: parentId, position: index });
      else if (entry.position !== index) action.update('codes', [entry.id], { position: index });
    });
  });
  return getCode(session, codeId);
}

type CodingKeyRow = { id: string; source_id: string; start: number; end: number; coder_id: string; memo: string };

function codingKey(row: CodingKeyRow): string {
  return `${row.source_id}\u0000${row.start}\u0000${row.end}\u0000${row.coder_id}`;
}

/** Codes to fold together (source into destination), children before their codings. */
type MergePlan = {
  pairs: { source: Code; destination: Code }[];
  /** Sub-codes that move under a destination, in the order they are appended. */
  moves: { code: Code; destination: Code }[];
  /** Codings that change code, and those dropped as duplicates of the one kept. */
  codingMoves: { codingId: string; destination: CodeId }[];
  collapses: { coding: CodingKeyRow; keep: CodingKeyRow }[];
};

function planMerge(session: ProjectSession, sourceCodeId: CodeId, targetCodeId: CodeId): MergePlan {
  const codes = listCodes(session);
  const source = codes.find((code) => code.id === sourceCodeId);
  const target = codes.find((code) => code.id === targetCodeId);
  if (!source || !target) throw new UserError('not-found', 'One of the two codes is no longer in the codebook.');
  if (sourceCodeId === targetCodeId) throw new UserError('invalid-arguments', 'A code cannot be merged into itself.');
  if (descendantsOf(codes, sourceCodeId).has(targetCodeId)) {
    throw new UserError(
      'invalid-arguments',
      `"${source.name}" cannot be merged into "${target.name}": that is one of its own sub-codes. Merge the sub-code into "${source.name}" instead.`,
    );
  }
  const codingsOf = session.db.prepare(
    'SELECT id, source_id, start, end, coder_id, memo FROM codings WHERE code_id = ? ORDER BY source_id, start, end, id',
  );
  const plan: MergePlan = { pairs: [], moves: [], codingMoves: [], collapses: [] };
  // What each destination will hold, by range and coder, as codings are planned into it.
  const held = new Map<CodeId, Map<string, CodingKeyRow>>();
  const holding = (codeId: CodeId): Map<string, CodingKeyRow> => {
    let keys = held.get(codeId);
    if (!keys) {
      keys = new Map((codingsOf.all(codeId) as CodingKeyRow[]).map((row) => [codingKey(row), row]));
      held.set(codeId, keys);
    }
    return keys;
  };
  const queue = [{ source, destination: target }];
  while (queue.length > 0) {
    const pair = queue.shift() as { source: Code; destination: Code };
    plan.pairs.push(pair);
    for (const child of codes.filter((code) => code.parentId === pair.source.id)) {
      // A sub-code whose name the destination already has is merged into that one, not
      // moved beside it (sibling names are unique). The source itself is going away.
      const twin = codes.find(
        (code) => code.parentId === pair.destination.id && code.name === child.name && code.id !== sourceCodeId,
      );
      if (twin) queue.push({ source: child, destination: twin });
      else plan.moves.push({ code: child, destination: pair.destination });
    }
    const keys = holding(pair.destination.id);
    for (const coding of codingsOf.all(pair.source.id) as CodingKeyRow[]) {
      const keep = keys.get(codingKey(coding));
      if (keep) plan.collapses.push({ coding, keep });
      else {
        keys.set(codingKey(coding), coding);
        plan.codingMoves.push({ codingId: coding.id, destination: pair.destination.id });
      }
    }
  }
  return plan;
}

function summaryOf(plan: MergePlan): MergeSummary {
  return {
    moved: plan.codingMoves.length,
    collapsed: plan.collapses.length,
    children: plan.moves.length,
    mergedChildren: plan.pairs.length - 1,
  };
}

/** What merging `sourceCodeId` into `targetCodeId` would move and collapse; writes nothing. */
export function previewMerge(session: ProjectSession, sourceCodeId: CodeId, targetCodeId: CodeId): MergeSummary {
  return summaryOf(planMerge(session, sourceCodeId, targetCodeId));
}

/**
 * Merges a code into another as one undoable action: its codings move to the target (a
 * coding on the same range by the same coder as one the target has collapses into it, its
 * memo kept), its sub-codes move under the target (or merge into a same-named sub-code),
 * memos on it move to the target, and the code is removed.
 */
export function mergeCodes(session: ProjectSession, sourceCodeId: CodeId, targetCodeId: CodeId): MergeSummary {
  const plan = planMerge(session, sourceCodeId, targetCodeId);
  const [{ source, destination: target }] = plan.pairs;
  const nextPosition = session.db.prepare(
    "SELECT coalesce(max(position), -1) + 1 AS p FROM codes WHERE coalesce(parent_id, '') = ?",
  );
  const memosOf = session.db.prepare('SELECT id FROM memos WHERE target_type = ? AND target_id = ?');
  act(session, `Merge code ${source.name} into ${target.name}`, (action) => {
    // A source directly under the target may have a sub-code of its own name; that sub-code
    // moves up beside it, so the source gives up its name first (undo gives it back last).
    if (source.parentId === target.id && plan.moves.some((move) => move.code.name === source.name)) {
      action.update('codes', [source.id], { name: `${source.name} (merging ${source.id})` });
    }
    for (const move of plan.moves) {
      const { p } = nextPosition.get(move.destination.id) as { p: number };
      action.update('codes', [move.code.id], { parent_id: move.destination.id, position: p });
    }
    for (const move of plan.codingMoves) action.update('codings', [move.codingId], { code_id: move.destination });
    for (const { coding, keep } of plan.collapses) {
      if (coding.memo.trim() !== '') {
        const kept = (session.db.prepare('SELECT memo FROM codings WHERE id = ?').get(keep.id) as { memo: string })
          .memo;
        const memo = kept.trim() === '' ? coding.memo : kept.includes(coding.memo) ? kept : `${kept}\n\n${coding.memo}`;
        if (memo !== kept) action.update('codings', [keep.id], { memo });
      }
      for (const memo of memosOf.all('coding', coding.id) as { id: string }[]) {
        action.update('memos', [memo.id], { target_id: keep.id });
      }
      action.remove('codings', [coding.id]);
    }
    for (const pair of plan.pairs) {
      for (const memo of memosOf.all('code', pair.source.id) as { id: string }[]) {
        action.update('memos', [memo.id], { target_id: pair.destination.id });
      }
    }
    // Merged sub-codes after the source's own row would break nothing, but children-first
    // keeps every parent_id pointing at a live row throughout.
    for (const pair of [...plan.pairs].reverse()) action.remove('codes', [pair.source.id]);
  });
  return summaryOf(plan);
}

/**
 * Each code's segments and documents with its descendants (DESIGN §6: each coding once,
 * each source once), for the counts beside the codebook tree.
 */
export function rolledUpCounts(session: ProjectSession): RolledUpCounts[] {
  const codes = codeRows(session).map((row) => ({ ...row, parentId: row.parent_id }));
  const ordered = orderCodebook(codes);
  const lineage = new Map(ordered.map((entry) => [entry.code.id, entry.lineage]));
  const segments = new Map<CodeId, number>();
  const documents = new Map<CodeId, Set<string>>();
  const cells = session.db
    .prepare('SELECT code_id AS codeId, source_id AS sourceId, count(*) AS n FROM codings GROUP BY code_id, source_id')
    .all() as { codeId: CodeId; sourceId: string; n: number }[];
  for (const cell of cells) {
    for (const codeId of lineage.get(cell.codeId) ?? []) {
      segments.set(codeId, (segments.get(codeId) ?? 0) + cell.n);
      let sources = documents.get(codeId);
      if (!sources) documents.set(codeId, (sources = new Set()));
      sources.add(cell.sourceId);
    }
  }
  return ordered.map(({ code }) => ({
    codeId: code.id,
    segments: segments.get(code.id) ?? 0,
    documents: documents.get(code.id)?.size ?? 0,
  }));
}
