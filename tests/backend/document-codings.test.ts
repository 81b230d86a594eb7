import { describe, expect, it } from 'vitest';
import type { Code, Coding, SourceDetail } from '../../shared/domain/types';
import type { Backend } from '../../electron/backend/backend';
import { testBackend, valueOf as value } from '../support/backend';

// The codings channels of the document view, through the contract on a real project file:
// moving a coding's ends (codings:update) and in-vivo coding as one step (codings:createInVivo).

const TEXT = '访谈：数据共享主要靠领导协调。\nPlans and pilots 😀 for staff.';

async function project(): Promise<{ b: Backend; sourceId: string; code: Code }> {
  const b = testBackend();
  await value(b.invoke('projects:create', { name: 'Ranges', template: 'digital-governance', coderName: 'Ana' }));
  const report = await value<{ imported: { sourceId: string }[] }>(
    b.invoke('sources:import', { files: [{ name: 'one.txt', dataBase64: Buffer.from(TEXT).toString('base64') }] }),
  );
  const codes = await value<Code[]>(b.invoke('codes:list', {}));
  const code = codes.find((entry) => entry.path === 'Instruments/Digital planning system') as Code;
  return { b, sourceId: report.imported[0].sourceId, code };
}

async function codingsOf(b: Backend, sourceId: string): Promise<readonly Coding[]> {
  return (await value<SourceDetail>(b.invoke('sources:get', { sourceId }))).codings;
}

async function errorOf(promise: Promise<{ ok: boolean; error?: unknown }>): Promise<{ code: string; message: string }> {
  const result = await promise;
  expect(result.ok).toBe(false);
  return result.error as { code: string; message: string };
}

describe('codings:update', () => {
  it('moves both ends of a coding, keeps its code, coder and memo, and undoes in one step', async () => {
    const { b, sourceId, code } = await project();
    const coding = await value<Coding>(
      b.invoke('codings:create', { sourceId, codeId: code.id, start: 3, end: 7, memo: 'key claim' }),
    );
    const moved = await value<Coding>(b.invoke('codings:update', { codingId: coding.id, start: 3, end: 14 }));
    expect(moved).toMatchObject({
      id: coding.id,
      codeId: code.id,
      start: 3,
      end: 14,
      coderName: 'Ana',
      memo: 'key claim',
    });
    expect(TEXT.slice(moved.start, moved.end)).toBe('数据共享主要靠领导协调');
    expect((await codingsOf(b, sourceId)).map((entry) => [entry.start, entry.end])).toEqual([[3, 14]]);

    const undone = await value<{ description: string }>(b.invoke('history:undo', {}));
    expect(undone.description).toBe('Adjust coding');
    expect((await codingsOf(b, sourceId)).map((entry) => [entry.id, entry.start, entry.end])).toEqual([
      [coding.id, 3, 7],
    ]);
    await value(b.invoke('history:redo', {}));
    expect((await codingsOf(b, sourceId)).map((entry) => [entry.start, entry.end])).toEqual([[3, 14]]);
  });

  it('refuses bad ranges with a sentence a researcher understands, and changes nothing', async () => {
    const { b, sourceId, code } = await project();
    const coding = await value<Coding>(b.invoke('codings:create', { sourceId, codeId: code.id, start: 3, end: 7 }));
    const reversed = await errorOf(b.invoke('codings:update', { codingId: coding.id, start: 7, end: 5 }));
    expect(reversed).toEqual({
      code: 'invalid-arguments',
      message: 'A coding needs a start before its end (got 7–5).',
    });
    const empty = await errorOf(b.invoke('codings:update', { codingId: coding.id, start: 5, end: 5 }));
    expect(empty.message).toContain('start before its end');
    const outside = await errorOf(b.invoke('codings:update', { codingId: coding.id, start: 3, end: TEXT.length + 1 }));
    expect(outside.message).toBe(
      `The range 3–${TEXT.length + 1} is outside the source's text, which has ${TEXT.length} characters.`,
    );
    // 😀 is two UTF-16 units: an end between them would cut the character in half.
    const emoji = TEXT.indexOf('😀');
    const split = await errorOf(b.invoke('codings:update', { codingId: coding.id, start: 3, end: emoji + 1 }));
    expect(split.message).toBe('The range starts or ends in the middle of a character.');
    const negative = await errorOf(b.invoke('codings:update', { codingId: coding.id, start: -1, end: 4 }));
    expect(negative.code).toBe('invalid-arguments');
    const gone = await errorOf(
      b.invoke('codings:update', { codingId: '00000000-0000-4000-8000-000000000000', start: 0, end: 2 }),
    );
    expect(gone).toEqual({ code: 'not-found', message: 'That coding is no longer in the project.' });
    expect((await codingsOf(b, sourceId)).map((entry) => [entry.start, entry.end])).toEqual([[3, 7]]);
    // None of the refusals left a step: undo takes back the coding itself.
    expect((await value<{ description: string }>(b.invoke('history:undo', {}))).description).toBe('Code passage');
  });

  it('writes no undo step when the range is unchanged', async () => {
    const { b, sourceId, code } = await project();
    const coding = await value<Coding>(b.invoke('codings:create', { sourceId, codeId: code.id, start: 3, end: 7 }));
    await value(b.invoke('codings:update', { codingId: coding.id, start: 3, end: 7 }));
    expect((await value<{ description: string }>(b.invoke('history:undo', {}))).description).toBe('Code passage');
    expect(await codingsOf(b, sourceId)).toEqual([]);
  });
});

