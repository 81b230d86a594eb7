import iconv from 'iconv-lite';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SourceId } from '../../shared/domain/ids';
import { parseCsv } from '../../shared/format/csv';
import { listCodes } from '../../electron/services/codes';
import { closeProject, openProject } from '../../electron/services/project';
import type { ProjectSession } from '../../electron/services/session';
import { getSource, listSources } from '../../electron/services/sources';
import { writeQdc } from '../../electron/exchange/write';
import { BOMB_CAP_BYTES, writeGoodFiles, writeHostileFiles } from '../importers/hostile';
import { cli, REPO_ROOT } from '../support/cli';
import { tempDir } from '../support/temp';

// The shared corpus sits beside the repository; its text is read here, never copied.
const CORPUS = resolve(REPO_ROOT, '..', 'shared', 'corpora', 'cn-local-digital-regs');

type Listed = { name: string; kind: string; length: number; attributes: Record<string, string> };

function newProject(dir: string): string {
  const project = join(dir, 'study.marginalia');
  expect(cli(['new', project], { cwd: dir }).status).toBe(0);
  return project;
}

function sources(project: string, dir: string): Listed[] {
  const run = cli(['sources', project, '--format', 'json'], { cwd: dir });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Listed[];
}

/** Opens the project in this process once the CLI has finished with it. */
function inspect<T>(project: string, look: (session: ProjectSession) => T): T {
  const session = openProject(project);
  try {
    return look(session);
  } finally {
    closeProject(session);
  }
}

describe('marginalia import: the cn-local-digital-regs corpus', () => {
  it('imports the 33 regulations with the province from their folder, article text intact, and writes the report', () => {
    const dir = tempDir();
    const project = newProject(dir);
    const reportPath = join(dir, 'report.json');
    const run = cli(['import', project, CORPUS, '--attr-from-folder', 'province', '--report', reportPath], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Imported 33, skipped 1, failed 0\./);
    expect(run.stdout).toMatch(/skipped {3}.*MANIFEST\.csv: It is a spreadsheet/);

    // Counted from the disk here, compared with what the project holds.
    const expected: Record<string, number> = {};
    for (const entry of readdirSync(CORPUS, { withFileTypes: true })) {
      if (entry.isDirectory()) expected[entry.name] = readdirSync(join(CORPUS, entry.name)).filter((name) => name.endsWith('.md')).length;
    }
    expect(Object.keys(expected)).toHaveLength(7);
    const counted: Record<string, number> = {};
    for (const source of sources(project, dir)) counted[source.attributes.province] = (counted[source.attributes.province] ?? 0) + 1;
    expect(counted).toEqual(expected);

    // A known article, read from the corpus file, is intact in the source and its 第N条 span.
    const raw = readFileSync(join(CORPUS, 'zhejiang', '杭州市智慧经济促进条例(2015-10-14).md'), 'utf8');
    const article = raw.split('\n').find((line) => line.startsWith('第五条 '));
    expect(article).toBeDefined();
    inspect(project, (session) => {
      const summary = listSources(session).find((source) => source.name === '杭州市智慧经济促进条例(2015-10-14)');
      const source = getSource(session, summary?.id as SourceId);
      expect(source.kind).toBe('policy');
      expect(source.text).toBe(raw.replace(/\r\n?/g, '\n').replace(/^\uFEFF/, ''));
      const span = source.structure.find((item) => item.kind === 'article' && item.label === '第五条');
      expect(source.text.slice(span?.start, span?.end)).toBe(article);
      expect(session.db.pragma('integrity_check', { simple: true })).toBe('ok');
    });

    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as { project: string; imported: { file: string; name: string }[]; skipped: { file: string }[]; failed: unknown[] };
    expect(report.project).toBe(project);
    expect(report.imported).toHaveLength(33);
    expect(report.imported[0].file).toContain(join('beijing', ''));
    expect(report.skipped.map((item) => item.file)).toEqual([join(CORPUS, 'MANIFEST.csv')]);
    expect(report.failed).toEqual([]);

    // Again: every text is already there; with --allow-duplicates, copies come in with new names.
    const again = cli(['import', project, join(CORPUS, 'zhejiang')], { cwd: dir });
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/^Imported 0, skipped 6, failed 0\./);
    expect(again.stdout).toMatch(/already in the project as "浙江省电子商务条例\(2021-09-30\)"/);
    const copies = cli(['import', project, join(CORPUS, 'zhejiang'), '--allow-duplicates'], { cwd: dir });
    expect(copies.stdout).toMatch(/^Imported 6, skipped 0, failed 0\./);
    expect(sources(project, dir).map((source) => source.name)).toContain('浙江省电子商务条例(2021-09-30) (2)');
  });

  it('takes attributes from a sheet naming the files by their path below the folder, and reports the types', () => {
    const dir = tempDir();
    const project = newProject(dir);
    // Made here from the corpus's manifest: the file's path first, then two attributes.
    const manifest = parseCsv(readFileSync(join(CORPUS, 'MANIFEST.csv'), 'utf8'));
    const header = manifest[0];
    const rows = manifest.slice(1).filter((row) => row.length === header.length);
    const column = (name: string): number => header.indexOf(name);
    const sheet = join(dir, 'dates.csv');
    writeFileSync(
      sheet,
      [['file', 'version_date', 'chars'], ...rows.map((row) => [row[column('file')], row[column('version_date')], row[column('chars')]]), ['nowhere/none.md', '2020-01-01', '1']]
        .map((row) => row.join(','))
        .join('\n'),
    );
    const run = cli(['import', project, CORPUS, '--attributes', sheet], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`Attribute sheet .*dates\\.csv: ${rows.length} rows applied; attributes version_date \\(date\\), chars \\(number\\)\\.`));
    expect(run.stdout).toMatch(/row \d+ "nowhere\/none\.md" matches no file of this import and no source of the project\./);
    const listed = sources(project, dir);
    for (const row of rows) {
      const name = row[column('file')].split('/')[1].replace(/\.md$/, '');
      const source = listed.find((item) => item.name === name);
      expect(source?.attributes.chars, name).toBe(row[column('chars')]);
      expect(source?.length, name).toBe(Number(row[column('chars')]));
      if (row[column('version_date')]) expect(source?.attributes.version_date, name).toBe(row[column('version_date')]);
    }
  });
});

