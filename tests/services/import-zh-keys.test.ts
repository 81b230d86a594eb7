import ExcelJS from 'exceljs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KeyedMessage } from '../../shared/domain/types';
import { importPaths, previewFiles } from '../../electron/services/importing';
import type { BatchReport } from '../../electron/services/importing';
import { sourcesEn, sourcesZhCN } from '../../renderer/features/sources/messages';
import { zip } from '../importers/fixtures';
import { BOMB_CAP_BYTES, writeGoodFiles, writeHostileFiles } from '../importers/hostile';
import { newTestProject } from '../support/project';

/*
 * The import report's keys (issue follow-up: the report in the researcher's language): every key
 * a real hostile batch makes the backend emit must be in both catalogues, with the same
 * placeholders, each of them a parameter the backend gives.
 */

type Catalogue = Readonly<Record<string, string>>;
const EN: Catalogue = sourcesEn;
const ZH: Catalogue = sourcesZhCN;

function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1]))].sort();
}

/** The catalogue entries a key is shown with: itself, or its plural forms. */
function entries(catalogue: Catalogue, key: string): string[] {
  if (catalogue[key] !== undefined) return [catalogue[key]];
  return [`${key}.one`, `${key}.other`].filter((form) => catalogue[form] !== undefined).map((form) => catalogue[form]);
}

describe('the import report in Chinese', () => {
  it('has every key a hostile batch emits in both catalogues, with the same parameters', async () => {
    const { session, dir } = await newTestProject();
    const folder = join(dir, 'batch');
    mkdirSync(folder);
    writeGoodFiles(folder);
    const hostile = writeHostileFiles(folder);
    // What a folder also holds: a second copy of a file, a stray kind of file, a spreadsheet.
    writeFileSync(join(folder, 'copy-a.txt'), 'The same interview twice.\n');
    writeFileSync(join(folder, 'copy-b.txt'), 'The same interview twice.\n');
    writeFileSync(join(folder, 'setup.exe'), 'MZ');
    writeFileSync(join(folder, 'manifest.csv'), 'file,region\na.txt,Zhejiang\n');

    const report = await importPaths(session, [folder], { caps: { maxInflatedBytes: BOMB_CAP_BYTES } });

    const emitted: { sentence: string; keyed: KeyedMessage }[] = [];
    for (const entry of [...report.failed, ...report.skipped]) {
      if (entry.reasonKey) emitted.push({ sentence: entry.reason, keyed: entry.reasonKey });
    }
    for (const entry of report.imported) {
      for (const note of entry.notes) {
        const keyed = entry.noteKeys?.[note];
        if (keyed) emitted.push({ sentence: note, keyed });
      }
    }
    const keys = new Set(emitted.map((item) => item.keyed.key));
    // The common cases of the batch all carry a key.
    for (const key of [
      'import.empty',
      'import.binary.png',
      'import.zipDamaged',
      'import.zipBomb',
      'import.xmlDoctype',
      'import.pdfEncrypted',
      'import.replaced',
      'import.tooLarge',
      'import.pdfXrefDamaged',
      'import.duplicateInBatch',
      'import.leftOut',
      'import.spreadsheetInFolder',
    ]) {
      expect(keys, key).toContain(key);
    }
    // Every file the batch refused says why with a key (none falls back to English).
    const unkeyed = report.failed.filter((entry) => !entry.reasonKey).map((entry) => entry.reason);
    expect(unkeyed).toEqual([]);
    expect(report.failed.length).toBe(hostile.filter((item) => item.outcome === 'failed').length);

    expectInBothCatalogues(emitted.map((item) => item.keyed));
  });

  it('fills the Chinese message from the parameters of a real run', async () => {
    const { session, dir } = await newTestProject();
    writeFileSync(join(dir, 'empty.txt'), '');
    writeFileSync(join(dir, 'bad.txt'), Buffer.concat([Buffer.from('第一行是正常的中文。\n第二行有坏字节'), Buffer.from([0xc3, 0x28]), Buffer.from('这里。\n第三行正常。\n')]));
    const report = await importPaths(session, [join(dir, 'empty.txt'), join(dir, 'bad.txt')]);
    const empty = report.failed[0];
    const bad = report.imported[0];
    const note = bad.notes.find((item) => item.includes('U+FFFD')) as string;
    // The English sentences are the backend's, unchanged.
    expect(empty.reason).toBe(`${join(dir, 'empty.txt')} is empty (0 bytes).`);
    expect(note).toMatch(/^1 character could not be decoded and was replaced with � \(U\+FFFD\) on line 2;/);

    expect(empty.reasonKey).toEqual({ key: 'import.empty', params: { file: join(dir, 'empty.txt') } });
    expect(fill(ZH[empty.reasonKey?.key as string], empty.reasonKey?.params)).toBe(`${join(dir, 'empty.txt')} 是空文件（0 字节）。`);
    const keyed = bad.noteKeys?.[note];
    expect(keyed).toEqual({ key: 'import.replaced', params: { count: 1, lines: '2' } });
    // Chinese has one plural form: Intl.PluralRules('zh-CN') always answers "other".
    expect(fill(ZH[`${keyed?.key}.other`], keyed?.params)).toBe('有 1 个字符无法解码，已替换为 �（U+FFFD），位于第 2 行；请对照原文检查相应位置，或选择其他编码。');
  });
});

