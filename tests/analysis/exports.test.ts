import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { unzipSync, strFromU8 } from 'fflate';
import { crosstab } from '../../electron/services/analysis/crosstab';
import { codedSegments } from '../../electron/services/analysis/segments';
import { codeDocumentMatrix } from '../../electron/services/analysis/matrix';
import { codebookWithCounts } from '../../electron/services/analysis/codebook';
import { cooccurrence } from '../../electron/services/analysis/cooccurrence';
import { wordFrequency } from '../../electron/services/analysis/wordfreq';
import { createCodeAtPath } from '../../electron/services/codes';
import { createCoding } from '../../electron/services/codings';
import { renderExport } from '../../electron/exporters/output';
import { fitCell, sheetName, XLSX_CELL_LIMIT } from '../../electron/exporters/xlsx';
import { codebookDocx } from '../../electron/exporters/docx';
import { exportAnalysis, exportChart } from '../../electron/exporters/analysisFile';
import { crosstabDocument } from '../../shared/format/crosstab';
import { segmentsDocument } from '../../shared/format/segments';
import { matrixDocument } from '../../shared/format/matrix';
import { cooccurrenceDocument } from '../../shared/format/cooccurrence';
import { wordfreqDocument } from '../../shared/format/wordfreq';
import { parseCsv } from '../../shared/format/csv';
import { addText, newTestProject } from '../support/project';
import { analysisFixture } from './fixture';

type Cell = string | number | null;

/** Every sheet of a workbook as rows of plain values (rich text and empties normalised). */
async function readWorkbook(bytes: Buffer): Promise<Map<string, Cell[][]>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheets = new Map<string, Cell[][]>();
  workbook.eachSheet((sheet) => {
    const rows: Cell[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row, number) => {
      const values: Cell[] = [];
      for (let column = 1; column <= row.cellCount; column += 1) {
        const value = row.getCell(column).value;
        values.push(value === null || value === undefined ? null : (value as string | number));
      }
      rows[number - 1] = values;
    });
    sheets.set(sheet.name, rows);
  });
  return sheets;
}