describe('marginalia import: options', () => {
  it('sets --attr and --kind on every source, and reads text in the --encoding given', () => {
    const dir = tempDir();
    const project = newProject(dir);
    writeFileSync(join(dir, 'notes.txt'), 'A plain note about the county plan.');
    writeFileSync(join(dir, '访谈.txt'), iconv.encode('问：平台怎么用？\n答：每个街道都有专人负责。\n', 'gbk'));
    const run = cli(['import', project, join(dir, 'notes.txt'), join(dir, '访谈.txt'), '--attr', 'province=Zhejiang', '--attr', 'year=2023', '--kind', 'transcript', '--encoding', 'gbk'], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/imported {2}.*访谈\.txt as "访谈" \(\d+ characters\)/);
    const listed = sources(project, dir);
    expect(listed.map((source) => [source.name, source.kind, source.attributes])).toEqual([
      ['notes', 'transcript', { province: 'Zhejiang', year: '2023' }],
      ['访谈', 'transcript', { province: 'Zhejiang', year: '2023' }],
    ]);
    inspect(project, (session) => expect(getSource(session, listSources(session)[1].id).text).toBe('问：平台怎么用？\n答：每个街道都有专人负责。\n'));

    // The same bytes read as Big5 are not the same text, and without --encoding the guess is reported.
    writeFileSync(join(dir, 'again.txt'), iconv.encode('问：平台怎么用？\n答：每个街道都有专人负责，数据每天更新。\n'.repeat(3), 'gbk'));
    const big5 = cli(['import', project, join(dir, 'again.txt'), '--encoding', 'big5'], { cwd: dir });
    expect(big5.status).toBe(0);
    inspect(project, (session) => expect(getSource(session, listSources(session)[2].id).text).not.toContain('街道'));
    writeFileSync(join(dir, 'guess.txt'), iconv.encode('问：平台怎么用？\n答：每个街道都有专人负责，会议每周一次。\n'.repeat(3), 'gbk'));
    const detected = cli(['import', project, join(dir, 'guess.txt')], { cwd: dir });
    expect(detected.stdout).toMatch(/note: .*GB18030/);
  });

  it('imports surveys with --text-column, --rows, --attribute-columns and --name-column, and refuses a spreadsheet without --text-column', () => {
    const dir = tempDir();
    const project = newProject(dir);
    const survey = join(dir, 'survey.csv');
    writeFileSync(survey, 'id,province,answer\nr1,Zhejiang,Mostly the platform.\nr2,Anhui,Weekly meetings.\n');
    const refused = cli(['import', project, survey], { cwd: dir });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/survey\.csv is a spreadsheet; to import its rows as sources, name the column that holds the text \(--text-column\); its columns are "id", "province", "answer"\./);
    expect(sources(project, dir)).toEqual([]);

    const rows = cli(['import', project, survey, '--text-column', 'answer', '--attribute-columns', 'province', '--name-column', 'id'], { cwd: dir });
    expect(rows.status, rows.stderr).toBe(0);
    expect(sources(project, dir).map((source) => [source.name, source.attributes])).toEqual([
      ['r1', { province: 'Zhejiang' }],
      ['r2', { province: 'Anhui' }],
    ]);
    const passages = cli(['import', project, survey, '--text-column', 'answer', '--rows', 'passages', '--attribute-columns', 'province'], { cwd: dir });
    expect(passages.status, passages.stderr).toBe(0);
    expect(passages.stdout).toMatch(/imported {2}.*survey\.csv as "survey"/);
    expect(passages.stdout).toMatch(/"province" differs between rows/);
    inspect(project, (session) => {
      const source = listSources(session).find((item) => item.name === 'survey');
      expect(getSource(session, source?.id as SourceId).text).toBe('Mostly the platform.\n\nWeekly meetings.');
    });
  });

  it('adds a .qdc codebook, and applies --limit to the batch', () => {
    const dir = tempDir();
    const project = newProject(dir);
    writeFileSync(
      join(dir, 'codebook.qdc'),
      writeQdc({ codes: [{ guid: '0b7c1f1e-6a44-4f6b-8f2b-1d9e2c3a4b5c', name: 'Capacity', color: '#aa3300', description: 'Staff and money.', isCodable: true, children: [] }] }),
    );
    writeFileSync(join(dir, 'big.txt'), 'x'.repeat(4096));
    writeFileSync(join(dir, 'small.txt'), 'A short note.');
    const run = cli(['import', project, join(dir, 'codebook.qdc'), join(dir, 'big.txt'), join(dir, 'small.txt'), '--limit', 'maxFileBytes=2KB'], { cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/codebook {2}.*codebook\.qdc: 1 code added/);
    expect(run.stderr).toMatch(/failed {4}.*big\.txt: .*big\.txt is 4\.0 KB, larger than the 2\.0 KB Marginalia imports in one file \(maxFileBytes\)/);
    expect(run.stderr).toMatch(/1 file could not be imported; the others were\./);
    expect(sources(project, dir).map((source) => source.name)).toEqual(['small']);
    inspect(project, (session) => expect(listCodes(session).map((code) => [code.name, code.color, code.description])).toEqual([['Capacity', '#aa3300', 'Staff and money.']]));
  });

  it('answers bad usage with exit 2 and the usage, and documents every option in --help', () => {
    const dir = tempDir();
    const project = newProject(dir);
    writeFileSync(join(dir, 'a.txt'), 'Text.');
    const a = join(dir, 'a.txt');
    const cases: [string[], RegExp][] = [
      [['import', project, a, '--encoding', 'klingon'], /"klingon" is not an encoding Marginalia knows/],
      [['import', project, a, '--rows', 'passages'], /describe a survey; name its text column with --text-column/],
      [['import', project, a, '--text-column', 'answer', '--rows', 'columns'], /--rows is sources or passages/],
      [['import', project, a, '--text-column', 'answer', '--rows', 'passages', '--name-column', 'id'], /does not go with --rows passages/],
      [['import', project, a, '--limit', 'maxSpeed=3'], /--limit takes <cap>=<value>/],
      [['import', project, a, '--limit', 'maxPdfPages=10MB'], /--limit maxPdfPages takes a positive whole number/],
      [['import', project, a, '--attr-from-folder', ' '], /--attr-from-folder needs the name/],
      [['import', project], /Name at least one file or folder/],
    ];
    for (const [args, message] of cases) {
      const run = cli(args, { cwd: dir });
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(message);
      expect(run.stderr, args.join(' ')).toMatch(/Usage: marginalia import/);
    }
    expect(sources(project, dir)).toEqual([]);
    const help = cli(['import', '--help'], { cwd: dir }).stdout;
    for (const option of ['--attr ', '--kind', '--encoding', '--attr-from-folder', '--attributes', '--text-column', '--rows', '--attribute-columns', '--name-column', '--report', '--allow-duplicates', '--limit', '.qdc']) {
      expect(help, option).toContain(option);
    }
  });

  it('sets attributes of sources already in the project from --attributes alone', () => {
    const dir = tempDir();
    const project = newProject(dir);
    writeFileSync(join(dir, 'a.txt'), 'Text a.');
    expect(cli(['import', project, join(dir, 'a.txt')], { cwd: dir }).status).toBe(0);
    writeFileSync(join(dir, 'sheet.csv'), 'source,wave\na,2\n');
    const run = cli(['import', project, '--attributes', join(dir, 'sheet.csv')], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Imported 0, skipped 0, failed 0\.\nAttribute sheet .*sheet\.csv: 1 row applied; attributes wave \(number\)\./);
    expect(sources(project, dir)[0].attributes).toEqual({ wave: '2' });
  });
});

