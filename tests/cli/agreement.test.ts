import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { closeProject } from '../../electron/services/project';
import { parseCsv } from '../../shared/format/csv';
import { codeTwoCoderFixture } from '../exchange/projects';
import { cli, REPO_ROOT } from '../support/cli';
import { newTestProject } from '../support/project';

/*
 * `marginalia agreement` on the two-coder fixture of tests/exchange/projects.ts, whose
 * figures are worked out by hand in tests/services/agreement.test.ts:
 *   S1 × C1: [[20,20],[10,50]] → p_o = 0.70, p_e = 0.4·0.3 + 0.6·0.7 = 0.54, κ = 0.16/0.46 = 8/23;
 *   pooled:  [[30,20],[10,240]] → κ = 14/23.
 * Brennan–Prediger, chance 1/2 for coded / not coded, is 2·pₒ − 1: S1 × C1 2·0.70 − 1 = 0.40;
 * pooled pₒ = 270/300 = 0.9, so 2·0.9 − 1 = 0.80.
 */

async function fixtureFile(): Promise<{ dir: string; path: string }> {
  const { session, dir, path } = await newTestProject({ codebook: 'empty', coderName: 'Ana' });
  codeTwoCoderFixture(session);
  closeProject(session);
  return { dir, path };
}

// Each command is a child process (seconds apiece on a loaded machine), so these tests get more time.
describe('marginalia agreement', { timeout: 180_000 }, () => {
  beforeAll(() => {
    if (!existsSync(join(REPO_ROOT, 'out', 'node', 'cli.js'))) {
      throw new Error('Build the CLI first (npm run build:node); npm test does this.');
    }
  });

  it('gives the hand-computed character-level kappa as JSON, CSV and Markdown', async () => {
    const { dir, path } = await fixtureFile();
    let run = cli(['agreement', path, '--coders', 'Ana,Ben', '--format', 'json'], { cwd: dir });
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout);
    const s1 = report.codes[0].sources[0];
    expect([report.codes[0].codePath, s1.sourceName]).toEqual(['C1', 'S1']);
    expect(s1.table).toEqual({
      kind: 'pair',
      cells: [
        [20, 20],
        [10, 50],
      ],
    });
    expect(s1.kappa).toBeCloseTo(8 / 23, 12);
    expect(report.pooled.kappa).toBeCloseTo(14 / 23, 12);
    expect(s1.brennanPrediger).toBeCloseTo(2 * 0.7 - 1, 12);
    expect(report.pooled.brennanPrediger).toBeCloseTo(2 * 0.9 - 1, 12);
    expect(report.method.brennanPrediger).toMatch(/2·p_o − 1/);
    expect(report.sources.excluded).toEqual([expect.objectContaining({ name: 'S3', reason: 'not coded by Ben', notCodedBy: ['Ben'] })]);
    // The notes as keys beside the English sentences, for the interface to word in its language.
    expect(report.noteKeys).toEqual([{ key: 'sourcesLeftOut', count: 1 }, { key: 'blankFigure' }, { key: 'ownCodings' }]);

    run = cli(['agreement', path, '--coders', 'Ana, Ben', '--format', 'csv'], { cwd: dir });
    expect(run.status).toBe(0);
    const rows = parseCsv(run.stdout);
    expect(rows.map((row) => [row[0], row[3], row[4], row[6], row[8]])).toEqual([
      ['level', 'code', 'source', "Cohen's kappa", 'Brennan-Prediger kappa'],
      ['code × source', 'C1', 'S1', '0.3478', '0.4000'],
      ['code', 'C1', '', '0.4444', '0.6000'],
      ['code × source', 'C2', 'S2', '1.0000', '1.0000'],
      ['code', 'C2', '', '1.0000', '1.0000'],
      ['pooled', '(all codes)', '', '0.6087', '0.8000'],
    ]);

    run = cli(['agreement', path, '--coders', 'Ana,Ben'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^# Inter-coder agreement — Ana, Ben/);
    expect(run.stdout).toContain('| C1 | S1 | 70.0% | 0.348 | 0.344 | 0.400 | 20 | 20 | 10 | 50 |');
    expect(run.stdout).toContain('| **(all codes)** | 90.0% | 0.609 |');
    expect(run.stdout).toContain("- Brennan–Prediger: Brennan and Prediger's kappa (1981)");
    // The notes end the report, in the English they have always had.
    const ending = [
      '- Left out: S3 (not coded by Ben).',
      '- 1 source was left out because not every coder has coded it yet; to include it, tick "Include sources not every coder has coded" (--all-sources on the command line).',
      '- A blank figure is not defined: kappa and alpha are undefined when chance alone would give complete agreement (for example, when every coder applied the code everywhere, or nowhere).',
      '- Each code is compared on its own codings; a parent code does not include its children.',
      '',
    ].join('\n');
    expect(run.stdout.slice(-ending.length)).toBe(ending);
  });

  it('compares segments with a chosen overlap, and writes an Excel workbook with --out', async () => {
    const { dir, path } = await fixtureFile();
    // S1: Ana's [10,40) and Ben's [20,50) share 20 of 40 covered characters (0.5): a match at 0.5, not at 0.9.
    // Ana's [30,40) lies inside Ben's [20,50): 10 of 30 (0.33). S2: [0,10) on both sides matches.
    let run = cli(['agreement', path, '--coders', 'Ana,Ben', '--unit', 'segment', '--overlap', '0.5', '--format', 'json'], { cwd: dir });
    expect(run.status).toBe(0);
    const loose = JSON.parse(run.stdout);
    expect(loose.pooled.table).toEqual({ kind: 'segments', counts: { matched: 2, onlyFirst: 2, onlySecond: 0 } });
    run = cli(['agreement', path, '--coders', 'Ana,Ben', '--unit', 'segment', '--format', 'json'], { cwd: dir });
    const strict = JSON.parse(run.stdout);
    expect(strict.pooled.table).toEqual({ kind: 'segments', counts: { matched: 1, onlyFirst: 3, onlySecond: 1 } });
    // No count of passages nobody coded: no Brennan–Prediger for segments, as no kappa.
    expect(strict.pooled.brennanPrediger).toBeNull();

    const workbook = join(dir, 'agreement.xlsx');
    run = cli(['agreement', path, '--coders', 'Ana,Ben', '--format', 'xlsx', '--out', workbook], { cwd: dir });
    expect(run.status).toBe(0);
    expect(readFileSync(workbook).subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('says what is wrong: exit 1 for an unknown coder, exit 2 for bad usage', async () => {
    const { dir, path } = await fixtureFile();
    const unknown = cli(['agreement', path, '--coders', 'Ana,Zoe'], { cwd: dir });
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toBe('There is no coder "Zoe" in this project (coders: Ana, Ben).\n');
    const one = cli(['agreement', path, '--coders', 'Ana'], { cwd: dir });
    expect(one.status).toBe(2);
    expect(one.stderr).toMatch(/^--coders names two or more coders/);
    const overlap = cli(['agreement', path, '--coders', 'Ana,Ben', '--unit', 'segment', '--overlap', '90'], { cwd: dir });
    expect(overlap.status).toBe(2);
    expect(overlap.stderr).toMatch(/^--overlap is a share above 0 and at most 1/);
  });
});
