import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { listAttributes } from '../../electron/services/attributes';
import { createCode, createCodeAtPath, deleteCode, findCodeByPath, listCodes, updateCode } from '../../electron/services/codes';
import { createCoding, deleteCoding, locatePassage } from '../../electron/services/codings';
import { frequencies } from '../../electron/services/frequencies';
import { closeProject, createProject, openProject } from '../../electron/services/project';
import {
  deleteSource,
  getSource,
  importFiles,
  listSources,
  renameSource,
  setSourceAttribute,
} from '../../electron/services/sources';
import { redo, undo } from '../../electron/store/changeLog';
import { UserError } from '../../electron/util/errors';
import type { CodeId, SourceId } from '../../shared/domain/ids';
import { addText, newTestProject } from '../support/project';
import { tempDir } from '../support/temp';

const encode = (text: string) => new TextEncoder().encode(text);

async function rejection(work: () => unknown): Promise<UserError> {
  try {
    await work();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

describe('projects', () => {
  it('start from the digital-governance codebook with a description for every code', async () => {
    const { session } = await newTestProject({ codebook: 'digital-governance' });
    const codes = listCodes(session);
    expect(codes.map((code) => code.path)).toEqual([
      'Instruments',
      'Instruments/Digital planning system',
      'Instruments/Policy experimentation and pilots',
      'Incentives',
      'Incentives/Political and economic incentives',
      'Incentives/Business collaboration',
      'Incentives/Citizen participation',
      'Capacity',
      'Capacity/Financial capacity',
      'Capacity/Technical capacity',
      'Capacity/Political capacity',
    ]);
    for (const code of codes) {
      expect(code.description.length).toBeGreaterThan(40);
      expect(code.color).toMatch(/^#[0-9a-f]{6}$/);
    }
    expect(session.coder.name).toBe('Ana');
  });

  it('reopen with their data and current coder', async () => {
    const dir = tempDir();
    const path = join(dir, 'p.marginalia');
    const first = await createProject(path, { codebook: 'digital-governance', coderName: 'Bo', name: 'Study' });
    await addText(first, 'one', 'Some text.');
    closeProject(first);
    const second = openProject(path);
    expect(second.coder.name).toBe('Bo');
    expect(listSources(second).map((source) => source.name)).toEqual(['one']);
    closeProject(second);
  });

  it('come with a coded sample of six sources, two per province', async () => {
    const { session } = await newTestProject({ sample: true });
    const sources = listSources(session);
    expect(sources).toHaveLength(6);
    const perProvince = new Map<string, number>();
    for (const source of sources) perProvince.set(source.attributes.province, (perProvince.get(source.attributes.province) ?? 0) + 1);
    expect(Object.fromEntries(perProvince)).toEqual({ Zhejiang: 2, Anhui: 2, Sichuan: 2 });
    expect(sources.some((source) => /[\u4e00-\u9fff]/.test(source.name))).toBe(true);
    expect(sources.every((source) => source.codingCount > 0)).toBe(true);
    const table = frequencies(session, { by: 'province', unit: 'documents' });
    expect(table.totals.all).toBe(6);
  });

  it('leave nothing behind when the codebook file is bad', async () => {
    const dir = tempDir();
    const path = join(dir, 'p.marginalia');
    const error = await rejection(() => createProject(path, { codebook: join(dir, 'missing.json') }));
    expect(error.message).toMatch(/Cannot read the codebook file/);
    const { existsSync } = await import('node:fs');
    expect(existsSync(path)).toBe(false);
  });
});

describe('importing text', () => {
  it('normalises line ends and the BOM once, hashes the text and keeps the original bytes', async () => {
    const { session } = await newTestProject();
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...encode('Line one\r\nLine two\rLine 3\n')]);
    const report = await importFiles(session, [{ name: 'Interview 1.txt', data: bytes }], { kind: 'transcript' });
    expect(report.failed).toEqual([]);
    const source = getSource(session, report.imported[0].sourceId as SourceId);
    expect(source.name).toBe('Interview 1');
    expect(source.kind).toBe('transcript');
    expect(source.text).toBe('Line one\nLine two\nLine 3\n');
    expect(source.textHash).toBe(createHash('sha256').update(source.text).digest('hex'));
    expect(source.structure.map((span) => source.text.slice(span.start, span.end))).toEqual(['Line one', 'Line two', 'Line 3']);
    const original = session.db.prepare('SELECT original_bytes FROM sources WHERE id = ?').get(source.id) as { original_bytes: Buffer };
    expect(Buffer.compare(original.original_bytes, Buffer.from(bytes))).toBe(0);
  });

  it('reads Markdown headings as structure', async () => {
    const { session } = await newTestProject();
    const report = await importFiles(session, [{ name: 'policy.md', data: encode('# 第一章 总则\n\n第一条 为了推进数字政府建设。\n') }]);
    const source = getSource(session, report.imported[0].sourceId as SourceId);
    expect(source.structure[0]).toMatchObject({ kind: 'heading', level: 1, start: 0, end: 8 });
  });

  it('reports every bad file with its reason and still imports the good ones', async () => {
    const { session } = await newTestProject();
    const report = await importFiles(session, [
      { name: 'good.txt', data: encode('A good interview.') },
      { name: 'empty.txt', data: new Uint8Array() },
      { name: 'binary.txt', data: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]) },
      { name: 'latin.txt', data: new Uint8Array([0x43, 0x61, 0x66, 0xc3, 0x28]) },
      { name: 'report.docx', data: encode('PK...') },
      { name: 'data.xyz', data: encode('x') },
    ]);
    // Bytes that are not UTF-8 are decoded with a detected encoding, and the report says so.
    expect(report.imported.map((item) => item.name)).toEqual(['good', 'latin']);
    expect(report.imported[1].notes.join(' ')).toMatch(/encoding was detected as Windows-1252/);
    const reasons = Object.fromEntries(report.failed.map((item) => [item.file, item.reason]));
    expect(Object.keys(reasons).sort()).toEqual(['binary.txt', 'data.xyz', 'empty.txt', 'report.docx']);
    expect(reasons['empty.txt']).toMatch(/empty\.txt is empty/);
    expect(reasons['binary.txt']).toMatch(/binary\.txt is not a text file/);
    expect(reasons['report.docx']).toMatch(/report\.docx is damaged or incomplete/);
    expect(reasons['data.xyz']).toMatch(/\.xyz/);
    expect(listSources(session)).toHaveLength(2);
  });

  it('skips a text that is already in the project unless a copy is asked for, and keeps names unique', async () => {
    const { session } = await newTestProject();
    await importFiles(session, [{ name: 'a.txt', data: encode('Same words.') }]);
    const again = await importFiles(session, [{ name: 'b.txt', data: encode('Same words.') }]);
    expect(again.imported).toEqual([]);
    expect(again.skipped[0].reason).toMatch(/already in the project as "a"/);
    const copy = await importFiles(session, [{ name: 'a.txt', data: encode('Same words.') }], { allowDuplicates: true });
    expect(copy.imported[0].name).toBe('a (2)');
  });

  it('sets attributes with inferred types, and widens a type rather than refuse data', async () => {
    const { session } = await newTestProject();
    const source = await addText(session, 'one', 'Text.', { province: 'Zhejiang', year: '2021', date: '2021-05-04' });
    expect(listAttributes(session.db).map((attribute) => [attribute.name, attribute.type])).toEqual([
      ['province', 'text'],
      ['year', 'number'],
      ['date', 'date'],
    ]);
    setSourceAttribute(session, source.id, 'year', 'around 2020');
    expect(listAttributes(session.db).find((attribute) => attribute.name === 'year')?.type).toBe('text');
    const cleared = setSourceAttribute(session, source.id, 'province', null);
    expect(cleared.attributes).toEqual({ year: 'around 2020', date: '2021-05-04' });
  });

  it('renames and deletes sources with their codings', async () => {
    const { session } = await newTestProject({ codebook: 'digital-governance' });
    const source = await addText(session, 'one', 'Planning matters.');
    const code = findCodeByPath(session, 'Instruments');
    createCoding(session, { sourceId: source.id, codeId: code.id, start: 0, end: 8 });
    await addText(session, 'two', 'Other.');
    expect((await rejection(() => renameSource(session, source.id, 'two'))).message).toMatch(/already called "two"/);
    expect(renameSource(session, source.id, 'Interview A').name).toBe('Interview A');
    deleteSource(session, source.id);
    expect(listSources(session).map((item) => item.name)).toEqual(['two']);
    expect(listCodes(session)[0].segmentCount).toBe(0);
  });
});

