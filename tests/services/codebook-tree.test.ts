import { describe, expect, it } from 'vitest';
import {
  createCode,
  createCodeAtPath,
  deleteCode,
  findCodeByPath,
  listCodes,
  mergeCodes,
  moveCode,
  previewMerge,
  rolledUpCounts,
} from '../../electron/services/codes';
import { createCoding } from '../../electron/services/codings';
import { act, ensureCoder, newId, nowIso, type ProjectSession } from '../../electron/services/session';
import { redo, undo } from '../../electron/store/changeLog';
import { UserError } from '../../electron/util/errors';
import type { CodeId } from '../../shared/domain/ids';
import type { SourceSummary } from '../../shared/domain/types';
import { addText, newTestProject } from '../support/project';

function refusal(work: () => unknown): UserError {
  try {
    work();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

const paths = (session: ProjectSession): string[] => listCodes(session).map((code) => code.path);
const id = (session: ProjectSession, path: string): CodeId => findCodeByPath(session, path).id;

/** Every row undo must bring back exactly, in a stable order. */
function snapshot(session: ProjectSession): unknown {
  const all = (sql: string): unknown[] => session.db.prepare(sql).all();
  return {
    codes: all('SELECT * FROM codes ORDER BY id'),
    codings: all('SELECT * FROM codings ORDER BY id'),
    memos: all('SELECT * FROM memos ORDER BY id'),
  };
}

function addMemo(session: ProjectSession, targetType: 'code' | 'coding', targetId: string, body: string): string {
  const memoId = newId<string>();
  act(session, 'Write memo', (action) =>
    action.insert('memos', {
      id: memoId,
      target_type: targetType,
      target_id: targetId,
      title: '',
      body,
      author_id: session.coder.id,
      created_at: nowIso(),
      updated_at: nowIso(),
    }),
  );
  return memoId;
}

describe('moving codes', () => {
  it('reorders siblings, nests under another code to any depth, and moves back to the top level', async () => {
    const { session } = await newTestProject();
    for (const path of ['A', 'B', 'C', 'D/E/F/G']) createCodeAtPath(session, path);
    moveCode(session, id(session, 'C'), null, 0);
    expect(paths(session)).toEqual(['C', 'A', 'B', 'D', 'D/E', 'D/E/F', 'D/E/F/G']);
    // Onto another code, deep down: the moved code takes its sub-codes along.
    createCodeAtPath(session, 'B/H');
    moveCode(session, id(session, 'B'), id(session, 'D/E/F/G'), 0);
    expect(paths(session)).toEqual(['C', 'A', 'D', 'D/E', 'D/E/F', 'D/E/F/G', 'D/E/F/G/B', 'D/E/F/G/B/H']);
    // Out again, between two top-level codes; positions stay 0..n-1 among the new siblings.
    moveCode(session, id(session, 'D/E/F/G/B'), null, 1);
    expect(paths(session).filter((path) => !path.includes('/'))).toEqual(['C', 'B', 'A', 'D']);
    expect(
      listCodes(session)
        .filter((code) => code.parentId === null)
        .map((code) => code.position),
    ).toEqual([0, 1, 2, 3]);
    // A position past the end puts it last.
    moveCode(session, id(session, 'C'), null, 99);
    expect(paths(session).filter((path) => !path.includes('/'))).toEqual(['B', 'A', 'D', 'C']);
  });

  it('refuses to move a code into itself or under one of its own descendants, changing nothing', async () => {
    const { session } = await newTestProject();
    createCodeAtPath(session, 'Instruments/Pilots/County pilots');
    const before = snapshot(session);
    const intoItself = refusal(() => moveCode(session, id(session, 'Instruments'), id(session, 'Instruments'), 0));
    expect(intoItself.message).toBe('"Instruments" cannot be moved into itself.');
    const cycle = refusal(() =>
      moveCode(session, id(session, 'Instruments'), id(session, 'Instruments/Pilots/County pilots'), 0),
    );
    expect(cycle.code).toBe('invalid-arguments');
    expect(cycle.message).toBe(
      '"Instruments" cannot be moved under "County pilots": that is one of its own sub-codes.',
    );
    expect(snapshot(session)).toEqual(before);
  });

  it('refuses a move that would give two siblings the same name, saying where', async () => {
    const { session } = await newTestProject();
    createCodeAtPath(session, 'Incentives/Pilots');
    createCodeAtPath(session, 'Instruments/Pilots');
    const clash = refusal(() => moveCode(session, id(session, 'Incentives/Pilots'), id(session, 'Instruments'), 0));
    expect(clash.code).toBe('conflict');
    expect(clash.message).toBe(
      'There is already a code "Pilots" under "Instruments". Rename one of them first, or merge them.',
    );
    createCode(session, { parentId: null, name: 'Pilots' });
    expect(refusal(() => moveCode(session, id(session, 'Instruments/Pilots'), null, 0)).message).toContain(
      'at the top level',
    );
  });

  it('is one undo step, and redo moves it again', async () => {
    const { session } = await newTestProject();
    for (const path of ['A', 'B', 'C/D']) createCodeAtPath(session, path);
    const before = snapshot(session);
    moveCode(session, id(session, 'C'), id(session, 'A'), 0);
    const after = snapshot(session);
    expect(paths(session)).toEqual(['A', 'A/C', 'A/C/D', 'B']);
    expect(undo(session.db)?.description).toBe('Move code C');
    expect(snapshot(session)).toEqual(before);
    redo(session.db);
    expect(snapshot(session)).toEqual(after);
  });
});

describe('merging codes', () => {
  async function study(): Promise<{ session: ProjectSession; one: SourceSummary; two: SourceSummary }> {
    const { session } = await newTestProject();
    const one = await addText(
      session,
      'one',
      '县里要求各部门三年内完成数字化改造，年底按进度排名。资金主要来自省级专项。',
    );
    const two = await addText(session, 'two', 'The county set up a pilot zone. Funds came from the province.');
    return { session, one, two };
  }

  it('moves codings, collapses duplicates on the same range by the same coder, moves sub-codes and memos, and removes the source', async () => {
    const { session, one, two } = await study();
    const pressure = createCodeAtPath(session, 'Pressure');
    const ranking = createCodeAtPath(session, 'Ranking');
    const child = createCodeAtPath(session, 'Ranking/Year-end');
    createCodeAtPath(session, 'Ranking/Shared');
    createCodeAtPath(session, 'Pressure/Shared');
    const code = (codeId: CodeId, source: SourceSummary, start: number, end: number, memo?: string) =>
      createCoding(session, { sourceId: source.id, codeId, start, end, memo });
    const kept = code(pressure.id, one, 0, 10);
    const duplicate = code(ranking.id, one, 0, 10, 'ranked at year end');
    code(ranking.id, one, 12, 20);
    code(ranking.id, two, 0, 10);
    // The same range by another coder is not a duplicate.
    session.coder = ensureCoder(session.db, 'Ben');
    code(ranking.id, one, 0, 10);
    code(child.id, two, 5, 15);
    code(id(session, 'Ranking/Shared'), two, 20, 30);
    code(id(session, 'Pressure/Shared'), two, 20, 30);
    const codeMemo = addMemo(session, 'code', ranking.id, 'Ranking memo');
    const codingMemo = addMemo(session, 'coding', duplicate.id, 'Why this passage');

    const preview = previewMerge(session, ranking.id, pressure.id);
    expect(preview).toEqual({ moved: 3, collapsed: 2, children: 1, mergedChildren: 1 });
    const before = snapshot(session);
    const result = mergeCodes(session, ranking.id, pressure.id);
    expect(result).toEqual(preview);

    expect(paths(session)).toEqual(['Pressure', 'Pressure/Shared', 'Pressure/Year-end']);
    const counts = listCodes(session);
    expect(counts.find((entry) => entry.path === 'Pressure')?.segmentCount).toBe(4);
    expect(counts.find((entry) => entry.path === 'Pressure/Shared')?.segmentCount).toBe(1);
    // The collapsed coding's memo lives on in the coding kept, and memos follow their targets.
    const keptRow = session.db.prepare('SELECT memo FROM codings WHERE id = ?').get(kept.id) as { memo: string };
    expect(keptRow.memo).toBe('ranked at year end');
    const memoTargets = session.db.prepare('SELECT id, target_id FROM memos ORDER BY body').all();
    expect(memoTargets).toEqual([
      { id: codeMemo, target_id: pressure.id },
      { id: codingMemo, target_id: kept.id },
    ]);

    // One undo step restores every row exactly; redo does it again.
    expect(undo(session.db)?.description).toBe('Merge code Ranking into Pressure');
    expect(snapshot(session)).toEqual(before);
    redo(session.db);
    expect(paths(session)).toEqual(['Pressure', 'Pressure/Shared', 'Pressure/Year-end']);
  });

  it('merges a code into its parent, even when it has a sub-code of its own name', async () => {
    const { session, one } = await study();
    const inner = createCodeAtPath(session, 'Funding/Province/Province');
    createCoding(session, { sourceId: one.id, codeId: inner.id, start: 0, end: 5 });
    const before = snapshot(session);
    mergeCodes(session, id(session, 'Funding/Province'), id(session, 'Funding'));
    expect(paths(session)).toEqual(['Funding', 'Funding/Province']);
    expect(listCodes(session)[1].segmentCount).toBe(1);
    undo(session.db);
    expect(snapshot(session)).toEqual(before);
  });

  it('refuses to merge a code into itself or into one of its sub-codes', async () => {
    const { session } = await study();
    createCodeAtPath(session, 'A/B');
    expect(refusal(() => mergeCodes(session, id(session, 'A'), id(session, 'A'))).message).toBe(
      'A code cannot be merged into itself.',
    );
    expect(refusal(() => previewMerge(session, id(session, 'A'), id(session, 'A/B'))).message).toContain(
      'that is one of its own sub-codes',
    );
  });
});

describe('deleting codes', () => {
  it('takes the codings and memos of the code and its descendants, and one undo brings all back', async () => {
    const { session } = await newTestProject();
    const source = await addText(session, 'one', 'Counties compete for pilot status every year.');
    const parent = createCodeAtPath(session, 'Pilots');
    const child = createCodeAtPath(session, 'Pilots/County');
    const coding = createCoding(session, { sourceId: source.id, codeId: child.id, start: 0, end: 8 });
    createCoding(session, { sourceId: source.id, codeId: parent.id, start: 9, end: 16 });
    addMemo(session, 'code', child.id, 'about counties');
    addMemo(session, 'coding', coding.id, 'about this passage');
    const before = snapshot(session);
    expect(deleteCode(session, parent.id)).toEqual({ deletedCodings: 2 });
    expect(snapshot(session)).toEqual({ codes: [], codings: [], memos: [] });
    undo(session.db);
    expect(snapshot(session)).toEqual(before);
  });
});

describe('rolled-up counts', () => {
  it('count each coding once and each source once up the tree, and follow coding and undo', async () => {
    const { session } = await newTestProject();
    const one = await addText(session, 'one', 'First interview about pilots and funds.');
    const two = await addText(session, 'two', 'Second interview about rankings.');
    const top = createCodeAtPath(session, 'Top');
    const middle = createCodeAtPath(session, 'Top/Middle');
    const leaf = createCodeAtPath(session, 'Top/Middle/Leaf');
    const other = createCodeAtPath(session, 'Other');
    createCoding(session, { sourceId: one.id, codeId: leaf.id, start: 0, end: 5 });
    createCoding(session, { sourceId: one.id, codeId: middle.id, start: 6, end: 15 });
    createCoding(session, { sourceId: two.id, codeId: leaf.id, start: 0, end: 6 });
    createCoding(session, { sourceId: one.id, codeId: top.id, start: 0, end: 5 });
    const byId = (): Map<string, { segments: number; documents: number }> =>
      new Map(
        rolledUpCounts(session).map((entry) => [
          entry.codeId,
          { segments: entry.segments, documents: entry.documents },
        ]),
      );
    expect(byId().get(top.id)).toEqual({ segments: 4, documents: 2 });
    expect(byId().get(middle.id)).toEqual({ segments: 3, documents: 2 });
    expect(byId().get(leaf.id)).toEqual({ segments: 2, documents: 2 });
    expect(byId().get(other.id)).toEqual({ segments: 0, documents: 0 });
    // A code's own counts stay in codes:list.
    expect(listCodes(session).find((code) => code.id === top.id)?.segmentCount).toBe(1);
    undo(session.db);
    expect(byId().get(top.id)).toEqual({ segments: 3, documents: 2 });
    mergeCodes(session, leaf.id, other.id);
    expect(byId().get(top.id)).toEqual({ segments: 1, documents: 1 });
    expect(byId().get(other.id)).toEqual({ segments: 2, documents: 2 });
  });
});
