import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { unzipSync, strFromU8 } from 'fflate';
import { cli, REPO_ROOT } from '../support/cli';
import { parseCsv } from '../../shared/format/csv';
import { closeProject, openProject } from '../../electron/services/project';
import { crosstab } from '../../electron/services/analysis/crosstab';
import { findCodeByPath } from '../../electron/services/codes';

/** A sample project (six coded sources, two per province) made by the CLI itself. */
function sampleProject(): { dir: string; project: string } {
  const dir = mkdtempSync(join(tmpdir(), 'marginalia-cli-analysis-'));
  const project = join(dir, 'sample.marginalia');
  expect(cli(['new', project, '--sample', '--coder', 'Ana'], { cwd: dir }).status).toBe(0);
  return { dir, project };
}

async function sheets(path: string): Promise<Map<string, unknown[][]>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const result = new Map<string, unknown[][]>();
  workbook.eachSheet((sheet) => {
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    result.set(sheet.name, rows);
  });
  return result;
}

// Each command is a child process; on a busy two-core machine a dozen of them take a while.
const CLI_TIMEOUT = 180_000;

describe('the analysis commands', () => {
  beforeAll(() => {
    if (!existsSync(join(REPO_ROOT, 'out', 'node', 'cli.js'))) throw new Error('Build the CLI first (npm run build:node).');
  }, CLI_TIMEOUT);

  it('frequencies keeps its fixed JSON shape, and the new options only add to it — with the services’ numbers', async () => {
    const { dir, project } = sampleProject();
    const plain = JSON.parse(cli(['frequencies', project, '--by', 'province', '--format', 'json'], { cwd: dir }).stdout);
    expect(Object.keys(plain)).toEqual(['by', 'unit', 'coder', 'rows', 'totals']);

    let run = cli(
      ['frequencies', project, '--by', 'province', '--then', 'level', '--codes', 'Incentives,Capacity/Technical capacity', '--percent', 'row', '--where', 'year>=2021', '--format', 'json'],
      { cwd: dir },
    );
    expect(run.status, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(Object.keys(json).slice(0, 5)).toEqual(['by', 'unit', 'coder', 'rows', 'totals']);
    expect(json).toMatchObject({ by: 'province', unit: 'segments', coder: null, then: 'level', percent: 'row', rollup: true });
    expect(json.rows.map((row: { code: string }) => row.code)).toEqual(['Incentives', 'Capacity/Technical capacity']);
    expect(json.query.where).toEqual([{ attribute: 'year', op: '>=', value: '2021' }]);
    expect(json.about['Marginalia version']).toBe('0.1.0');
    // The same figures as the service computes in-process.
    const session = openProject(project);
    try {
      const report = crosstab(session, {
        kind: 'crosstab',
        by: 'province',
        then: 'level',
        codeIds: [findCodeByPath(session, 'Incentives').id, findCodeByPath(session, 'Capacity/Technical capacity').id],
        percent: 'row',
        where: [{ attribute: 'year', op: '>=', value: '2021' }],
      });
      const keys = report.result.columns.map((column) => column.key);
      expect(Object.keys(json.rows[0].values)).toEqual(keys);
      expect(json.rows[0].values).toEqual(Object.fromEntries(keys.map((key, index) => [key, report.result.rows[0].values[index]])));
      expect(json.totals.all).toBe(report.result.total);
      expect(json.rows[0].percent.total).toBe(100);
    } finally {
      closeProject(session);
    }

    const out = join(dir, 'coverage.xlsx');
    run = cli(['frequencies', project, '--by', 'province', '--unit', 'coverage', '--format', 'xlsx', '--out', out], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    const book = await sheets(out);
    expect([...book.keys()]).toEqual(['coverage', 'columns', 'About']);
    expect(book.get('coverage')?.[0]).toEqual(['code', 'Anhui', 'Sichuan', 'Zhejiang', '(none)', 'total']);
    const characters = JSON.parse(cli(['frequencies', project, '--by', 'province', '--unit', 'characters', '--format', 'json'], { cwd: dir }).stdout);
    // Coverage % = characters / the column's characters × 100 (the legacy JSON gives the share 0–1).
    expect(book.get('coverage')?.[1][1]).toBeCloseTo(100 * characters.rows[0].coverage.Anhui, 10);

    const csv = cli(['frequencies', project, '--by', 'year', '--bin', '2@2020', '--no-rollup', '--bom'], { cwd: dir }).stdout;
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(csv.slice(1));
    expect(rows[0]).toEqual(['unit', 'coder', 'code', '2020–2021', '2022–2023', '(none)', 'total', 'query']);
    expect(rows[1].slice(2, 7)).toEqual(['Instruments', '0', '0', '0', '0']);
    expect(rows[1][7]).toBe('crosstab of all codes (own codings only) by year; unit segments; year: bins of 2 from 2020; coder all coders');
  }, CLI_TIMEOUT);

  it('exports co-occurrence, the matrix, segments, word frequency and the codebook', async () => {
    const { dir, project } = sampleProject();
    let run = cli(['cooccurrence', project, '--relation', 'overlap', '--by', 'province'], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    const co = parseCsv(run.stdout);
    expect(co[0].slice(0, 4)).toEqual(['unit', 'relation', 'province', 'code']);
    // Three provinces × 11 codes.
    expect(co).toHaveLength(1 + 3 * 11);

    run = cli(['matrix', project, '--value', 'presence', '--codes', 'Capacity'], { cwd: dir });
    const matrix = parseCsv(run.stdout);
    expect(matrix[0]).toEqual(['source_id', 'source', 'kind', 'province', 'level', 'year', 'Capacity', 'query']);
    expect(matrix.slice(1).map((row) => row[6])).toEqual(['1', '1', '1', '1', '1', '1']);

    const segmentsFile = join(dir, 'segments.xlsx');
    run = cli(['segments', project, '--code', 'Capacity', '--where', 'province=Anhui', '--format', 'xlsx', '--out', segmentsFile], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    const book = await sheets(segmentsFile);
    const segments = book.get('segments') as unknown[][];
    expect(segments[0].slice(0, 6)).toEqual(['coding_id', 'source_id', 'source', 'province', 'level', 'year']);
    expect(segments.slice(1).every((row) => row[3] === 'Anhui' && String(row[7]).startsWith('Capacity'))).toBe(true);
    expect(segments.length).toBeGreaterThan(1);

    run = cli(['wordfreq', project, '--by', 'province', '--top', '3', '--format', 'json'], { cwd: dir });
    const words = JSON.parse(run.stdout);
    expect(words.columns).toEqual(['Anhui', 'Sichuan', 'Zhejiang']);
    expect(words.perValue.Anhui).toHaveLength(3);
    const stop = join(dir, 'stop.txt');
    writeFileSync(stop, '# mine\ninterviewer\nrespondent\nofficial\n');
    expect(cli(['wordfreq', project, 'stopwords', '--lang', 'en', '--set', stop], { cwd: dir }).status).toBe(0);
    expect(cli(['wordfreq', project, 'stopwords', '--lang', 'en'], { cwd: dir }).stdout).toBe("# en stop words (the project's list, 3)\ninterviewer\nrespondent\nofficial\n");
    const after = JSON.parse(cli(['wordfreq', project, '--top', '50', '--format', 'json'], { cwd: dir }).stdout);
    expect(after.top.map((row: { word: string }) => row.word)).not.toContain('interviewer');
    expect(after.stopwords.en).toEqual(['interviewer', 'respondent', 'official']);

    const docx = join(dir, 'codebook.docx');
    expect(cli(['codebook', project, '--format', 'docx', '--out', docx], { cwd: dir }).status).toBe(0);
    const document = strFromU8(unzipSync(new Uint8Array(readFileSync(docx)))['word/document.xml']);
    expect(document).toContain('Citizen participation');
    const markdown = cli(['codebook', project, '--examples', '1'], { cwd: dir }).stdout;
    expect(markdown).toMatch(/^# Codebook — sample/);
    expect(markdown).toMatch(/\| Instruments \| 0 \| 5 \| 4 \|/);
  }, CLI_TIMEOUT);

  it('draws charts as PNG and SVG', () => {
    const { dir, project } = sampleProject();
    const png = join(dir, 'freq.png');
    let run = cli(['chart', project, 'frequencies', '--by', 'province', '--width', '800', '--height', '500', '--out', png], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    const bytes = readFileSync(png);
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(bytes.toString('latin1', 12, 16)).toBe('IHDR');
    // Drawn at twice the size by default.
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([1600, 1000]);
    const svg = join(dir, 'co.svg');
    expect(cli(['chart', project, 'cooccurrence', '--out', svg], { cwd: dir }).status).toBe(0);
    expect(readFileSync(svg, 'utf8')).toContain('Code co-occurrence (overlap)');
    expect(cli(['chart', project, 'wordfreq', '--by', 'province', '--top', '5', '--scale', '1', '--out', join(dir, 'w.png')], { cwd: dir }).status).toBe(0);
    run = cli(['chart', project, 'frequencies', '--by', 'province', '--codes', 'Capacity,Capacity/Financial capacity', '--stacked', '--out', join(dir, 's.png')], { cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/Capacity already includes Capacity\/Financial capacity/);
  }, CLI_TIMEOUT);

  it('saves queries with --save and re-runs them', () => {
    const { dir, project } = sampleProject();
    let run = cli(['frequencies', project, '--by', 'province', '--unit', 'documents', '--where', 'level!=street', '--save', 'Headline'], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/Saved the query as "Headline"/);
    const first = parseCsv(run.stdout);
    expect(cli(['segments', project, '--code', 'Capacity', '--save', 'capacity passages'], { cwd: dir }).status).toBe(0);
    expect(cli(['queries', project], { cwd: dir }).stdout).toMatch(/^name\s+kind\s+saved\ncapacity passages\s+segments\s+.*\nHeadline\s+crosstab/);
    const again = parseCsv(cli(['queries', project, 'run', 'headline'], { cwd: dir }).stdout);
    expect(again).toEqual(first);
    const shown = JSON.parse(cli(['queries', project, 'show', 'Headline'], { cwd: dir }).stdout);
    expect(shown.query).toMatchObject({ kind: 'crosstab', unit: 'documents', where: [{ attribute: 'level', op: '!=', value: 'street' }] });
    expect(cli(['queries', project, 'delete', 'Headline'], { cwd: dir }).status).toBe(0);
    run = cli(['queries', project, 'run', 'Headline'], { cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/There is no saved query "Headline"; the project has capacity passages\./);
  }, CLI_TIMEOUT);

  it('answers bad usage with exit 2 and mistakes with exit 1, and --help on every command', () => {
    const { dir, project } = sampleProject();
    const usage: string[][] = [
      ['frequencies', project, '--by', 'province', '--format', 'xlsx'],
      ['frequencies', project, '--by', 'province', '--where', 'year'],
      ['frequencies', project, '--by', 'province', '--percent', 'diagonal'],
      ['frequencies', project, '--by', 'province', '--unit', 'coverage', '--percent', 'row'],
      ['cooccurrence', project, '--relation', 'near'],
      ['matrix', project, '--value', 'mean'],
      ['wordfreq', project, '--top', 'many'],
      ['wordfreq', project, '--min-length', '0'],
      ['chart', project, 'pie', '--out', 'x.png'],
      ['chart', project, 'frequencies', '--by', 'province'],
      ['chart', project, 'frequencies', '--by', 'province', '--out', 'x.gif'],
      ['queries', project, 'rerun', 'x'],
      ['codebook', project, '--format', 'docx'],
    ];
    for (const args of usage) {
      const run = cli(args, { cwd: dir });
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(/Usage: marginalia/);
    }
    const mistakes: [string[], RegExp][] = [
      [['frequencies', project, '--by', 'province', '--where', 'year>soon'], /"soon" is not a number, so it cannot be compared with year/],
      [['frequencies', project, '--by', 'province', '--bin', '5'], /Cannot bin province \(a text attribute\): only number and date attributes can be binned/],
      [['frequencies', project, '--by', 'province', '--codes', 'Nothing'], /There is no code "Nothing"/],
      [['segments', project, '--coder', 'Nobody'], /There is no coder "Nobody"/],
      [['cooccurrence', project, '--by', 'district'], /There is no attribute "district"/],
    ];
    for (const [args, message] of mistakes) {
      const run = cli(args, { cwd: dir });
      expect(run.status, args.join(' ')).toBe(1);
      expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(run.stderr).toMatch(message);
    }
    for (const command of ['cooccurrence', 'matrix', 'segments', 'wordfreq', 'chart', 'codebook', 'queries']) {
      const run = cli([command, '--help'], { cwd: dir });
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^Usage: marginalia ${command}`));
    }
    expect(cli(['--help']).stdout).toMatch(/cooccurrence .*\n.*matrix/);
  });
});