describe('the codebook', () => {
  it('adds, renames, recolours and describes codes, refusing duplicate siblings', async () => {
    const { session } = await newTestProject();
    const root = createCode(session, { parentId: null, name: 'Capacity' });
    const child = createCode(session, { parentId: root.id, name: 'Technical', color: '#123ABC' });
    expect(child.path).toBe('Capacity/Technical');
    expect(child.color).toBe('#123abc');
    expect((await rejection(() => createCode(session, { parentId: root.id, name: 'Technical' }))).code).toBe('conflict');
    const renamed = updateCode(session, child.id, { name: 'Technical capacity', color: '#00ff00', description: 'Staff and systems.' });
    expect(renamed).toMatchObject({ path: 'Capacity/Technical capacity', color: '#00ff00', description: 'Staff and systems.' });
    const deep = createCodeAtPath(session, 'New/Deeper/Slash\\/name');
    expect(deep.path).toBe('New/Deeper/Slash\\/name');
    expect(findCodeByPath(session, 'New/Deeper/Slash\\/name').id).toBe(deep.id);
    expect((await rejection(() => findCodeByPath(session, 'Capacity/Nope'))).message).toMatch(/no code "Capacity\/Nope"/);
  });

  it('deletes a code with its descendants and their codings, and undo brings all back', async () => {
    const { session } = await newTestProject({ codebook: 'digital-governance' });
    const source = await addText(session, 'one', 'Budgets and engineers.');
    const financial = findCodeByPath(session, 'Capacity/Financial capacity');
    const technical = findCodeByPath(session, 'Capacity/Technical capacity');
    createCoding(session, { sourceId: source.id, codeId: financial.id, start: 0, end: 7 });
    createCoding(session, { sourceId: source.id, codeId: technical.id, start: 12, end: 21 });
    const capacity = findCodeByPath(session, 'Capacity');
    expect(deleteCode(session, capacity.id)).toEqual({ deletedCodings: 2 });
    expect(listCodes(session).some((code) => code.path.startsWith('Capacity'))).toBe(false);
    expect(undo(session.db)).toEqual({ description: 'Delete code Capacity' });
    expect(listCodes(session).filter((code) => code.path.startsWith('Capacity'))).toHaveLength(4);
    expect(getSource(session, source.id).codings).toHaveLength(2);
    expect(redo(session.db)).toEqual({ description: 'Delete code Capacity' });
    expect(getSource(session, source.id).codings).toHaveLength(0);
  });
});

