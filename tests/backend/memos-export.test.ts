import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../shared/format/csv';
import { markdownToPlainText, type MemoEntry, type MemoExportFile } from '../../shared/ipc/channels/memos';
import { testBackend, valueOf as value } from '../support/backend';
import { CODED, INTERVIEW, memoProject } from './memos-fixture';

/** How often `needle` occurs in `text`. */
function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

describe('memos:export', () => {
  it('writes Markdown with the journal first, then each memo once under what it is attached to', async () => {
    const b = testBackend();
    const fixture = await memoProject(b);
    const file = await value<MemoExportFile>(b.invoke('memos:export', { format: 'md' }));
    const md = file.content;
    expect(file).toMatchObject({ fileName: '数字治理研究 memos.md', count: 4 });
    expect(
      md.startsWith(
        '# Memos — 数字治理研究\n\n4 memos: 1 in the project journal, 1 on sources, 1 on codes, 1 on codings.\n',
      ),
    ).toBe(true);

    // The sections in order, each once.
    const sections = ['## Project journal', '## Memos on sources', '## Memos on codes', '## Memos on codings'];
    const at = sections.map((heading) => md.indexOf(`\n${heading}\n`));
    expect(at.every((index) => index > 0)).toBe(true);
    expect([...at].sort((x, y) => x - y)).toEqual(at);

    // Each memo body exactly once, in its own section; the memo's own heading moved under the memo.
    const section = (index: number) => md.slice(at[index], at[index + 1] ?? md.length);
    expect(section(0)).toContain('### 第一周\n');
    expect(section(0)).toContain('#### 开始\n\n- 开始编码\n- **trust** matters, "a lot"');
    expect(section(0)).toContain('- Author: 李明');
    expect(section(1)).toContain('### 访谈01 — 访谈背景\n\n- Attached to: source “访谈01”');
    expect(section(1)).toContain('=1+1 is what the official wrote on the board.\n\nInterviewed in *Hefei*, 2024.');
    expect(section(2)).toContain('### Incentives\n\n- Attached to: code “Incentives”');
    expect(section(2)).toContain(fixture.codeMemo.body);
    expect(section(3)).toContain(
      `### ${fixture.codePath} · 访谈01\n\n- Attached to: coding of “${fixture.codePath}” in “访谈01”, paragraph 2 (characters ${INTERVIEW.indexOf(CODED)}–${INTERVIEW.indexOf(CODED) + CODED.length})`,
    );
    expect(section(3)).toContain('- Coded by: 李明');
    expect(section(3)).toContain(`> ${CODED}\n`);
    expect(section(3)).toContain(fixture.codingMemo.body);
    for (const memo of [fixture.journal, fixture.sourceMemo, fixture.codeMemo, fixture.codingMemo]) {
      expect(occurrences(md, memo.body.replace(/^# /m, '#### '))).toBe(1);
    }
    // Dates as stored, in UTC, so the file does not depend on the computer's time zone.
    expect(md).toContain(
      `- Created: ${fixture.journal.createdAt?.slice(0, 10)} ${fixture.journal.createdAt?.slice(11, 16)} UTC`,
    );
  });

  it('writes CSV with one row per memo, read back to the memo texts; the BOM and formula guard on request', async () => {
    const b = testBackend();
    const fixture = await memoProject(b);
    const plain = await value<MemoExportFile>(b.invoke('memos:export', { format: 'csv' }));
    expect(plain.fileName).toBe('数字治理研究 memos.csv');
    expect(plain.content.startsWith('id,kind,attached_to,title,author,created,modified,text\r\n')).toBe(true);
    const rows = parseCsv(plain.content);
    expect(rows[0]).toEqual(['id', 'kind', 'attached_to', 'title', 'author', 'created', 'modified', 'text']);
    const body = rows.slice(1);
    expect(body.map((row) => row[1])).toEqual(['journal', 'source', 'code', 'coding']);
    const memos = [fixture.journal, fixture.sourceMemo, fixture.codeMemo, fixture.codingMemo];
    expect(body.map((row) => row[0])).toEqual(memos.map((memo) => memo.key));
    expect(body.map((row) => row[7])).toEqual(memos.map((memo) => markdownToPlainText(memo.body)));
    expect(body[3][7]).toBe('为什么这里提到排名？\n压力从哪里来');
    expect(body[1][2]).toBe('source “访谈01”');
    expect(body[3][2]).toContain('in “访谈01”, paragraph 2');
    expect(body.map((row) => row[4])).toEqual(['李明', '李明', '李明', '李明']);
    expect(body[0][5]).toBe(fixture.journal.createdAt);
    expect(body[3][6]).toBe(fixture.codingMemo.updatedAt);

    const excel = await value<MemoExportFile>(b.invoke('memos:export', { format: 'csv', bom: true }));
    expect(excel.content.startsWith('\uFEFFid,kind')).toBe(true);
    const excelRows = parseCsv(excel.content.slice(1));
    expect(excelRows[2][7].startsWith("'=1+1")).toBe(true);
    expect(body[1][7].startsWith('=1+1')).toBe(true);
  });

  it('exports only the memos named by their keys, as the Memos tab does under a filter', async () => {
    const b = testBackend();
    const fixture = await memoProject(b);
    const keys = [fixture.codeMemo.key, fixture.codingMemo.key];
    const file = await value<MemoExportFile>(b.invoke('memos:export', { format: 'md', keys }));
    expect(file.count).toBe(2);
    expect(file.content).toContain('2 memos: 1 on codes, 1 on codings.');
    expect(file.content).not.toContain('## Project journal');
    expect(file.content).not.toContain(fixture.sourceMemo.body);
    const csv = parseCsv((await value<MemoExportFile>(b.invoke('memos:export', { format: 'csv', keys }))).content);
    expect(csv.slice(1).map((row) => row[0])).toEqual(keys);

    // A memo deleted since is simply not there; an empty project says so rather than failing.
    const empty = testBackend();
    await value(empty.invoke('projects:create', { name: 'Empty', template: 'empty', coderName: 'Ana' }));
    const none = await value<MemoExportFile>(empty.invoke('memos:export', { format: 'md' }));
    expect(none).toMatchObject({ count: 0, content: '# Memos — Empty\n\nNo memos.\n' });
    const list = await value<MemoEntry[]>(b.invoke('memos:list', {}));
    expect(list).toHaveLength(4);
  });

  it('refuses unknown formats as an error value', async () => {
    const b = testBackend();
    await memoProject(b);
    expect(await b.invoke('memos:export', { format: 'docx' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-arguments' },
    });
  });
});
