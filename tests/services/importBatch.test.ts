import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SourceId } from '../../shared/domain/ids';
import { listAttributes } from '../../electron/services/attributes';
import { listCodes } from '../../electron/services/codes';
import { importPaths, previewFiles, type BatchReport } from '../../electron/services/importing';
import { getSource, importFiles, listSources } from '../../electron/services/sources';
import { undo } from '../../electron/store/changeLog';
import { writeQdc } from '../../electron/exchange/write';
import { UserError } from '../../electron/util/errors';
import { buildDocx, wParagraph } from '../importers/fixtures';
import { newTestProject } from '../support/project';

/** Writes files (path → content) below `root`, making folders as needed. */
function writeTree(root: string, files: Readonly<Record<string, string | Uint8Array>>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

function byName(report: BatchReport): Map<string, string> {
  return new Map(report.imported.map((item) => [item.name, item.sourceId]));
}

async function workbook(rows: readonly (readonly unknown[])[]): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Sheet1');
  for (const row of rows) sheet.addRow([...row]);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

const CODEBOOK = writeQdc({
  codes: [
    {
      guid: '6f1d3c1e-0c5b-4d3e-9a55-2a3c4b5d6e70',
      name: 'Instruments',
      color: '#336699',
      description: 'Policy tools.',
      isCodable: true,
      children: [{ guid: '6f1d3c1e-0c5b-4d3e-9a55-2a3c4b5d6e71', name: 'Platforms', color: null, description: '', isCodable: true, children: [] }],
    },
  ],
});

describe('importing folders', () => {
  it('sets an attribute from the first folder level and names the files that sit outside any subfolder', async () => {
    const { session, dir } = await newTestProject();
    const corpus = join(dir, 'corpus');
    writeTree(corpus, {
      'Zhejiang/a.txt': 'Zhejiang text.',
      'Zhejiang/county/b.md': '# Deeper\n\nStill Zhejiang.',
      'Anhui/c.docx': buildDocx({ body: wParagraph('Anhui text.') }),
      'loose.txt': 'Not in a province folder.',
      '.DS_Store': 'hidden',
      '.drafts/d.txt': 'hidden folder',
      'Anhui/scan.tiff': 'not a document',
    });
    mkdirSync(join(dir, 'elsewhere'));
    writeFileSync(join(dir, 'elsewhere', 'e.txt'), 'Outside the corpus.');
    symlinkSync(join(dir, 'elsewhere'), join(corpus, 'Anhui', 'link'));

    const report = await importPaths(session, [corpus], { attributeFromFolder: 'province', attributes: { source: 'corpus' } });
    expect(report.failed).toEqual([]);
    const provinces = Object.fromEntries(listSources(session).map((source) => [source.name, source.attributes.province ?? null]));
    expect(provinces).toEqual({ a: 'Zhejiang', b: 'Zhejiang', c: 'Anhui', loose: null });
    expect(listSources(session).every((source) => source.attributes.source === 'corpus')).toBe(true);
    expect(report.notes).toEqual([expect.stringMatching(/^1 file is not inside a subfolder of the imported folder, so it has no province: .*loose\.txt\.$/)]);
    const skipped = Object.fromEntries(report.skipped.map((item) => [item.file.split(/[\\/]/).slice(-2).join('/'), item.reason]));
    expect(skipped['Anhui/scan.tiff']).toMatch(/does not import \.tiff files/);
    expect(skipped['Anhui/link']).toMatch(/link to a folder/);
    expect(report.imported.map((item) => item.file)).toContain(join(corpus, 'Zhejiang/county/b.md'));
  });

  it('refuses a path that does not exist before importing anything', async () => {
    const { session, dir } = await newTestProject();
    writeFileSync(join(dir, 'a.txt'), 'A text.');
    await expect(importPaths(session, [join(dir, 'a.txt'), join(dir, 'missing')])).rejects.toThrow(/There is no file or folder at .*missing/);
    expect(listSources(session)).toEqual([]);
  });
});

describe('attribute sheets', () => {
  it('matches rows by file name, source name or path, infers and reports types, sets existing sources, and lists unmatched rows', async () => {
    const { session, dir } = await newTestProject();
    await importFiles(session, [{ name: 'earlier.txt', data: new TextEncoder().encode('Imported last week.') }]);
    const corpus = join(dir, 'corpus');
    writeTree(corpus, {
      'Zhejiang/a.txt': 'Text a.',
      'Zhejiang/b.txt': 'Text b.',
      'Anhui/c.md': 'Text c.',
    });
    const sheet = join(dir, 'attributes.csv');
    writeFileSync(
      sheet,
      [
        'file,province,year,signed,level',
        'a.txt,Jiangsu,2021,2021-03-04,city',
        'b,,"1,200",2020/5/6,county',
        'Anhui/c.md,,2019,2019年7月8日,province',
        'earlier,,2018,,city',
        'missing.pdf,,2017,,city',
      ].join('\n'),
    );
    const report = await importPaths(session, [corpus], { attributeFromFolder: 'province', attributeSheet: sheet });
    const ids = byName(report);
    const attributes = (name: string): Record<string, string> =>
      listSources(session).find((source) => source.id === (ids.get(name) ?? listSources(session).find((item) => item.name === name)?.id))?.attributes ?? {};
    // The sheet wins over the folder; its dates and numbers are normalised.
    expect(attributes('a')).toEqual({ province: 'Jiangsu', year: '2021', signed: '2021-03-04', level: 'city' });
    expect(attributes('b')).toEqual({ province: 'Zhejiang', year: '1200', signed: '2020-05-06', level: 'county' });
    expect(attributes('c')).toEqual({ province: 'Anhui', year: '2019', signed: '2019-07-08', level: 'province' });
    expect(attributes('earlier')).toEqual({ year: '2018', level: 'city' });
    expect(report.attributeSheet).toMatchObject({
      file: sheet,
      matched: 4,
      unmatched: [{ row: 6, name: 'missing.pdf' }],
      attributes: [
        { name: 'province', type: 'text' },
        { name: 'year', type: 'number' },
        { name: 'signed', type: 'date' },
        { name: 'level', type: 'text' },
      ],
    });
    expect(report.attributeSheet?.notes.join(' ')).toMatch(/Attribute types: province \(text\), year \(number\), signed \(date\), level \(text\)/);
    expect(listAttributes(session.db).map((attribute) => [attribute.name, attribute.type])).toEqual([
      ['province', 'text'],
      ['year', 'number'],
      ['signed', 'date'],
      ['level', 'text'],
    ]);
    // One undo takes back the batch and the values set on the earlier source.
    undo(session.db);
    expect(listSources(session).map((source) => [source.name, source.attributes])).toEqual([['earlier', {}]]);
  });

  it('reads an .xlsx sheet, and refuses an unreadable sheet before reading any file', async () => {
    const { session, dir } = await newTestProject();
    writeFileSync(join(dir, 'a.txt'), 'Text a.');
    writeFileSync(join(dir, 'sheet.xlsx'), await workbook([['name', 'year'], ['a', 2022]]));
    const report = await importPaths(session, [join(dir, 'a.txt')], { attributeSheet: join(dir, 'sheet.xlsx') });
    expect(listSources(session)[0].attributes).toEqual({ year: '2022' });
    expect(report.attributeSheet?.attributes).toEqual([{ name: 'year', type: 'number' }]);

    writeFileSync(join(dir, 'one-column.csv'), 'name\na\n');
    writeFileSync(join(dir, 'b.txt'), 'Text b.');
    const error = await importPaths(session, [join(dir, 'b.txt')], { attributeSheet: join(dir, 'one-column.csv') }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(/one-column\.csv has only one column/);
    expect(listSources(session)).toHaveLength(1);
  });
});

describe('surveys', () => {
  it('makes one source per row with its attribute columns, or one source with a passage per row', async () => {
    const { session, dir } = await newTestProject();
    writeFileSync(join(dir, 'survey.csv'), 'id,province,answer,age\nr1,Zhejiang,"The platform, mostly.",34\nr2,Anhui,,51\nr3,Anhui,每周开会。,29\n');
    const rows = await importPaths(session, [join(dir, 'survey.csv')], {
      survey: { textColumn: 'answer', rows: 'sources', attributeColumns: ['province', 'age'], nameColumn: 'id' },
    });
    expect(rows.failed).toEqual([]);
    expect(listSources(session).map((source) => [source.name, source.attributes])).toEqual([
      ['r1', { province: 'Zhejiang', age: '34' }],
      ['r3', { province: 'Anhui', age: '29' }],
    ]);
    expect(getSource(session, byName(rows).get('r3') as SourceId).text).toBe('每周开会。');

    writeFileSync(join(dir, 'focus group.xlsx'), await workbook([['speaker', 'site', 'said'], ['A', 'Hefei', 'First point.'], ['B', 'Hefei', 'Second point.']]));
    const passages = await importPaths(session, [join(dir, 'focus group.xlsx')], { survey: { textColumn: 'said', rows: 'passages', attributeColumns: ['site', 'speaker'] } });
    const source = getSource(session, byName(passages).get('focus group') as SourceId);
    expect(source.text).toBe('First point.\n\nSecond point.');
    expect(source.structure.map((span) => span.label)).toEqual(['Row 2', 'Row 3']);
    expect(source.attributes).toEqual({ site: 'Hefei' });
    expect(passages.notes.join(' ') + passages.imported[0].notes.join(' ')).toMatch(/"speaker" differs between rows/);
  });

  it('refuses a spreadsheet named without a text column (listing its columns), and leaves one found in a folder out', async () => {
    const { session, dir } = await newTestProject();
    writeFileSync(join(dir, 'survey.csv'), 'id,answer\nr1,Yes.\n');
    mkdirSync(join(dir, 'folder'));
    writeFileSync(join(dir, 'folder', 'MANIFEST.csv'), 'file,year\na.txt,2020\n');
    writeFileSync(join(dir, 'folder', 'a.txt'), 'Text a.');
    const report = await importPaths(session, [join(dir, 'survey.csv'), join(dir, 'folder')]);
    expect(report.failed).toEqual([
      {
        file: join(dir, 'survey.csv'),
        reason: expect.stringMatching(/survey\.csv is a spreadsheet; to import its rows as sources, name the column that holds the text \(--text-column\); its columns are "id", "answer"\./),
        reasonKey: { key: 'import.needTextColumn', params: { file: join(dir, 'survey.csv'), columns: '"id", "answer"' } },
      },
    ]);
    expect(report.skipped).toEqual([
      {
        file: join(dir, 'folder', 'MANIFEST.csv'),
        reason: expect.stringMatching(/spreadsheet; import it by itself as a survey/),
        reasonKey: { key: 'import.spreadsheetInFolder', params: {} },
      },
    ]);
    expect(listSources(session).map((source) => source.name)).toEqual(['a']);

    const wrong = await importPaths(session, [join(dir, 'survey.csv')], { survey: { textColumn: 'comment', rows: 'sources', attributeColumns: [] } });
    expect(wrong.failed[0].reason).toMatch(/survey\.csv: There is no column named "comment" to use as the text; the columns are "id", "answer"\./);
  });
});

describe('codebooks', () => {
  it('adds a .qdc codebook in the same transaction as the sources of the batch', async () => {
    const { session, dir } = await newTestProject();
    writeFileSync(join(dir, 'codebook.qdc'), CODEBOOK);
    writeFileSync(join(dir, 'a.txt'), 'Text a.');
    writeFileSync(join(dir, 'broken.qdc'), '<CodeBook><Codes>');

    // The disk fills while the sources are written: the codebook must not come in alone.
    session.db.exec("CREATE TEMP TRIGGER disk_full BEFORE INSERT ON main.sources BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END");
    await expect(importPaths(session, [join(dir, 'codebook.qdc'), join(dir, 'a.txt')])).rejects.toThrow(/disk is full/);
    expect(listCodes(session)).toEqual([]);
    session.db.exec('DROP TRIGGER temp.disk_full');

    const report = await importPaths(session, [join(dir, 'codebook.qdc'), join(dir, 'a.txt'), join(dir, 'broken.qdc')]);
    expect(report.codebooks).toEqual([{ file: join(dir, 'codebook.qdc'), codes: 2, notes: [] }]);
    expect(listCodes(session).map((code) => [code.name, code.color])).toEqual([
      ['Instruments', '#336699'],
      ['Platforms', expect.stringMatching(/^#[0-9a-f]{6}$/i)],
    ]);
    expect(report.failed.map((item) => item.file)).toEqual([join(dir, 'broken.qdc')]);
    expect(report.failed[0].reason).toMatch(/broken\.qdc/);
    expect(listSources(session).map((source) => source.name)).toEqual(['a']);
  });
});

describe('previews for the import dialog', () => {
  it('shows each file\'s format, encoding with its certainty, first lines and kind, or why it cannot be read', async () => {
    const gbk = iconv.encode('问：平台怎么用？\n答：每个街道都有专人负责，数据每天更新。\n'.repeat(3), 'gbk');
    const previews = await previewFiles([
      { name: '访谈.txt', data: gbk },
      { name: 'memo.docx', data: buildDocx({ body: wParagraph('First line.') + wParagraph('Second line.') }) },
      { name: 'survey.csv', data: new TextEncoder().encode('id,answer\nr1,Yes.\n') },
      { name: 'cut.docx', data: buildDocx({ body: wParagraph('x') }).subarray(0, 50) },
    ]);
    expect(previews[0]).toMatchObject({ file: '访谈.txt', error: null, preview: { format: 'text', encoding: 'gb18030', kind: 'transcript' } });
    expect(previews[0].preview?.firstLines[0]).toBe('问：平台怎么用？');
    // Chosen by the researcher, the same bytes read differently, and certainly.
    const [big5] = await previewFiles([{ name: '访谈.txt', data: gbk }], { encoding: 'big5' });
    expect(big5.preview).toMatchObject({ encoding: 'big5', certain: true });
    expect(big5.preview?.firstLines[0]).not.toBe('问：平台怎么用？');
    expect(previews[1].preview).toMatchObject({ format: 'docx', encoding: null, firstLines: ['First line.', 'Second line.'] });
    expect(previews[2].preview).toMatchObject({ format: 'csv', firstLines: ['id\tanswer', 'r1\tYes.'] });
    expect(previews[3]).toEqual({
      file: 'cut.docx',
      preview: null,
      error: expect.stringMatching(/^cut\.docx is damaged or incomplete/),
      errorKey: { key: 'import.zipDamaged', params: expect.objectContaining({ file: 'cut.docx' }) },
    });
  });
});