/** A keyed message in Chinese: its message, or its plural form "other" (Chinese has only that one). */
function zh(keyed: KeyedMessage | undefined): string {
  const key = keyed?.key ?? '';
  return fill(ZH[key] ?? ZH[`${key}.other`], keyed?.params);
}

function fill(template: string, params: KeyedMessage['params'] | undefined): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => String(params?.[name] ?? whole));
}

/**
 * Every key is in both catalogues with the same placeholders, each a parameter the backend gave;
 * a spreadsheet's note in the batch's notes (import.fileNote) is checked with its own key too.
 */
function expectInBothCatalogues(emitted: readonly KeyedMessage[]): void {
  for (const keyed of emitted) {
    const en = entries(EN, keyed.key);
    const zh = entries(ZH, keyed.key);
    expect(en.length, keyed.key).toBeGreaterThan(0);
    expect(zh.length, keyed.key).toBe(en.length);
    const given = Object.keys(keyed.params);
    for (const [index, template] of en.entries()) {
      expect(placeholders(zh[index]), keyed.key).toEqual(placeholders(template));
      for (const name of placeholders(template)) expect(given, `${keyed.key} {${name}}`).toContain(name);
    }
    // Plural forms need the count as a number.
    if (EN[keyed.key] === undefined) expect(typeof keyed.params.count, keyed.key).toBe('number');
    if (keyed.key === 'import.fileNote') {
      const { file, note, noteKey, ...own } = keyed.params;
      expect([typeof file, typeof note, typeof noteKey]).toEqual(['string', 'string', 'string']);
      expectInBothCatalogues([{ key: noteKey as string, params: own }]);
    }
  }
}

/** The keyed messages of a batch report: reasons, per-file notes, the batch's and the sheet's notes, with the sentences they stand for. */
function keyedOf(report: BatchReport): { sentence: string; keyed: KeyedMessage | undefined }[] {
  return [
    ...[...report.failed, ...report.skipped].map((entry) => ({ sentence: entry.reason, keyed: entry.reasonKey })),
    ...report.imported.flatMap((entry) => entry.notes.map((note) => ({ sentence: note, keyed: entry.noteKeys?.[note] }))),
    ...report.notes.map((note) => ({ sentence: note, keyed: report.noteKeys?.[note] })),
    ...(report.attributeSheet?.notes ?? []).map((note) => ({ sentence: note, keyed: report.attributeSheet?.noteKeys?.[note] })),
  ];
}

async function workbook(sheets: Readonly<Record<string, readonly (readonly unknown[])[]>>): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = book.addWorksheet(name);
    for (const row of rows) sheet.addRow([...row]);
  }
  return new Uint8Array(await book.xlsx.writeBuffer());
}

