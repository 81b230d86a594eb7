import { describe, expect, it, beforeAll } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, REPO_ROOT } from '../support/cli';
import { parseCsv } from '../../shared/format/csv';

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('the marginalia command', () => {
  beforeAll(() => {
    if (!existsSync(join(REPO_ROOT, 'out', 'node', 'cli.js'))) {
      throw new Error('Build the CLI first (npm run build:node); npm test does this.');
    }
  });

  it('runs the whole journey: new project, import with provinces, code, frequencies in every format', () => {
    const dir = mkdtempSync(join(tmpdir(), 'marginalia-cli-'));
    const project = join(dir, 'study.marginalia');
    const corpus = join(dir, 'corpus');
    mkdirSync(corpus);
    writeFileSync(join(corpus, 'zj-official.txt'), 'Interviewer: Is there a plan?\r\nOfficial: A three-year plan with forty tasks.\r\n');
    writeFileSync(join(corpus, 'ah-street.txt'), '\uFEFF问：居民怎样参与？\n答：线上议事平台，居民给服务打分。线上议事平台每月公布结果。\n');
    writeFileSync(join(corpus, 'sc-county.md'), '# Plan\n\nA three-year plan adopted in 2021, and a pilot in two towns.\n');

    let run = cli(['new', project, '--codebook', 'digital-governance', '--name', 'Digital governance study', '--coder', 'Ana'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Created .*study\.marginalia with 11 codes/);

    expect(cli(['import', project, join(corpus, 'zj-official.txt'), '--attr', 'province=Zhejiang', '--kind', 'transcript'], { cwd: dir }).status).toBe(0);
    expect(cli(['import', project, join(corpus, 'ah-street.txt'), '--attr', 'province=Anhui', '--attr', 'year=2023'], { cwd: dir }).status).toBe(0);
    run = cli(['import', project, join(corpus, 'sc-county.md'), '--attr', 'province=Sichuan', '--kind', 'policy'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Imported 1, skipped 0, failed 0/);

    run = cli(['sources', project, '--format', 'json'], { cwd: dir });
    const sources = JSON.parse(run.stdout) as { name: string; kind: string; attributes: Record<string, string> }[];
    expect(sources.map((source) => [source.name, source.kind, source.attributes.province])).toEqual([
      ['zj-official', 'transcript', 'Zhejiang'],
      // 问：/答： turns make it a transcript without being told.
      ['ah-street', 'transcript', 'Anhui'],
      ['sc-county', 'policy', 'Sichuan'],
    ]);
    expect(cli(['sources', project], { cwd: dir }).stdout).toMatch(/^name\s+kind\s+characters\s+codings\s+province\s+year/);

    const code = (...args: string[]) => cli(['code', project, ...args], { cwd: dir });
    expect(code('--source', 'zj-official', '--code', 'Instruments/Digital planning system', '--text', 'A three-year plan with forty tasks.').status).toBe(0);
    expect(code('--source', 'sc-county', '--code', 'Instruments/Digital planning system', '--text', 'three-year plan').status).toBe(0);
    expect(code('--source', 'sc-county', '--code', 'Instruments/Policy experimentation and pilots', '--text', 'a pilot in two towns').status).toBe(0);
    // The second occurrence of the platform phrase, coded by a second coder.
    run = code('--source', 'ah-street', '--code', 'Incentives/Citizen participation', '--text', '线上议事平台', '--nth', '2', '--coder', 'Bo', '--memo', 'monthly');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Coded ah-street 27–33 as Incentives\/Citizen participation \(coder: Bo\)/);
    expect(code('--source', 'ah-street', '--code', 'Incentives/Citizen participation', '--start', '12', '--end', '18').status).toBe(0);

    run = cli(['frequencies', project, '--by', 'province', '--format', 'json'], { cwd: dir });
    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(Object.keys(json)).toEqual(['by', 'unit', 'coder', 'rows', 'totals']);
    expect(json).toMatchObject({ by: 'province', unit: 'segments', coder: null });
    expect(json.rows).toHaveLength(11);
    expect(json.rows[0]).toEqual({ code: 'Instruments', values: { Anhui: 0, Sichuan: 2, Zhejiang: 1, '(none)': 0 }, total: 3 });
    expect(json.rows[6]).toEqual({ code: 'Incentives/Citizen participation', values: { Anhui: 2, Sichuan: 0, Zhejiang: 0, '(none)': 0 }, total: 2 });
    expect(json.totals).toEqual({ Anhui: 2, Sichuan: 2, Zhejiang: 1, '(none)': 0, all: 5 });

    run = cli(['frequencies', project, '--by', 'province', '--unit', 'documents', '--coder', 'Ana', '--format', 'json'], { cwd: dir });
    const documents = JSON.parse(run.stdout);
    expect(documents.coder).toBe('Ana');
    expect(documents.rows[0].values).toEqual({ Anhui: 0, Sichuan: 1, Zhejiang: 1, '(none)': 0 });
    expect(documents.rows[6].values).toEqual({ Anhui: 1, Sichuan: 0, Zhejiang: 0, '(none)': 0 });

    run = cli(['frequencies', project, '--by', 'province', '--unit', 'characters', '--format', 'json'], { cwd: dir });
    const characters = JSON.parse(run.stdout);
    // Instruments in sc-county: "three-year plan" (15) and "a pilot in two towns" (20) do not overlap.
    expect(characters.rows[0].values.Sichuan).toBe(35);
    // Anhui, Citizen participation: [12,18) and [27,33) → 12 characters of a 41-character text
    // (the BOM is dropped at import: "问：居民怎样参与？\n" is 10, the second line 31).
    expect(characters.rows[6].values.Anhui).toBe(12);
    expect(characters.rows[6].coverage.Anhui).toBeCloseTo(12 / 41, 10);

    const out = join(dir, 'freq.csv');
    run = cli(['frequencies', project, '--by', 'province', '--format', 'csv', '--out', out], { cwd: dir });
    expect(run.status).toBe(0);
    const csv = parseCsv(readFileSync(out, 'utf8'));
    expect(csv[0]).toEqual(['unit', 'coder', 'code', 'Anhui', 'Sichuan', 'Zhejiang', '(none)', 'total']);
    expect(csv[1]).toEqual(['segments', '(all coders)', 'Instruments', '0', '2', '1', '0', '3']);
    expect(csv.at(-1)).toEqual(['segments', '(all coders)', '(all codes)', '2', '2', '1', '0', '5']);
    const markdown = cli(['frequencies', project, '--by', 'province', '--format', 'md'], { cwd: dir }).stdout;
    expect(markdown).toMatch(/unit: segments/);
    expect(markdown).toMatch(/\| Instruments \| 0 \| 2 \| 1 \| 0 \| 3 \|/);

    run = cli(['codes', project, 'add', 'Capacity/Data\\/platforms', '--color', '#336699', '--description', 'Shared data platforms'], { cwd: dir });
    expect(run.status).toBe(0);
    const codes = JSON.parse(cli(['codes', project, '--format', 'json'], { cwd: dir }).stdout) as { path: string; color: string; segmentCount: number }[];
    expect(codes.find((entry) => entry.path === 'Capacity/Data\\/platforms')?.color).toBe('#336699');
    expect(codes.find((entry) => entry.path === 'Incentives/Citizen participation')?.segmentCount).toBe(2);
    expect(cli(['codes', project], { cwd: dir }).stdout).toMatch(/\n {2}Data\/platforms\s+#336699/);
  });

  it('answers every user error with one sentence, exit 1, and changes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'marginalia-cli-'));
    const project = join(dir, 'p.marginalia');
    expect(cli(['new', project, '--codebook', 'digital-governance'], { cwd: dir }).status).toBe(0);
    writeFileSync(join(dir, 'a.txt'), 'The plan names forty tasks.');
    expect(cli(['import', project, join(dir, 'a.txt')], { cwd: dir }).status).toBe(0);
    const before = sha(project);

    const cases: [string[], RegExp][] = [
      [['code', project, '--source', 'a', '--code', 'Instruments', '--text', 'no such words'], /The passage "no such words" does not occur in that source\./],
      [['code', project, '--source', 'a', '--code', 'Instruments', '--text', 'plan', '--nth', '2'], /occurs only 1 time in that source, not 2/],
      [['code', project, '--source', 'a', '--code', 'Instruments/Nothing', '--text', 'plan'], /There is no code "Instruments\/Nothing"/],
      [['code', project, '--source', 'b', '--code', 'Instruments', '--text', 'plan'], /There is no source named "b"/],
      [['code', project, '--source', 'a', '--code', 'Instruments', '--start', '10', '--end', '999'], /outside the source's text, which has 27 characters/],
      [['code', project, '--source', 'a', '--code', 'Instruments', '--start', '9', '--end', '3'], /start before its end/],
      [['frequencies', project, '--by', 'province'], /There is no attribute "province"/],
      [['codes', project, 'add', 'Instruments'], /already exists/],
      [['sources', join(dir, 'missing.marginalia')], /There is no project at/],
      [['sources', join(dir, 'a.txt')], /a\.txt is not a Marginalia project/],
      [['new', project], /A file already exists/],
      [['import', project, join(dir, 'nothing-here.txt')], /There is no file or folder at/],
    ];
    for (const [args, message] of cases) {
      const run = cli(args, { cwd: dir });
      expect(run.status, args.join(' ')).toBe(1);
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
    expect(sha(project)).toBe(before);

    writeFileSync(join(dir, 'b.docx'), 'not really');
    writeFileSync(join(dir, 'c.txt'), 'Another interview.');
    const partial = cli(['import', project, join(dir, 'b.docx'), join(dir, 'c.txt')], { cwd: dir });
    expect(partial.status).toBe(1);
    expect(partial.stdout).toMatch(/Imported 1, skipped 0, failed 1/);
    expect(partial.stderr).toMatch(/b\.docx is not a Word document/);
  });

  it('answers bad usage with exit 2 and the usage, and --help on every command with exit 0', () => {
    const dir = mkdtempSync(join(tmpdir(), 'marginalia-cli-'));
    const project = join(dir, 'p.marginalia');
    expect(cli(['new', project], { cwd: dir }).status).toBe(0);
    const usage: string[][] = [
      [],
      ['frobnicate'],
      ['new'],
      ['import', project],
      ['code', project, '--source', 'a'],
      ['code', project, '--source', 'a', '--code', 'X', '--text', 't', '--start', '1', '--end', '2'],
      ['code', project, '--source', 'a', '--code', 'X', '--start', 'one', '--end', '2'],
      ['frequencies', project],
      ['frequencies', project, '--by', 'province', '--unit', 'words'],
      ['frequencies', project, '--by', 'province', '--format', 'pdf'],
      ['sources', project, '--bogus'],
      ['import', project, 'a.txt', '--kind', 'novel'],
      ['import', project, 'a.txt', '--attr', 'noequals'],
    ];
    for (const args of usage) {
      const run = cli(args, { cwd: dir });
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(/Usage: marginalia/);
    }
    for (const command of ['new', 'import', 'sources', 'codes', 'code', 'frequencies', 'serve']) {
      const run = cli([command, '--help'], { cwd: dir });
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^Usage: marginalia ${command}`));
    }
    expect(cli(['--help']).stdout).toMatch(/Commands:/);
  });

  it('is refused while another process holds the project open', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'marginalia-cli-'));
    const project = join(dir, 'p.marginalia');
    expect(cli(['new', project], { cwd: dir }).status).toBe(0);
    const { openProject, closeProject } = await import('../../electron/services/project');
    const session = openProject(project);
    try {
      const run = cli(['sources', project], { cwd: dir });
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/is open in another Marginalia window or process/);
    } finally {
      closeProject(session);
    }
    expect(cli(['sources', project], { cwd: dir }).status).toBe(0);
  });

  it('creates the sample project', () => {
    const dir = mkdtempSync(join(tmpdir(), 'marginalia-cli-'));
    const project = join(dir, 'sample.marginalia');
    const run = cli(['new', project, '--sample'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/with 11 codes and 6 sample sources/);
    const table = JSON.parse(cli(['frequencies', project, '--by', 'province', '--unit', 'documents', '--format', 'json'], { cwd: dir }).stdout);
    expect(table.totals).toMatchObject({ Anhui: 2, Sichuan: 2, Zhejiang: 2, all: 6 });
  });
});
