import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { parseCsv } from '../../shared/format/csv';
import { markdownToPlainText, type MemoExportFile } from '../../shared/ipc/channels/memos';
import { testBackend, valueOf as value } from '../support/backend';
import { cli, REPO_ROOT } from '../support/cli';
import { memoProject } from '../backend/memos-fixture';

// Each command is a child process; on a busy two-core machine they take a while.
const CLI_TIMEOUT = 120_000;

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'marginalia-cli-memos-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('marginalia memos', () => {
  beforeAll(() => {
    if (!existsSync(join(REPO_ROOT, process.env.MARGINALIA_OUT ?? 'out', 'node', 'cli.js'))) {
      throw new Error('Build the CLI first (npm run build:node).');
    }
  });

  it(
    'writes the same Markdown and CSV as the memos:export channel, byte for byte',
    async () => {
      const b = testBackend();
      const fixture = await memoProject(b);
      const channel = async (format: 'md' | 'csv', bom = false) =>
        (await value<MemoExportFile>(b.invoke('memos:export', { format, bom }))).content;
      const md = await channel('md');
      const csv = await channel('csv');
      const excel = await channel('csv', true);
      // The CLI opens the project file itself: the app lets go of it first.
      await value(b.invoke('projects:close', {}));
      const dir = tempDir();
      const path = fixture.project.path;

      let run = cli(['memos', path], { cwd: dir });
      expect(run.status).toBe(0);
      expect(run.stdout).toBe(md);

      run = cli(['memos', path, '--format', 'md', '--out', join(dir, 'memos.md')], { cwd: dir });
      expect(run.status).toBe(0);
      expect(run.stderr).toContain('memos.md');
      expect(readFileSync(join(dir, 'memos.md')).equals(Buffer.from(md, 'utf8'))).toBe(true);

      expect(cli(['memos', path, '--format', 'csv', '--out', join(dir, 'memos.csv')], { cwd: dir }).status).toBe(0);
      const csvBytes = readFileSync(join(dir, 'memos.csv'));
      expect(csvBytes.equals(Buffer.from(csv, 'utf8'))).toBe(true);
      const rows = parseCsv(csvBytes.toString('utf8'));
      expect(rows.slice(1).map((row) => row[7])).toEqual(
        [fixture.journal, fixture.sourceMemo, fixture.codeMemo, fixture.codingMemo].map((memo) =>
          markdownToPlainText(memo.body),
        ),
      );

      expect(
        cli(['memos', path, '--format', 'csv', '--bom', '--out', join(dir, 'excel.csv')], { cwd: dir }).status,
      ).toBe(0);
      const excelBytes = readFileSync(join(dir, 'excel.csv'));
      expect([...excelBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(excelBytes.equals(Buffer.from(excel, 'utf8'))).toBe(true);
    },
    CLI_TIMEOUT,
  );

  it(
    'says what is wrong with the command line, and lists itself in the help',
    async () => {
      const b = testBackend();
      const fixture = await memoProject(b);
      await value(b.invoke('projects:close', {}));
      const dir = tempDir();
      const bomOnMarkdown = cli(['memos', fixture.project.path, '--bom'], { cwd: dir });
      expect(bomOnMarkdown.status).toBe(2);
      expect(bomOnMarkdown.stderr).toContain('--bom is for CSV files');
      expect(cli(['memos', fixture.project.path, '--format', 'docx'], { cwd: dir }).status).toBe(2);
      expect(cli(['memos'], { cwd: dir }).stderr).toContain('The memos command needs a project file.');
      const missing = cli(['memos', join(dir, 'nowhere.marginalia')], { cwd: dir });
      expect(missing.status).toBe(1);
      expect(cli(['--help'], { cwd: dir }).stdout).toMatch(/\n {2}memos +export the journal and every memo/);
      expect(cli(['memos', '--help'], { cwd: dir }).stdout).toContain('--format csv  one row per memo');
    },
    CLI_TIMEOUT,
  );
});