describe('marginalia import: a batch of good and hostile files', () => {
  it('imports the good files, names each refused file with its reason, exits 1, and leaves a sound project', () => {
    const dir = tempDir();
    const project = newProject(dir);
    const folder = join(dir, 'batch');
    mkdirSync(folder);
    const good = writeGoodFiles(folder);
    const hostile = writeHostileFiles(folder);
    const reportPath = join(dir, 'report.json');
    const run = cli(['import', project, folder, '--limit', `maxInflatedBytes=${BOMB_CAP_BYTES}`, '--report', reportPath], { cwd: dir });
    expect(run.status).toBe(1);
    const failedCount = hostile.filter((item) => item.outcome === 'failed').length;
    const importedCount = Object.keys(good).length + hostile.length - failedCount;
    expect(run.stdout).toMatch(new RegExp(`^Imported ${importedCount}, skipped 0, failed ${failedCount}\\.`));
    const stderrLines = run.stderr.trim().split('\n');
    for (const expectation of hostile) {
      if (expectation.outcome === 'failed') {
        const line = stderrLines.find((candidate) => candidate.includes(`${join(folder, expectation.file)}:`));
        expect(line, expectation.file).toMatch(expectation.reason);
      } else {
        expect(run.stdout, expectation.file).toMatch(expectation.reason);
      }
    }
    expect(stderrLines.at(-1)).toBe(`${failedCount} files could not be imported; the others were.`);
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as { failed: { file: string; reason: string }[] };
    expect(report.failed).toHaveLength(failedCount);
    const names = sources(project, dir).map((source) => source.name).sort();
    expect(names).toEqual([...Object.keys(good), ...hostile.filter((item) => item.outcome === 'imported').map((item) => item.file)].map((file) => file.replace(/\.[^.]+$/, '')).sort());
    inspect(project, (session) => {
      expect(session.db.pragma('integrity_check', { simple: true })).toBe('ok');
      for (const [file, passage] of Object.entries(good)) {
        const source = listSources(session).find((item) => item.name === file.replace(/\.[^.]+$/, ''));
        expect(getSource(session, source?.id as SourceId).text, file).toContain(passage);
      }
    });
  });
});
