import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../shared/format/csv';
import { eventually, launchBrowser, openPage, saveScreenshot } from './support/browser';
import { readCrosstab, type ShownCrosstab } from './support/frequencies';
import { assertBuilt, callApi, makeHome, runCli, startServer, type RunningServer } from './support/server';

// The Analysis tab's crosstab against `marginalia frequencies --format json` on the same
// project (the sample project, built by the CLI): every cell, for several units, percentages,
// a filter and a nested attribute; then a saved query re-run, CSV and XLSX exports read back,
// and the chart (the backend's SVG) shown and exported as PNG and SVG.

type CliCrosstab = {
  by: string;
  unit: string;
  rows: { code: string; values: Record<string, number>; total: number; percent?: Record<string, number> }[];
  totals: Record<string, number>;
  columns: { key: string; values: string[] }[];
  totalsPercent?: Record<string, number>;
};

const TOP_LEVEL = 'Instruments,Incentives,Capacity';
const TOTAL_ROW = '(all codes)';

/** The CLI's figures for the crosstab of the three top-level codes by province with `extra` options. */
const cliArgs = (project: string, extra: readonly string[]): string[] => [
  'frequencies',
  project,
  '--by',
  'province',
  '--codes',
  TOP_LEVEL,
  ...extra,
];

/** Cell by cell: the page shows exactly the CLI's numbers (raw figures, not their formatting). */
function expectSameCrosstab(shown: ShownCrosstab, cli: CliCrosstab): void {
  expect(shown.unit).toBe(cli.unit);
  expect(shown.by).toBe(cli.by);
  expect(shown.columns).toEqual([...cli.columns.map((column) => column.key), 'all']);
  expect(Object.keys(shown.values)).toEqual([...cli.rows.map((row) => row.code), TOTAL_ROW]);
  for (const row of cli.rows) {
    expect(shown.values[row.code]).toEqual({ ...row.values, all: row.total });
    if (row.percent) {
      const { total, ...cells } = row.percent;
      expect(shown.percents[row.code]).toEqual({ ...cells, all: total });
    }
  }
  expect(shown.values[TOTAL_ROW]).toEqual(cli.totals);
  if (cli.totalsPercent) expect(shown.percents[TOTAL_ROW]).toEqual(cli.totalsPercent);
}