describe('codings:createInVivo', () => {
  it('creates the code and codes the passage as one step; one undo removes both', async () => {
    const { b, sourceId } = await project();
    const before = await value<Code[]>(b.invoke('codes:list', {}));
    const result = await value<{ code: Code; coding: Coding; created: boolean }>(
      b.invoke('codings:createInVivo', { sourceId, start: 9, end: 14, parentId: null, name: ' 靠领导协调 ' }),
    );
    expect(result.created).toBe(true);
    expect(result.code).toMatchObject({ name: '靠领导协调', path: '靠领导协调', parentId: null, segmentCount: 1 });
    expect(result.coding).toMatchObject({ codeId: result.code.id, start: 9, end: 14, coderName: 'Ana' });
    expect(TEXT.slice(9, 14)).toBe('靠领导协调');

    const undone = await value<{ description: string }>(b.invoke('history:undo', {}));
    expect(undone.description).toBe('Code in vivo 靠领导协调');
    expect(await value<Code[]>(b.invoke('codes:list', {}))).toEqual(before);
    expect(await codingsOf(b, sourceId)).toEqual([]);

    await value(b.invoke('history:redo', {}));
    const codes = await value<Code[]>(b.invoke('codes:list', {}));
    expect(codes.find((code) => code.id === result.code.id)?.segmentCount).toBe(1);
  });

  it('puts the code under a parent at the end of its siblings, and reuses a sibling of the same name', async () => {
    const { b, sourceId, code } = await project();
    const parent = code.parentId as string;
    const first = await value<{ code: Code; created: boolean }>(
      b.invoke('codings:createInVivo', { sourceId, start: 3, end: 7, parentId: parent, name: '数据共享' }),
    );
    expect(first.created).toBe(true);
    expect(first.code.path).toBe('Instruments/数据共享');
    const siblings = (await value<Code[]>(b.invoke('codes:list', {}))).filter((entry) => entry.parentId === parent);
    expect(siblings[siblings.length - 1].name).toBe('数据共享');

    const second = await value<{ code: Code; coding: Coding; created: boolean }>(
      b.invoke('codings:createInVivo', { sourceId, start: 16, end: 21, parentId: parent, name: '数据共享' }),
    );
    expect(second.created).toBe(false);
    expect(second.code).toMatchObject({ id: first.code.id, segmentCount: 2 });
    // Undoing the reuse removes only its coding; the code and the first passage stay.
    await value(b.invoke('history:undo', {}));
    expect((await codingsOf(b, sourceId)).map((entry) => [entry.codeId, entry.start])).toEqual([[first.code.id, 3]]);
  });

  it('refuses a bad range or a missing parent without creating a code', async () => {
    const { b, sourceId } = await project();
    const before = await value<Code[]>(b.invoke('codes:list', {}));
    const outside = await errorOf(
      b.invoke('codings:createInVivo', { sourceId, start: 3, end: 999, parentId: null, name: 'Too far' }),
    );
    expect(outside.message).toContain('outside the source');
    const orphan = await errorOf(
      b.invoke('codings:createInVivo', {
        sourceId,
        start: 3,
        end: 7,
        parentId: '00000000-0000-4000-8000-000000000000',
        name: 'Orphan',
      }),
    );
    expect(orphan).toEqual({ code: 'not-found', message: 'The parent code is no longer in the codebook.' });
    expect(await value<Code[]>(b.invoke('codes:list', {}))).toEqual(before);
  });
});
