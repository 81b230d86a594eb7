import { describe, expect, it } from 'vitest';
import { closeProject, openProject, setCurrentCoder } from '../../electron/services/project';
import { deleteMemo, getMemo, listMemos, passagePreview, saveMemo } from '../../electron/services/memos';
import { createCode, deleteCode } from '../../electron/services/codes';
import { createCoding } from '../../electron/services/codings';
import { undo, redo } from '../../electron/store/changeLog';
import { UserError } from '../../electron/util/errors';
import type { CodeId, SourceId } from '../../shared/domain/ids';
import { addText, newTestProject } from '../support/project';

/*
 * Memos in a real project file: journal, source, code and coding memos written, listed,
 * deleted and brought back through the change log, and still there after reopening.
 */

async function fixture() {
  const { session, path } = await newTestProject({ codebook: 'empty', coderName: 'Ana' });
  const source = await addText(
    session,
    'Interview 1',
    'We tried the platform first. 数字治理需要信任。 Then it spread.',
  );
  const code = createCode(session, { parentId: null, name: 'Trust', color: '#cc3344' });
  const coding = createCoding(session, {
    sourceId: source.id as SourceId,
    codeId: code.id as CodeId,
    start: 29,
    end: 37,
  });
  return { session, path, source, code, coding };
}

describe('memos', () => {
  it('creates a journal memo on first save, keeps its Markdown, and finds it again by target', async () => {
    const { session } = await fixture();
    const blank = getMemo(session, { type: 'project', id: null });
    expect(blank.memoId).toBeNull();
    expect(blank.body).toBe('');
    expect(listMemos(session)).toEqual([]);

    const body = '**Day one**: what surprised me\n\n- trust\n- 信任';
    const saved = saveMemo(session, { target: { type: 'project', id: null }, title: 'Journal', body });
    expect(saved.memoId).not.toBeNull();
    expect(saved.body).toBe(body);
    expect(saved.authorName).toBe('Ana');
    expect(getMemo(session, { type: 'project', id: null }).memoId).toBe(saved.memoId);

    // A second save of the same target edits the same row, it does not add one.
    saveMemo(session, { target: { type: 'project', id: null }, title: 'Journal', body: `${body}\n- more` });
    const rows = session.db.prepare("SELECT body FROM memos WHERE target_type = 'project'").all() as { body: string }[];
    expect(rows).toEqual([{ body: `${body}\n- more` }]);
  });

  it('writes a coding memo into the coding itself, as one undoable step', async () => {
    const { session, coding, code } = await fixture();
    const entry = saveMemo(session, {
      target: { type: 'coding', id: coding.id },
      title: '',
      body: 'Trust *before* adoption',
    });
    expect(entry.key).toBe(`coding:${coding.id}`);
    expect(entry.about).toBe('Trust');
    expect(entry.context).toContain('数字治理需要信任');
    expect(entry.color).toBe(code.color);
    expect((session.db.prepare('SELECT memo FROM codings WHERE id = ?').get(coding.id) as { memo: string }).memo).toBe(
      'Trust *before* adoption',
    );
    expect(session.db.prepare('SELECT count(*) AS n FROM memos').get()).toEqual({ n: 0 });

    expect(undo(session.db)?.description).toBe('Write coding memo');
    expect((session.db.prepare('SELECT memo FROM codings WHERE id = ?').get(coding.id) as { memo: string }).memo).toBe(
      '',
    );
    expect(listMemos(session)).toEqual([]);
  });

  it('lists every kind of memo with what it is about, newest first', async () => {
    const { session, source, code, coding } = await fixture();
    saveMemo(session, { target: { type: 'project', id: null }, title: '', body: 'journal' });
    saveMemo(session, { target: { type: 'source', id: source.id }, title: 'Setting', body: 'A county office' });
    saveMemo(session, { target: { type: 'code', id: code.id }, title: '', body: 'Use for 信任 and trust' });
    saveMemo(session, { target: { type: 'coding', id: coding.id }, title: '', body: 'coding note' });
    const memos = listMemos(session);
    expect(new Set(memos.map((memo) => `${memo.target.type}: ${memo.about}`))).toEqual(
      new Set(['coding: Trust', 'code: Trust', 'source: Interview 1', 'project: study']),
    );
    const dates = memos.map((memo) => memo.updatedAt ?? '');
    expect(dates).toEqual([...dates].sort().reverse());
    expect(memos.every((memo) => memo.authorName === 'Ana' && memo.updatedAt)).toBe(true);
  });

  it('deletes a memo and brings it back with undo, then deletes it again with redo', async () => {
    const { session, source } = await fixture();
    const saved = saveMemo(session, { target: { type: 'source', id: source.id }, title: '', body: 'keep me' });
    deleteMemo(session, saved.target, saved.memoId);
    expect(listMemos(session)).toEqual([]);
    expect(undo(session.db)?.description).toBe('Delete memo');
    expect(listMemos(session).map((memo) => memo.body)).toEqual(['keep me']);
    expect(redo(session.db)?.description).toBe('Delete memo');
    expect(listMemos(session)).toEqual([]);
  });

  it('empties a coding memo on delete, and refuses targets that are gone or malformed', async () => {
    const { session, coding, code } = await fixture();
    saveMemo(session, { target: { type: 'coding', id: coding.id }, title: '', body: 'x' });
    deleteMemo(session, { type: 'coding', id: coding.id });
    expect(listMemos(session)).toEqual([]);
    expect(() => getMemo(session, { type: 'project', id: code.id })).toThrow(UserError);
    deleteCode(session, code.id as CodeId);
    expect(() => saveMemo(session, { target: { type: 'code', id: code.id }, title: '', body: 'late' })).toThrow(
      /no longer in the codebook/,
    );
    expect(() => saveMemo(session, { target: { type: 'coding', id: coding.id }, title: '', body: 'late' })).toThrow(
      /no longer in the project/,
    );
  });

  it('keeps memos in the file across closing and reopening', async () => {
    const { session, path, code } = await fixture();
    saveMemo(session, { target: { type: 'code', id: code.id }, title: 'Definition', body: '1. first\n2. second' });
    closeProject(session);
    const reopened = openProject(path);
    try {
      const [memo] = listMemos(reopened);
      expect(memo).toMatchObject({ title: 'Definition', body: '1. first\n2. second', about: 'Trust' });
    } finally {
      closeProject(reopened);
    }
  });

  it('shortens long passages without cutting a character above U+FFFF in half', () => {
    const text = `${'a'.repeat(9)}😀tail`;
    expect(passagePreview(text, 10)).toBe(`${'a'.repeat(9)}…`);
    expect(passagePreview('  short\n text ')).toBe('short text');
  });
});

describe('coding memos in the list', () => {
  it('name who wrote the memo and when, not who coded the passage, and forget an undone write', async () => {
    const { session, coding } = await fixture();
    setCurrentCoder(session, 'Bo');
    saveMemo(session, { target: { type: 'coding', id: coding.id }, title: '', body: 'first' });
    const first = listMemos(session)[0];
    expect(first.authorName).toBe('Bo');
    setCurrentCoder(session, 'Cy');
    saveMemo(session, { target: { type: 'coding', id: coding.id }, title: '', body: 'second' });
    expect(listMemos(session)[0]).toMatchObject({ body: 'second', authorName: 'Cy' });
    undo(session.db);
    expect(listMemos(session)[0]).toMatchObject({ body: 'first', authorName: 'Bo', updatedAt: first.updatedAt });
  });
});