describe('the crosstab in the Analysis tab', () => {
  let browser: Browser;
  let page: Page;
  let server: RunningServer;
  let home: ReturnType<typeof makeHome>;
  let pageErrors: string[];
  const cli: Record<string, CliCrosstab> = {};
  let cliCsv = '';

  beforeAll(async () => {
    assertBuilt();
    home = makeHome();
    const project = join(home.home, 'study.marginalia');
    await runCli(['new', project, '--sample'], home.home);
    // The CLI's numbers first: once the server has the project open, it holds the file's lock.
    const json = async (extra: readonly string[]): Promise<CliCrosstab> =>
      JSON.parse(await runCli([...cliArgs(project, extra), '--format', 'json'], home.home)) as CliCrosstab;
    cli.segments = await json([]);
    cli.documents = await json(['--unit', 'documents']);
    cli.coverage = await json(['--unit', 'coverage']);
    cli.documentsColumn = await json(['--unit', 'documents', '--percent', 'column']);
    cli.rowWhere = await json(['--percent', 'row', '--where', 'year>=2022']);
    cli.nested = await json(['--then', 'level']);
    cliCsv = await runCli(
      [...cliArgs(project, ['--percent', 'row', '--where', 'year>=2022']), '--format', 'csv', '--bom'],
      home.home,
    );
    server = await startServer(home.home, project);
    browser = await launchBrowser();
    const opened = await openPage(browser, server.url);
    page = opened.page;
    pageErrors = opened.errors;
    await page.getByRole('tab', { name: 'Analysis' }).click();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    home?.remove();
  });

  const shownWhen = async (ready: (table: ShownCrosstab) => boolean): Promise<ShownCrosstab> => {
    await eventually(async () => {
      const table = await readCrosstab(page);
      return table !== null && ready(table);
    }).toBe(true);
    const table = await readCrosstab(page);
    if (!table) throw new Error('the crosstab went away');
    return table;
  };
  const options = () => page.getByRole('form', { name: 'Query options' });
  const radio = (group: string, name: string) =>
    options().getByRole('radiogroup', { name: group }).getByRole('radio', { name, exact: true });

  it('opens on the headline table: top-level codes by province in segments, equal to the CLI cell by cell', async () => {
    const shown = await shownWhen((table) => table.unit === 'segments');
    expectSameCrosstab(shown, cli.segments);
    // The unit is stated above the table, in words.
    expect(await page.locator('.analysis-statement .analysis-unit').textContent()).toBe(
      'Unit: segments — the number of codings.',
    );
    await saveScreenshot(page, 'analysis-crosstab.png');
  });

  it('switches the unit and the percentages, and shows the CLI’s numbers for each', async () => {
    await radio('Unit', 'Documents').click();
    expectSameCrosstab(await shownWhen((table) => table.unit === 'documents'), cli.documents);
    await radio('Percentages', 'Column %').click();
    expectSameCrosstab(await shownWhen((table) => table.percent === 'column'), cli.documentsColumn);
    expect(await page.locator('.analysis-statement').textContent()).toContain('Column %');
    await radio('Unit', 'Coverage').click();
    // Coverage is a percentage already: the percent choice is cleared and disabled.
    const coverage = await shownWhen((table) => table.unit === 'coverage');
    expectSameCrosstab(coverage, cli.coverage);
    expect(coverage.percent).toBe('');
    expect(await radio('Percentages', 'Row %').isDisabled()).toBe(true);
    await saveScreenshot(page, 'analysis-crosstab-coverage.png');
  });

  it('nests a second attribute under each province', async () => {
    await radio('Unit', 'Segments').click();
    await options().getByLabel('Nested under each column').selectOption('level');
    expectSameCrosstab(await shownWhen((table) => table.columns.includes('Zhejiang / county')), cli.nested);
    expect(await page.locator('table.crosstab thead th.group-head').allTextContents()).toEqual([
      'Anhui',
      'Sichuan',
      'Zhejiang',
    ]);
    await options().getByLabel('Nested under each column').selectOption('');
    await shownWhen((table) => table.columns.includes('Sichuan'));
  });

  it('filters by an attribute with row percentages, saves the query and re-runs it', async () => {
    await radio('Percentages', 'Row %').click();
    await options().getByRole('button', { name: '+ Filter' }).click();
    await options().getByLabel('Attribute', { exact: true }).selectOption('year');
    await options().getByLabel('Comparison').selectOption('>=');
    await options().getByLabel('Value of year').fill('2022');
    const filtered = await shownWhen((table) => table.percent === 'row' && !table.columns.includes('Sichuan'));
    expectSameCrosstab(filtered, cli.rowWhere);
    expect(await page.locator('.analysis-statement').textContent()).toContain('Filters: year >= 2022');

    await page.keyboard.press('Control+s');
    const dialog = page.getByRole('dialog', { name: 'Save this query' });
    await dialog.getByLabel('Name').fill('Headline since 2022');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    const saved = page.locator('.analysis-saved li[data-query="Headline since 2022"]');
    await saved.waitFor();
    const stored = await callApi<
      { name: string; query: { kind: string; unit: string; percent: string; where: unknown[]; codeIds: string[] } }[]
    >(server, 'queries:list');
    expect(stored.map((entry) => entry.name)).toEqual(['Headline since 2022']);
    expect(stored[0].query).toMatchObject({
      kind: 'crosstab',
      unit: 'segments',
      percent: 'row',
      where: [{ attribute: 'year', op: '>=', value: '2022' }],
    });
    expect(stored[0].query.codeIds).toHaveLength(3);

    // Change everything, then bring the saved query back.
    await radio('Unit', 'Characters').click();
    await options().getByRole('button', { name: 'Remove this filter' }).click();
    await shownWhen((table) => table.unit === 'characters' && table.columns.includes('Sichuan'));
    await saved.getByRole('button', { name: 'Headline since 2022', exact: true }).click();
    expectSameCrosstab(
      await shownWhen((table) => table.unit === 'segments' && !table.columns.includes('Sichuan')),
      cli.rowWhere,
    );
    expect(await options().getByLabel('Value of year').inputValue()).toBe('2022');
    await saveScreenshot(page, 'analysis-crosstab-saved.png');
  });

  const download = async (start: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> => {
    const [file] = await Promise.all([page.waitForEvent('download'), start()]);
    const path = await (file as Download).path();
    return { name: file.suggestedFilename(), bytes: readFileSync(path) };
  };

  it('exports the CSV for Excel exactly as the CLI writes it, query recorded', async () => {
    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export the Crosstab' });
    expect(await dialog.locator('.analysis-recorded').textContent()).toContain('where year >= 2022');
    await dialog.getByRole('radio', { name: /^CSV/ }).check();
    await dialog.getByRole('checkbox', { name: /byte-order mark/ }).check();
    await saveScreenshot(page, 'analysis-export-dialog.png');
    const file = await download(() => dialog.getByRole('button', { name: 'Export', exact: true }).click());
    await dialog.waitFor({ state: 'detached' });
    expect(file.name).toBe('crosstab-by-province-segments.csv');
    expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = file.bytes.toString('utf8');
    expect(text).toBe(cliCsv);
    const rows = parseCsv(text.slice(1));
    expect(rows[0].slice(0, 7)).toEqual(['unit', 'coder', 'code', 'Anhui', 'Zhejiang', '(none)', 'total']);
    for (const row of cli.rowWhere.rows) {
      const line = rows.find((cells) => cells[2] === row.code);
      expect(line?.slice(3, 7).map(Number)).toEqual([
        row.values.Anhui,
        row.values.Zhejiang,
        row.values['(none)'],
        row.total,
      ]);
      expect(line?.at(-1)).toContain('where year >= 2022');
    }
  });

  it('exports the XLSX with the figures and an About sheet recording the query', async () => {
    await page.keyboard.press('Control+e');
    const dialog = page.getByRole('dialog', { name: 'Export the Crosstab' });
    await dialog.getByRole('radio', { name: /^Excel workbook/ }).check();
    const file = await download(() => dialog.getByRole('button', { name: 'Export', exact: true }).click());
    expect(file.name).toBe('crosstab-by-province-segments.xlsx');
    expect(file.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.bytes as unknown as ArrayBuffer);
    const values = (name: string): unknown[][] => {
      const sheet = workbook.getWorksheet(name);
      if (!sheet) throw new Error(`no sheet ${name}: ${workbook.worksheets.map((entry) => entry.name).join(', ')}`);
      const rows: unknown[][] = [];
      sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      return rows;
    };
    const figures = values('segments');
    const header = figures.findIndex((row) => row[0] === 'code');
    expect(figures[header]).toEqual(['code', 'Anhui', 'Zhejiang', '(none)', 'total']);
    const body = figures.slice(header + 1);
    expect(body).toEqual([
      ...cli.rowWhere.rows.map((row) => [
        row.code,
        row.values.Anhui,
        row.values.Zhejiang,
        row.values['(none)'],
        row.total,
      ]),
      [
        TOTAL_ROW,
        cli.rowWhere.totals.Anhui,
        cli.rowWhere.totals.Zhejiang,
        cli.rowWhere.totals['(none)'],
        cli.rowWhere.totals.all,
      ],
    ]);
    const about = values('About').map((row) => row.join(' | '));
    expect(
      about.some((line) => line.startsWith('Query') && line.includes('where year >= 2022') && line.includes('row %')),
    ).toBe(true);
    expect(about.some((line) => line.startsWith('Unit') && line.includes('segments'))).toBe(true);
  });

  it('shows the backend’s chart as an image and exports it as PNG and SVG', async () => {
    await page.getByRole('radiogroup', { name: 'Show as' }).getByRole('radio', { name: 'Chart' }).click();
    const image = page.locator('img.analysis-chart-image');
    await image.waitFor();
    const src = (await image.getAttribute('src')) ?? '';
    expect(src.startsWith('data:image/svg+xml;base64,')).toBe(true);
    const svg = Buffer.from(src.slice(src.indexOf(',') + 1), 'base64').toString('utf8');
    expect(svg).toMatch(/^(<\?xml[^>]*>\s*)?<svg[\s>]/);
    // Labelled with the unit, and drawn for every province in the filtered query.
    expect(svg).toContain('segments');
    expect(svg).toContain('Zhejiang');
    await eventually(() =>
      image.evaluate((element) => (element as unknown as { naturalWidth: number }).naturalWidth),
    ).toBeGreaterThan(300);
    await saveScreenshot(page, 'analysis-chart-bars.png');

    const png = await download(() => page.getByRole('button', { name: 'Export PNG' }).click());
    expect(png.name).toMatch(/\.png$/);
    expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // The IHDR width: drawn at 2× the 960 px default.
    expect(png.bytes.readUInt32BE(16)).toBeGreaterThanOrEqual(1280);
    const exported = await download(() => page.getByRole('button', { name: 'Export SVG' }).click());
    expect(exported.name).toMatch(/\.svg$/);
    expect(exported.bytes.toString('utf8')).toMatch(
      /^(<\?xml[^>]*>\s*)?<svg[\s>][^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/,
    );

    await page.getByRole('radiogroup', { name: 'Chart' }).getByRole('radio', { name: 'Heat map' }).click();
    await eventually(async () => ((await image.getAttribute('src')) ?? '') !== src).toBe(true);
    await saveScreenshot(page, 'analysis-chart-heatmap.png');
    await page.getByRole('radiogroup', { name: 'Show as' }).getByRole('radio', { name: 'Table' }).click();
  });

  it('deletes a saved query only after asking', async () => {
    await page.getByRole('button', { name: 'Delete the saved query “Headline since 2022”' }).click();
    const confirm = page.getByRole('alertdialog');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await callApi<unknown[]>(server, 'queries:list')).toHaveLength(1);
    await page.getByRole('button', { name: 'Delete the saved query “Headline since 2022”' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
    await page.locator('.analysis-saved li').waitFor({ state: 'detached' });
    expect(await callApi<unknown[]>(server, 'queries:list')).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