describe('exports read back', () => {
  it('writes the crosstab as XLSX: a sheet per table and an About sheet, cell by cell', async () => {
    const { session } = await analysisFixture();
    const report = crosstab(session, { kind: 'crosstab', by: 'province', percent: 'row', coder: 'Ana' });
    const sheets = await readWorkbook((await renderExport(crosstabDocument(report), 'xlsx')) as Buffer);
    expect([...sheets.keys()]).toEqual(['segments', 'row %', 'columns', 'About']);
    // Ana's codings (see the service test): Policy 1 / 6 / 1, Data 0 / 3 / 1, Platform 1 / 3 / 0, Assessment 1 / 1 / 0.
    expect(sheets.get('segments')).toEqual([
      ['code', 'Anhui', 'Zhejiang', '(none)', 'total'],
      ['Policy', 1, 6, 1, 8],
      ['Policy/Data', 0, 3, 1, 4],
      ['Policy/Platform', 1, 3, 0, 4],
      ['Assessment', 1, 1, 0, 2],
      ['(all codes)', 2, 7, 1, 10],
    ]);
    const percent = sheets.get('row %') as Cell[][];
    expect(percent[0]).toEqual(['code', 'Anhui', 'Zhejiang', '(none)', 'total']);
    // Policy: 1 / 8 = 12.5 %, 6 / 8 = 75 %, 1 / 8 = 12.5 %; totals row 2 / 10, 7 / 10, 1 / 10.
    expect(percent[1]).toEqual(['Policy', 12.5, 75, 12.5, 100]);
    expect(percent[5]).toEqual(['(all codes)', 20, 70, 10, 100]);
    expect(sheets.get('columns')).toEqual([
      ['column', 'province', 'sources'],
      ['Anhui', 'Anhui', 1],
      ['Zhejiang', 'Zhejiang', 2],
      ['(none)', '(none)', 1],
      ['(all)', null, 4],
    ]);
    const about = new Map((sheets.get('About') as Cell[][]).filter((row) => row && row.length >= 2).map((row) => [row[0], row[1]]));
    expect(about.get('Project')).toBe('Fixture study');
    expect(about.get('Unit')).toMatch(/^segments: number of codings/);
    expect(about.get('Coder')).toBe('Ana');
    expect(about.get('Filters')).toBe('none');
    expect(about.get('Marginalia version')).toBe('0.1.0');
    expect(String(about.get('Date'))).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(about.get('Query')).toMatch(/crosstab of all codes \(with descendants\) by province; unit segments; coder Ana; row %/);
    expect(JSON.parse(String(about.get('Query (JSON)')))).toMatchObject({ kind: 'crosstab', by: 'province', percent: 'row', coder: 'Ana' });
    expect(about.get('segments')).toMatch(/unit: segments; coder: Ana/);
  });

  it('writes coded segments as XLSX and CSV that parse back to the same rows, characters above U+FFFF intact', async () => {
    const { session, sources, codes } = await analysisFixture();
    const document = segmentsDocument(codedSegments(session, { kind: 'segments', codeId: codes.data.id }));
    const header = [
      'coding_id', 'source_id', 'source', 'province', 'year', 'issued', 'level', 'code_id', 'code_path', 'top_level_code', 'coder',
      'start', 'end', 'start_cp', 'end_cp', 'characters', 'page', 'turn', 'section', 'text', 'memo', 'created_at',
    ];
    const sheets = await readWorkbook((await renderExport(document, 'xlsx')) as Buffer);
    const rows = sheets.get('segments') as Cell[][];
    expect(rows[0]).toEqual(header);
    // Data: zj1 [6,10) and [8,12), zj2 [2,8), none1 [0,2).
    expect(rows.slice(1).map((row) => [row[2], row[11], row[12], row[13], row[14], row[15], row[17], row[18], row[19]])).toEqual([
      ['zj1', 6, 10, 6, 10, 4, null, '第一条', '建设数据'],
      ['zj1', 8, 12, 8, 12, 4, null, '第一条', '数据平台'],
      ['zj2', 2, 8, 2, 7, 5, '问', null, '𠀀城的数据'],
      ['none1', 0, 2, 0, 2, 2, null, null, '数据'],
    ]);
    // none1 has no province: an empty cell, not "(none)".
    expect(rows[4][3]).toBeNull();
    expect(rows[3][1]).toBe(sources.zj2.id);

    const csv = parseCsv((await renderExport(document, 'csv')) as string);
    expect(csv[0]).toEqual([...header, 'query']);
    expect(csv).toHaveLength(5);
    expect(csv[3].slice(11, 20)).toEqual(['2', '8', '2', '7', '5', '', '问', '', '𠀀城的数据']);
    expect(csv[4][3]).toBe('');
    expect(csv[1].at(-1)).toBe('coded segments of Policy/Data (with descendants); coder all coders');
  });

  it('writes the matrix, co-occurrence and word frequency to XLSX with the same numbers as the JSON', async () => {
    const { session } = await analysisFixture();
    const matrix = await readWorkbook((await renderExport(matrixDocument(codeDocumentMatrix(session, { kind: 'matrix', value: 'characters' })), 'xlsx')) as Buffer);
    expect((matrix.get('characters') as Cell[][])[0]).toEqual(['source_id', 'source', 'kind', 'province', 'year', 'issued', 'level', 'Policy', 'Policy/Data', 'Policy/Platform', 'Assessment']);
    expect((matrix.get('characters') as Cell[][]).map((row) => row.slice(7))).toEqual([
      ['Policy', 'Policy/Data', 'Policy/Platform', 'Assessment'],
      [8, 6, 4, 2],
      [9, 5, 6, 2],
      [2, 0, 2, 4],
      [2, 2, 0, 0],
    ]);
    const co = await readWorkbook((await renderExport(cooccurrenceDocument(cooccurrence(session, { kind: 'cooccurrence', by: 'province' })), 'xlsx')) as Buffer);
    expect([...co.keys()]).toEqual(['Anhui', 'Zhejiang', '(none)', 'About']);
    expect((co.get('Zhejiang') as Cell[][])[2]).toEqual(['Policy/Data', 0, 3, 2, 0]);
    const words = wordFrequency(session, { kind: 'wordfreq', by: 'province', top: 2 });
    const sheets = await readWorkbook((await renderExport(wordfreqDocument(words), 'xlsx')) as Buffer);
    expect([...sheets.keys()]).toEqual(['top words', 'top words per province', 'stop words', 'About']);
    // 平台 5 (Anhui 1, Zhejiang 4, none 0) and 数据 4 (0, 3, 1) of 21 words counted in all.
    const top = sheets.get('top words') as Cell[][];
    expect(top[0]).toEqual(['rank', 'word', 'Anhui', 'Zhejiang', '(none)', 'total', 'per 1,000 words']);
    expect(top[1].slice(0, 6)).toEqual([1, '平台', 1, 4, 0, 5]);
    expect(top[1][6]).toBeCloseTo((1000 * 5) / words.result.totalWords, 10);
    expect(top[2].slice(0, 6)).toEqual([2, '数据', 0, 3, 1, 4]);
  });

  it('writes CSV for Excel with a byte-order mark and never as formulas, and JSON and Markdown with the query', async () => {
    const { session } = await newTestProject({ name: 'Formulas' });
    const code = createCodeAtPath(session, '=risky');
    const source = await addText(session, 'f', '=HYPERLINK("http://x") 数据', { province: 'Zhejiang' });
    createCoding(session, { sourceId: source.id, codeId: code.id, start: 0, end: 22 });
    const document = segmentsDocument(codedSegments(session, { kind: 'segments' }));
    const plain = (await renderExport(document, 'csv')) as string;
    expect(plain.startsWith('\uFEFF')).toBe(false);
    expect(parseCsv(plain)[1]).toContain('=HYPERLINK("http://x")');
    const excel = (await renderExport(document, 'csv', { bom: true })) as string;
    expect(excel.startsWith('\uFEFF')).toBe(true);
    const row = parseCsv(excel.slice(1))[1];
    expect(row).toContain(`'=HYPERLINK("http://x")`);
    expect(row).toContain(`'=risky`);
    const json = JSON.parse((await renderExport(document, 'json')) as string);
    expect(json.query).toEqual({ kind: 'segments', codeId: null, where: [], coder: null });
    expect(json.about.Project).toBe('Formulas');
    expect(json.segments[0].text).toBe('=HYPERLINK("http://x")');
    const markdown = (await renderExport(crosstabDocument(crosstab(session, { kind: 'crosstab', by: 'province' })), 'md')) as string;
    expect(markdown).toMatch(/- Unit: segments: number of codings/);
    expect(markdown).toMatch(/\| =risky \| 1 \| 0 \| 1 \|/);
  });

  it('writes the codebook as a Word document with names, descriptions, counts and examples', async () => {
    const { session } = await analysisFixture();
    const bytes = await codebookDocx(codebookWithCounts(session, { kind: 'codebook', examples: 1 }));
    const files = unzipSync(new Uint8Array(bytes));
    const xml = strFromU8(files['word/document.xml']);
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((match) => match[1]).join('|');
    expect(text).toContain('Codebook — Fixture study');
    expect(text).toContain('Platform');
    expect(text).toContain('Evaluation of officials (考核).');
    expect(text).toContain('9 segments in 4 documents');
    expect(text).toContain('“平台”');
    expect(text).toContain('— zj1, 第一条');
    // Headings follow depth: Policy is a first-level heading, Policy/Data a second-level one.
    expect(xml).toMatch(/<w:pStyle w:val="Heading1"\/>.*?<w:t[^>]*>Policy<\/w:t>/s);
    expect(xml).toMatch(/<w:pStyle w:val="Heading2"\/>.*?<w:t[^>]*>Data<\/w:t>/s);
  });

  it('makes files for the app’s save dialog: a name, a type and the same bytes the CLI writes', async () => {
    const { session } = await analysisFixture();
    const file = await exportAnalysis(session, { kind: 'crosstab', by: 'province', unit: 'documents' }, 'csv', { bom: true });
    expect(file.fileName).toBe('crosstab-by-province-documents.csv');
    expect(file.mimeType).toBe('text/csv; charset=utf-8');
    const text = file.data.toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(parseCsv(text.slice(1)).at(-2)?.slice(2, 7)).toEqual(['Assessment', '1', '2', '0', '3']);
    const docx = await exportAnalysis(session, { kind: 'codebook' }, 'docx');
    expect(docx.fileName).toBe('codebook.docx');
    expect(unzipSync(new Uint8Array(docx.data))['word/document.xml']).toBeDefined();
    await expect(exportAnalysis(session, { kind: 'matrix' }, 'docx')).rejects.toThrow(/Word document is made for the codebook only/);
    const chart = await exportChart(session, { query: { kind: 'cooccurrence' }, chart: 'heatmap', format: 'png', width: 600, scale: 1 });
    expect(chart.fileName).toBe('cooccurrence-overlap.png');
    expect(chart.data.readUInt32BE(16)).toBe(600);
    await expect(exportChart(session, { query: { kind: 'segments' }, chart: 'bars', format: 'svg' })).rejects.toThrow(/no bars chart of segments/);
  });

  it('names sheets as Excel allows and cuts only texts too long for a cell', () => {
    const taken = new Set<string>(['about']);
    expect(sheetName('top words per province', taken)).toBe('top words per province');
    expect(sheetName('a/b:c*d?[e]', taken)).toBe('a-b-c-d--e-');
    expect(sheetName('History', taken)).toBe('History 1');
    expect(sheetName('Zhejiang / county and a very long value', taken)).toHaveLength(31);
    expect(sheetName('about', taken)).toBe('about (2)');
    expect(fitCell('short')).toBe('short');
    const long = `${'数'.repeat(XLSX_CELL_LIMIT - 201)}𠀀${'据'.repeat(500)}`;
    const cut = fitCell(long);
    expect(cut.length).toBeLessThanOrEqual(XLSX_CELL_LIMIT);
    // The cut falls before 𠀀 rather than between its two halves.
    expect(cut).toMatch(/^数+ … \[cut here: 502 more UTF-16 units/);
  });
});
