import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  exportCodebook,
  importCodebook,
  parseCodebookFile,
  previewCodebookImport,
} from '../../electron/services/codebookTransfer';
import { createCodeAtPath, listCodes, updateCode } from '../../electron/services/codes';
import type { ProjectSession } from '../../electron/services/session';
import { undo } from '../../electron/store/changeLog';
import { UserError } from '../../electron/util/errors';
import { newTestProject } from '../support/project';
import { tempDir } from '../support/temp';

function refusal(work: () => unknown): UserError {
  try {
    work();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

/** Writes a file to disk and reads it back, as the researcher's file reaches the backend. */
function realFile(dir: string, name: string, content: string | Uint8Array): { name: string; bytes: Uint8Array } {
  const path = join(dir, name);
  writeFileSync(path, content);
  return { name, bytes: new Uint8Array(readFileSync(path)) };
}

const shape = (session: ProjectSession) =>
  listCodes(session).map((code) => ({ path: code.path, color: code.color, description: code.description }));

async function chineseCodebook(): Promise<ProjectSession> {
  const { session } = await newTestProject({ name: '县域数字治理' });
  createCodeAtPath(session, '政策工具/试点', { description: '上级指定的**试点**项目。\n\n- 省级\n- 国家级' });
  createCodeAtPath(session, '政策工具/考核排名', { color: '#d55e00', description: '年底按进度排名，"一票否决"。' });
  createCodeAtPath(session, '资金来源');
  createCodeAtPath(session, 'Funding, province/Special funds \\/ grants', {
    description: 'Commas, "quotes" and a slash.',
  });
  return session;
}

describe('exporting and importing the codebook', () => {
  it('round-trips a Chinese codebook through CSV into an empty project', async () => {
    const dir = tempDir();
    const session = await chineseCodebook();
    const exported = exportCodebook(session, 'csv');
    expect(exported.fileName).toBe('县域数字治理 codebook.csv');
    expect(exported.content.startsWith('\uFEFFpath,description,colour\r\n')).toBe(true);
    const file = realFile(dir, exported.fileName, exported.content);

    const { session: empty } = await newTestProject();
    const preview = previewCodebookImport(empty, file.name, file.bytes);
    expect(preview).toMatchObject({ format: 'csv', added: 6, updated: 0, unchanged: 0 });
    expect(listCodes(empty)).toEqual([]);
    importCodebook(empty, file.name, file.bytes);
    expect(shape(empty)).toEqual(shape(session));
    // Importing the same file again changes nothing.
    expect(previewCodebookImport(empty, file.name, file.bytes)).toMatchObject({ added: 0, updated: 0, unchanged: 6 });
  });

  it('round-trips through Markdown, descriptions with lists and blank lines included', async () => {
    const dir = tempDir();
    const session = await chineseCodebook();
    const exported = exportCodebook(session, 'md');
    expect(exported.content).toContain('# 县域数字治理 codebook\n\n- 政策工具 `');
    expect(exported.content).toContain('    > 上级指定的**试点**项目。\n    >\n    > - 省级\n');
    const file = realFile(dir, 'codebook.md', exported.content);
    const { session: empty } = await newTestProject();
    importCodebook(empty, file.name, file.bytes);
    expect(shape(empty)).toEqual(shape(session));
  });

  it('previews what a file adds and updates, then imports it as one undo step', async () => {
    const dir = tempDir();
    const { session } = await newTestProject();
    createCodeAtPath(session, 'Instruments/Pilots', { description: 'Pilot schemes' });
    createCodeAtPath(session, 'Incentives', { color: '#0072b2', description: 'Why officials act' });
    const before = shape(session);
    const file = realFile(
      dir,
      'nvivo.csv',
      [
        'Path,Description,Color',
        'Instruments > Pilots,Pilot schemes set by the province,#CC79A7',
        'Incentives,,',
        'Incentives > Promotion,Career reasons,',
        'Funding > Province > Special funds,,#009e73',
      ].join('\n'),
    );
    const preview = previewCodebookImport(session, file.name, file.bytes);
    expect(preview.entries.map((entry) => [entry.change, entry.path, entry.fields])).toEqual([
      ['update', 'Instruments/Pilots', ['color', 'description']],
      ['add', 'Incentives/Promotion', []],
      ['add', 'Funding', []],
      ['add', 'Funding/Province', []],
      ['add', 'Funding/Province/Special funds', []],
    ]);
    expect(preview).toMatchObject({ added: 4, updated: 1, unchanged: 1 });
    importCodebook(session, file.name, file.bytes);
    const after = shape(session);
    expect(after.find((code) => code.path === 'Instruments/Pilots')).toEqual({
      path: 'Instruments/Pilots',
      color: '#cc79a7',
      description: 'Pilot schemes set by the province',
    });
    // An empty cell leaves what the code had.
    expect(after.find((code) => code.path === 'Incentives')?.description).toBe('Why officials act');
    expect(after.find((code) => code.path === 'Funding/Province/Special funds')?.color).toBe('#009e73');
    expect(undo(session.db)?.description).toBe('Import codebook nvivo.csv');
    expect(shape(session)).toEqual(before);
  });

  it('reads a CSV that Excel saved in GB18030 on a Chinese Windows', async () => {
    const dir = tempDir();
    const file = realFile(
      dir,
      '编码本.csv',
      iconv.encode('路径,描述,颜色\r\n政策工具/试点,上级指定的试点,#56b4e9\r\n', 'gb18030'),
    );
    const { lines } = parseCodebookFile(file.name, file.bytes);
    expect(lines).toEqual([{ names: ['政策工具', '试点'], description: '上级指定的试点', color: '#56b4e9', line: 2 }]);
  });

  it('refuses bad files with a sentence that says what to fix, adding nothing', async () => {
    const dir = tempDir();
    const { session } = await newTestProject();
    const bad = (name: string, content: string): UserError => {
      const file = realFile(dir, name, content);
      return refusal(() => importCodebook(session, file.name, file.bytes));
    };
    expect(bad('codes.csv', 'name,description\nPilots,x\n').message).toBe(
      'codes.csv has no "path" column. Its first row must name the columns: path, description, colour (description and colour may be left out).',
    );
    expect(bad('twice.csv', 'path,description\nA/B,one\nA,\nA > B,two\n').message).toBe(
      'twice.csv lists the code "A > B" twice (lines 2 and 4). Keep one of them.',
    );
    expect(bad('slash.csv', 'path\nA//B\n').message).toBe(
      'Row 2 of slash.csv has a malformed code path: "A//B" (write names joined with "/" or " > ").',
    );
    expect(bad('colour.csv', 'path,colour\nA,red\n').message).toBe(
      'Row 2 of colour.csv has the colour "red"; write colours as #rrggbb.',
    );
    expect(bad('empty.csv', '\n\n').message).toBe('empty.csv is empty.');
    expect(bad('notes.md', '# Notes\n\nNo list here.\n').message).toContain('notes.md has no codes');
    expect(bad('codebook.xlsx', 'x').message).toBe('Codebooks are imported from .csv or .md files, not .xlsx.');
    expect(listCodes(session)).toEqual([]);
  });

  it('keeps updates and additions apart from unchanged codes after a description was edited', async () => {
    const dir = tempDir();
    const session = await chineseCodebook();
    const file = realFile(dir, 'book.csv', exportCodebook(session, 'csv').content);
    const pilots = listCodes(session).find((code) => code.path === '政策工具/试点');
    updateCode(session, pilots?.id as never, { description: '改过的描述' });
    const preview = previewCodebookImport(session, file.name, file.bytes);
    expect(preview).toMatchObject({ added: 0, updated: 1, unchanged: 5 });
    expect(preview.entries[0]).toMatchObject({ path: '政策工具/试点', change: 'update', fields: ['description'] });
  });
});