describe('codings', () => {
  it('record the range, the code and the current coder, and refuse bad ranges', async () => {
    const { session } = await newTestProject({ codebook: 'digital-governance' });
    const source = await addText(session, 'one', 'Citizens rate 𠀀 services.');
    const code = findCodeByPath(session, 'Incentives/Citizen participation');
    const coding = createCoding(session, { sourceId: source.id, codeId: code.id, start: 0, end: 8, memo: 'key' });
    expect(coding).toMatchObject({ start: 0, end: 8, codeId: code.id, coderName: 'Ana', memo: 'key' });
    const tooFar = await rejection(() => createCoding(session, { sourceId: source.id, codeId: code.id, start: 5, end: 500 }));
    expect(tooFar.message).toMatch(/outside the source's text, which has 26 characters/);
    const backwards = await rejection(() => createCoding(session, { sourceId: source.id, codeId: code.id, start: 5, end: 5 }));
    expect(backwards.message).toMatch(/start before its end/);
    // 𠀀 is two UTF-16 units at 14–16: a range may not split it.
    const split = await rejection(() => createCoding(session, { sourceId: source.id, codeId: code.id, start: 15, end: 20 }));
    expect(split.message).toMatch(/middle of a character/);
    const gone = await rejection(() => createCoding(session, { sourceId: source.id, codeId: 'b4f7a1c2-0000-4000-8000-000000000000' as CodeId, start: 0, end: 1 }));
    expect(gone.code).toBe('not-found');
    deleteCoding(session, coding.id);
    expect(getSource(session, source.id).codings).toEqual([]);
  });

  it('undo and redo across actions, and a new action clears redo', async () => {
    const { session } = await newTestProject({ codebook: 'digital-governance' });
    const source = await addText(session, 'one', 'Plans and pilots.');
    const plan = findCodeByPath(session, 'Instruments/Digital planning system');
    createCoding(session, { sourceId: source.id, codeId: plan.id, start: 0, end: 5 });
    updateCode(session, plan.id, { name: 'Plans' });
    expect(undo(session.db)?.description).toBe('Edit code Digital planning system');
    expect(findCodeByPath(session, 'Instruments/Digital planning system').id).toBe(plan.id);
    expect(undo(session.db)?.description).toBe('Code passage');
    expect(getSource(session, source.id).codings).toHaveLength(0);
    expect(redo(session.db)?.description).toBe('Code passage');
    expect(getSource(session, source.id).codings).toHaveLength(1);
    createCoding(session, { sourceId: source.id, codeId: plan.id, start: 10, end: 16 });
    expect(redo(session.db)).toBeNull();
    expect(getSource(session, source.id).codings).toHaveLength(2);
  });

  it('undo survives closing and reopening the project', async () => {
    const dir = tempDir();
    const path = join(dir, 'p.marginalia');
    const first = await createProject(path, { codebook: 'digital-governance', coderName: 'Ana' });
    const source = await addText(first, 'one', 'Plans and pilots.');
    createCoding(first, { sourceId: source.id, codeId: findCodeByPath(first, 'Instruments').id, start: 0, end: 5 });
    closeProject(first);
    const second = openProject(path);
    expect(undo(second.db)?.description).toBe('Code passage');
    expect(getSource(second, source.id).codings).toHaveLength(0);
    closeProject(second);
  });

  it('find the n-th occurrence of a passage', () => {
    expect(locatePassage('ab ab ab', 'ab', 3)).toEqual({ start: 6, end: 8 });
    expect(() => locatePassage('ab ab', 'ab', 3)).toThrow(/occurs only 2 times/);
    expect(() => locatePassage('ab', 'zz')).toThrow(/does not occur/);
  });
});

describe('frequencies through the service', () => {
  it('match the codings in the file, per coder and per unit', async () => {
    const { session } = await newTestProject({ codebook: 'digital-governance' });
    const zj = await addText(session, 'zj', 'Plans. Pilots. Budgets.', { province: 'Zhejiang' });
    const ah = await addText(session, 'ah', '数字治理与数据共享', { province: 'Anhui' });
    await addText(session, 'none', 'No province here.');
    const plan = findCodeByPath(session, 'Instruments/Digital planning system');
    const pilot = findCodeByPath(session, 'Instruments/Policy experimentation and pilots');
    createCoding(session, { sourceId: zj.id, codeId: plan.id, start: 0, end: 6 });
    createCoding(session, { sourceId: zj.id, codeId: pilot.id, start: 3, end: 14 });
    const { setCurrentCoder } = await import('../../electron/services/project');
    setCurrentCoder(session, 'Bo');
    createCoding(session, { sourceId: ah.id, codeId: plan.id, start: 0, end: 4 });

    const segments = frequencies(session, { by: 'province', unit: 'segments' });
    expect(segments.rows[0]).toMatchObject({ code: 'Instruments', values: { Anhui: 1, Zhejiang: 2, '(none)': 0 }, total: 3 });
    const characters = frequencies(session, { by: 'province', unit: 'characters' });
    // Instruments in zj: [0,6) ∪ [3,14) = 14 characters.
    expect(characters.rows[0].values).toEqual({ Anhui: 4, Zhejiang: 14, '(none)': 0 });
    const bo = frequencies(session, { by: 'province', unit: 'segments', coder: 'Bo' });
    expect(bo.coder).toBe('Bo');
    expect(bo.rows[0].values).toEqual({ Anhui: 1, Zhejiang: 0, '(none)': 0 });
    expect((await rejection(() => frequencies(session, { by: 'city', unit: 'segments' }))).message).toMatch(/no attribute "city"; the project has province/);
    expect((await rejection(() => frequencies(session, { by: 'province', unit: 'segments', coder: 'Zed' }))).message).toMatch(/no coder "Zed"/);
  });
});
