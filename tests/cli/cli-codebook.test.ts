import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { listCodes } from '../../electron/services/codes';
import { closeProject, openProject } from '../../electron/services/project';
import { undo } from '../../electron/store/changeLog';
import type { Code } from '../../shared/domain/types';
import { testBackend, valueOf as value } from '../support/backend';
import { cli, REPO_ROOT } from '../support/cli';

const CLI_TIMEOUT = 180_000;

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'marginalia-cli-codebook-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The code tree as a researcher sees it: paths in codebook order, with description and colour. */
function tree(path: string): { path: string; description: string; color: string }[] {
  const session = openProject(path);
  try {
    return listCodes(session).map((code) => ({ path: code.path, description: code.description, color: code.color }));
  } finally {
    closeProject(session);
  }
}

/**
 * The digital-governance codebook and a Chinese branch: a description with a comma, quotes, a
 * blank line and a list, and a sub-code. Returns the project file and the channel's exports.
 */
async function sourceProject(): Promise<{ path: string; csv: string; md: string }> {
  const b = testBackend();
  const project = await value<{ path: string }>(
    b.invoke('projects:create', { name: '编码本来源', template: 'digital-governance', coderName: '李明' }),
  );
  const platform = await value<Code>(
    b.invoke('codes:create', {
      parentId: null,
      name: '数字平台',
      color: '#123abc',
      description: '平台的使用，“浙里办”之类。\n\n- 政务 App\n- 小程序',
    }),
  );
  await value(b.invoke('codes:create', { parentId: platform.id, name: '基层乡镇', description: '' }));
  const exported = async (format: 'csv' | 'md') =>
    (await value<{ content: string }>(b.invoke('codebooks:export', { format }))).content;
  const csv = await exported('csv');
  const md = await exported('md');
  await value(b.invoke('projects:close', {}));
  return { path: project.path, csv, md };
}

describe('marginalia codebook export|import', () => {
  beforeAll(() => {
    if (!existsSync(join(REPO_ROOT, process.env.MARGINALIA_OUT ?? 'out', 'node', 'cli.js'))) {
      throw new Error('Build the CLI first (npm run build:node).');
    }
  });

  it(
    'exports what the app exports and imports it into a fresh project as the same code tree, one undo step',
    async () => {
      const source = await sourceProject();
      const dir = tempDir();
      const expected = tree(source.path);
      expect(expected.map((code) => code.path)).toEqual(expect.arrayContaining(['数字平台', '数字平台/基层乡镇']));

      const md = cli(['codebook', 'export', source.path], { cwd: dir });
      expect(md.status).toBe(0);
      expect(md.stdout).toBe(source.md);
      const csvFile = join(dir, 'codes.csv');
      expect(cli(['codebook', 'export', source.path, '--format', 'csv', '--out', csvFile], { cwd: dir }).status).toBe(
        0,
      );
      expect(readFileSync(csvFile).equals(Buffer.from(source.csv, 'utf8'))).toBe(true);
      const mdFile = join(dir, 'codes.md');
      writeFileSync(mdFile, md.stdout);

      for (const file of [mdFile, csvFile]) {
        const fresh = join(dir, `fresh-${file.endsWith('.md') ? 'md' : 'csv'}.marginalia`);
        expect(cli(['new', fresh, '--coder', 'Bo'], { cwd: dir }).status).toBe(0);
        const dry = cli(['codebook', 'import', fresh, file, '--dry-run'], { cwd: dir });
        expect(dry.status).toBe(0);
        expect(dry.stdout).toContain(`would add ${expected.length} codes`);
        expect(tree(fresh)).toEqual([]);

        const run = cli(['codebook', 'import', fresh, file], { cwd: dir });
        expect(run.status).toBe(0);
        expect(run.stdout).toContain(`: ${expected.length} codes added, 0 updated, 0 already as the file has them.`);
        expect(run.stdout).toMatch(/\nadd +数字平台 +#123abc, with a description\n/);
        expect(tree(fresh)).toEqual(expected);

        // Again: nothing to add; then one undo takes the whole first import back.
        expect(cli(['codebook', 'import', fresh, file], { cwd: dir }).stdout).toContain(
          'The codebook already has everything this file lists.',
        );
        const session = openProject(fresh);
        try {
          undo(session.db);
        } finally {
          closeProject(session);
        }
        expect(tree(fresh)).toEqual([]);
      }
    },
    CLI_TIMEOUT,
  );

  it(
    'updates descriptions and colours of codes that exist, and reads a file in the encoding it is told',
    async () => {
      const dir = tempDir();
      const project = join(dir, 'study.marginalia');
      expect(cli(['new', project, '--codebook', 'digital-governance', '--coder', 'Ana'], { cwd: dir }).status).toBe(0);
      // Big5, as a Taiwanese colleague's Excel saves it: without --encoding it is not read as Big5.
      const big5 = join(dir, 'big5.csv');
      writeFileSync(
        big5,
        iconv.encode('path,description,colour\r\nIncentives,激勵與考核,#aa0000\r\n數位平台,,\r\n', 'big5'),
      );
      const run = cli(['codebook', 'import', project, big5, '--encoding', 'big5'], { cwd: dir });
      expect(run.status).toBe(0);
      expect(run.stderr).toContain('Read big5.csv as Big5');
      expect(run.stdout).toContain('big5.csv: 1 code added, 1 updated, 0 already as the file has them.');
      expect(run.stdout).toMatch(/\nupdate +Incentives +colour, description\n/);
      const codes = tree(project);
      expect(codes.find((code) => code.path === 'Incentives')).toMatchObject({
        description: '激勵與考核',
        color: '#aa0000',
      });
      expect(codes.some((code) => code.path === '數位平台')).toBe(true);

      const wrong = cli(['codebook', 'import', project, big5, '--encoding', 'klingon'], { cwd: dir });
      expect(wrong.status).toBe(2);
      expect(wrong.stderr).toContain('"klingon" is not an encoding Marginalia knows');
      const bad = join(dir, 'bad.csv');
      writeFileSync(bad, 'name\r\nx\r\n');
      const refused = cli(['codebook', 'import', project, bad], { cwd: dir });
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain('bad.csv has no "path" column');
      expect(cli(['codebook', 'import', project], { cwd: dir }).status).toBe(2);
      expect(cli(['codebook', 'import', project, join(dir, 'none.csv')], { cwd: dir }).stderr).toContain('Cannot read');

      // The report with counts is still `codebook <project>`.
      const report = cli(['codebook', project, '--examples', '0'], { cwd: dir });
      expect(report.status).toBe(0);
      expect(report.stdout).toContain('# Codebook');
    },
    CLI_TIMEOUT,
  );
});