describe('the survey, attribute-sheet, folder and preview sentences in Chinese', () => {
  it('keys every note of a survey, an attribute sheet and a folder attribute', async () => {
    const { session, dir } = await newTestProject();
    const corpus = join(dir, 'corpus');
    mkdirSync(join(corpus, 'Zhejiang'), { recursive: true });
    writeFileSync(join(corpus, 'Zhejiang', 'a.txt'), 'Interview in Hangzhou.\n');
    writeFileSync(join(corpus, 'loose.txt'), 'An interview outside every province folder.\n');
    // A workbook whose first sheet is empty, and whose "speaker" differs between rows.
    writeFileSync(
      join(dir, 'focus group.xlsx'),
      await workbook({ Cover: [], Answers: [['speaker', 'site', 'said'], ['A', 'Hefei', 'First point.'], ['B', 'Hefei', 'Second point.']] }),
    );
    // A sheet with a row without a name, a repeated name and inferred types.
    writeFileSync(join(dir, 'sheet.csv'), 'file,year,signed\na.txt,2019,2019-03-04\n,2020,2020-01-01\na.txt,2021,2021-05-06\n');

    const report = await importPaths(session, [corpus, join(dir, 'focus group.xlsx')], {
      attributeFromFolder: 'province',
      attributeSheet: join(dir, 'sheet.csv'),
      survey: { textColumn: 'said', rows: 'passages', attributeColumns: ['site', 'speaker'] },
    });
    expect(report.failed).toEqual([]);
    const all = keyedOf(report);
    // Nothing of this batch reaches a Chinese screen in English.
    expect(all.filter((item) => !item.keyed).map((item) => item.sentence)).toEqual([]);
    const keys = all.map((item) => item.keyed?.key);
    for (const key of ['import.notInSubfolder', 'import.fileNote', 'import.columnsVary', 'import.sheetRowNoName', 'import.sheetRowRepeated', 'import.attributeTypes']) {
      expect(keys, key).toContain(key);
    }
    expectInBothCatalogues(all.map((item) => item.keyed as KeyedMessage));

    // The English stays the backend's; the Chinese is filled from the same parameters
    // (tests/renderer/zhnotes-report.test.ts shows them through the dialog's reportSentence).
    const folderNote = report.notes.find((note) => note.startsWith('1 file is not inside')) as string;
    expect(folderNote).toBe(`1 file is not inside a subfolder of the imported folder, so it has no province: ${join(corpus, 'loose.txt')}.`);
    expect(zh(report.noteKeys?.[folderNote])).toBe(
      `有 1 个文件不在所导入文件夹的子文件夹中，因此没有“province”属性：${join(corpus, 'loose.txt')}。`,
    );
    const sheetNote = report.notes.find((note) => note.includes('Read the sheet')) as string;
    expect(sheetNote).toBe(`${join(dir, 'focus group.xlsx')}: Read the sheet "Answers"; the workbook has 2 sheets.`);
    expect(report.noteKeys?.[sheetNote]).toEqual({
      key: 'import.fileNote',
      params: { file: join(dir, 'focus group.xlsx'), note: 'Read the sheet "Answers"; the workbook has 2 sheets.', noteKey: 'import.sheetRead', sheet: 'Answers', count: 2 },
    });
    const repeated = report.attributeSheet?.notes.find((note) => note.includes('repeats')) as string;
    expect(zh(report.attributeSheet?.noteKeys?.[repeated])).toBe('第 4 行与第 2 行同为“a.txt”；以后面一行为准。');
    const varying = report.imported.find((entry) => entry.name === 'focus group');
    const vary = varying?.notes[0] as string;
    expect(vary).toMatch(/^The column "speaker" differs between rows/);
    expect(zh(varying?.noteKeys?.[vary])).toBe('"speaker"列在各行中的值不同，因此不能作为同一份资料的属性；如需保留，请按每行一份资料导入。');
  });

  it('keys the preview of a workbook and the per-file errors of files that cannot be read', async () => {
    const files = [
      { name: 'answers.xlsx', data: await workbook({ Cover: [], Answers: [['id', 'answer'], ['r1', 'Yes.']] }) },
      { name: 'legacy.xls', data: new Uint8Array([0x00, 0x01, 0x02]) },
      { name: 'blank.csv', data: new Uint8Array(Buffer.from(',,\n,,\n')) },
      { name: 'talk.vtt', data: new Uint8Array(Buffer.from('WEBVTT\n\nJust words, no timings.\n')) },
      { name: 'sheet.odt', data: zip({ mimetype: Buffer.from('application/vnd.oasis.opendocument.spreadsheet'), 'content.xml': Buffer.from('<office:document-content/>') }) },
      // content.xml cut short: not well-formed XML.
      { name: 'broken.odt', data: zip({ mimetype: Buffer.from('application/vnd.oasis.opendocument.text'), 'content.xml': Buffer.from('<office:document-content><office:body>') }) },
    ];
    const previews = await previewFiles(files);
    const [workbookPreview, ...failing] = previews;
    const notes = workbookPreview.preview?.notes ?? [];
    expect(notes).toEqual(['Read the sheet "Answers"; the workbook has 2 sheets.']);
    expect(workbookPreview.preview?.noteKeys?.[notes[0]]).toEqual({ key: 'import.sheetRead', params: { sheet: 'Answers', count: 2 } });
    expect(failing.map((item) => item.errorKey?.key)).toEqual(['import.advice.xls', 'import.tableEmpty', 'import.noCues', 'import.odtOtherType', 'import.odtBadXml']);
    for (const item of failing) expect(item.error, item.file).toMatch(new RegExp(`^${item.file.replace('.', '\\.')}:? `));
    expectInBothCatalogues([...failing.map((item) => item.errorKey as KeyedMessage), workbookPreview.preview?.noteKeys?.[notes[0]] as KeyedMessage]);
    expect(zh(failing[0].errorKey)).toBe('legacy.xls：Marginalia 无法导入 .xls 文件；这是旧版 Excel 格式，请另存为 .xlsx 或 .csv。');
    const odt = failing[3];
    expect(zh(odt.errorKey)).toBe('sheet.odt 不是 OpenDocument 文本文档：它声明自己是“application/vnd.oasis.opendocument.spreadsheet”。');
  });
});

