import ExcelJS from 'exceljs';
import { strToU8, unzipSync, zipSync } from 'fflate';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseDocument, readAttributeSheet, readTable, surveyToDocuments } from '../../electron/importers/index';
import { UserError } from '../../electron/util/errors';
import { expectRefusal, spansOf, spanText } from './helpers';

const SURVEY_CSV = [
  'id,province,age,answer',
  '1,浙江,34,"我觉得数字治理提高了效率，但也增加了负担。"',
  '2,北京,41,"第一点：办事更快。',
  '第二点：材料更少。"',
  '3,浙江,29,',
  '4,浙江,52,"He said ""it works"", mostly."',
].join('\r\n');

async function workbook(rows: readonly (readonly unknown[])[], sheets = 1): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  for (let index = 1; index < sheets; index += 1) book.addWorksheet(`Empty ${index}`);
  const sheet = book.addWorksheet('Survey');
  for (const row of rows) sheet.addRow([...row]);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

describe('survey tables', () => {
  it('reads a GBK CSV written by Excel: quoted commas, line breaks and doubled quotes', async () => {
    const table = await readTable('survey.csv', iconv.encode(SURVEY_CSV, 'gbk'));
    expect(table.columns).toEqual(['id', 'province', 'age', 'answer']);
    expect(table.rows).toHaveLength(4);
    expect(table.rows[1]).toEqual(['2', '北京', '41', '第一点：办事更快。\n第二点：材料更少。']);
    expect(table.rows[3][3]).toBe('He said "it works", mostly.');
    expect(table.rowNumbers).toEqual([2, 3, 4, 5]);
    expect(table.notes.join(' ')).toMatch(/GB18030/);
    const semicolons = await readTable('eu.csv', Buffer.from('\uFEFFname;score\nAnna;1,5\n'));
    expect(semicolons).toMatchObject({ columns: ['name', 'score'], rows: [['Anna', '1,5']] });
  });

  it('makes one source per row, with attribute columns as attributes and empty answers skipped', async () => {
    const table = await readTable('survey.csv', Buffer.from(SURVEY_CSV));
    const sources = surveyToDocuments(table, { textColumn: 'answer', mode: 'row-per-source', attributeColumns: ['province', 'age'], nameColumn: 'id' });
    expect(sources.map((source) => source.name)).toEqual(['1', '2', '4']);
    expect(sources[1].attributes).toEqual({ province: '北京', age: '41' });
    expect(sources[1].document.text).toBe('第一点：办事更快。\n第二点：材料更少。');
    expect(spansOf(sources[1].document, 'paragraph')).toHaveLength(2);
    const unnamed = surveyToDocuments(table, { textColumn: 'answer', mode: 'row-per-source', attributeColumns: [] });
    expect(unnamed.map((source) => source.name)).toEqual(['answer row 2', 'answer row 3', 'answer row 5']);
  });

  it('makes one source with a passage per row, keeping only the attributes all rows share', async () => {
    const table = await readTable('survey.csv', Buffer.from(SURVEY_CSV));
    const [source, ...rest] = surveyToDocuments(table, { textColumn: 'answer', mode: 'row-per-passage', attributeColumns: ['province'], baseName: 'Open answers' });
    expect(rest).toEqual([]);
    expect(source.name).toBe('Open answers');
    const passages = source.document.structure.filter((span) => span.label?.startsWith('Row '));
    expect(passages.map((span) => span.label)).toEqual(['Row 2', 'Row 3', 'Row 5']);
    expect(spanText(source.document, passages[2])).toBe('He said "it works", mostly.');
    expect(source.attributes).toEqual({});
    expect(source.document.notes.join(' ')).toMatch(/"province" differs between rows/);
  });

  it('reads the first sheet with data from an .xlsx, with dates, rich text and formulas as text', async () => {
    const bytes = await workbook(
      [
        ['id', 'signed', 'answer', 'score'],
        [1, new Date(Date.UTC(2021, 2, 4)), { richText: [{ text: '数字' }, { text: '治理' }] }, { formula: '1+1', result: 2 }],
      ],
      2,
    );
    const table = await readTable('survey.xlsx', bytes);
    expect(table.columns).toEqual(['id', 'signed', 'answer', 'score']);
    expect(table.rows).toEqual([['1', '2021-03-04', '数字治理', '2']]);
    expect(table.notes).toEqual(['Read the sheet "Survey"; the workbook has 2 sheets.']);
  });

  it('refuses columns that do not exist and a spreadsheet given to parseDocument', async () => {
    const table = await readTable('survey.csv', Buffer.from(SURVEY_CSV));
    expect(() => surveyToDocuments(table, { textColumn: 'Answer', mode: 'row-per-source', attributeColumns: [] })).toThrow(
      /no column named "Answer" to use as the text; the columns are "id", "province", "age", "answer"/,
    );
    await expectRefusal(parseDocument('survey.csv', Buffer.from(SURVEY_CSV)), 'survey.csv', /is a spreadsheet: import it as a survey/);
  });

  it('refuses an .xlsx with an external entity in a sheet, and an old .xls', async () => {
    const files = unzipSync(await workbook([['a'], ['b']]));
    const sheet = Object.keys(files).find((name) => /^xl\/worksheets\/[^/]+\.xml$/.test(name));
    expect(sheet).toBeDefined();
    files[sheet as string] = strToU8(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${new TextDecoder().decode(files[sheet as string]).replace(/^<\?xml[^>]*\?>/, '')}`);
    await expectRefusal(readTable('evil.xlsx', zipSync(files)), 'evil.xlsx', /document type declaration/);
    await expectRefusal(readTable('old.xls', Buffer.from('x')), 'old.xls', /old Excel format/);
  });
});

describe('attribute sheets', () => {
  it('reads names and attributes, infers number, date and text types, and reports repeats and blanks', async () => {
    const csv = [
      'file,province,year,signed,population',
      'a.pdf,Zhejiang,2021,2021-03-04,"1,234"',
      'b.docx,Beijing,2020,2020年5月1日,987',
      ',Shanghai,2019,2019/1/2,5',
      'a.pdf,Zhejiang,2022,2022.01.31,1',
    ].join('\n');
    const sheet = await readAttributeSheet('attributes.csv', Buffer.from(csv));
    expect(sheet.keyColumn).toBe('file');
    expect(sheet.attributes).toEqual([
      { name: 'province', type: 'text' },
      { name: 'year', type: 'number' },
      { name: 'signed', type: 'date' },
      { name: 'population', type: 'number' },
    ]);
    expect(sheet.rows).toEqual([
      { key: 'a.pdf', rowNumber: 5, values: { province: 'Zhejiang', year: '2022', signed: '2022-01-31', population: '1' } },
      { key: 'b.docx', rowNumber: 3, values: { province: 'Beijing', year: '2020', signed: '2020-05-01', population: '987' } },
    ]);
    expect(sheet.notes).toEqual([
      'Row 4 has no file or source name in the first column and was left out.',
      'Row 5 repeats "a.pdf" from row 2; the later row is used.',
      'Attribute types: province (text), year (number), signed (date), population (number).',
    ]);
  });

  it('reads an .xlsx attribute sheet (dates from Excel) and refuses a one-column sheet', async () => {
    const bytes = await workbook([
      ['source', 'visited'],
      ['访谈01', new Date(Date.UTC(2023, 4, 12))],
      ['访谈02', '2023-13-01'],
    ]);
    const sheet = await readAttributeSheet('attributes.xlsx', bytes);
    // 2023-13-01 is no date, so the column is text.
    expect(sheet.attributes).toEqual([{ name: 'visited', type: 'text' }]);
    expect(sheet.rows[0].values).toEqual({ visited: '2023-05-12' });
    const error = await readAttributeSheet('names.csv', Buffer.from('file\na.pdf\n')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(/names\.csv has only one column/);
  });
});
