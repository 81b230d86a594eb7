import type { Page } from 'playwright-core';
import { inPage } from './browser';

/** What the frequency table shows: per row (code path, or "all" for the totals) per column. */
export type ShownTable = Readonly<{
  unit: string;
  by: string;
  columns: readonly string[];
  values: Readonly<Record<string, Readonly<Record<string, number>>>>;
  shares: Readonly<Record<string, Readonly<Record<string, string>>>>;
}>;

const READ_TABLE = String.raw`() => {
  const table = document.querySelector('.freq-table');
  if (!table) return null;
  const columns = Array.from(table.querySelectorAll('thead th[data-column]')).map((cell) => cell.dataset.column);
  const values = {};
  const shares = {};
  for (const row of table.querySelectorAll('tr[data-code]')) {
    const code = row.dataset.code;
    values[code] = {};
    shares[code] = {};
    for (const cell of row.querySelectorAll('td[data-column]')) {
      const value = cell.querySelector('.value');
      values[code][cell.dataset.column] = Number((value ? value.textContent : '').replace(/,/g, ''));
      const share = cell.querySelector('.share');
      if (share) shares[code][cell.dataset.column] = share.textContent;
    }
  }
  return { unit: table.dataset.unit, by: table.dataset.by, columns, values, shares };
}`;

/** Reads the frequency table off the page, numbers as numbers. */
export async function readFrequencyTable(page: Page): Promise<ShownTable> {
  const table = await inPage<ShownTable | null>(page, READ_TABLE, null);
  if (!table) throw new Error('No frequency table on the page');
  return table;
}

/** What the Analysis tab's crosstab shows: per row (code path, or "(all codes)") per column key, raw figures. */
export type ShownCrosstab = Readonly<{
  unit: string;
  by: string;
  percent: string;
  columns: readonly string[];
  values: Readonly<Record<string, Readonly<Record<string, number>>>>;
  percents: Readonly<Record<string, Readonly<Record<string, number>>>>;
}>;

// Reads data-value / data-percent (the backend's numbers before formatting), so a comparison
// with the CLI's JSON is exact; the formatted text is checked separately where it matters.
const READ_CROSSTAB = String.raw`() => {
  const table = document.querySelector('table.analysis-table.crosstab');
  if (!table) return null;
  const columns = Array.from(table.querySelectorAll('thead tr:last-child th[data-column]')).map((cell) => cell.dataset.column);
  const values = {};
  const percents = {};
  for (const row of table.querySelectorAll('tr[data-code]')) {
    const code = row.dataset.code;
    values[code] = {};
    percents[code] = {};
    for (const cell of row.querySelectorAll('td[data-column]')) {
      values[code][cell.dataset.column] = Number(cell.dataset.value);
      if (cell.dataset.percent !== undefined) percents[code][cell.dataset.column] = Number(cell.dataset.percent);
    }
  }
  const stale = table.classList.contains('stale');
  return { unit: table.dataset.unit, by: table.dataset.by, percent: table.dataset.percent, columns, values, percents, stale };
}`;

/** Reads the Analysis crosstab off the page once it is not being recounted; null when none is shown. */
export async function readCrosstab(page: Page): Promise<ShownCrosstab | null> {
  const table = await inPage<(ShownCrosstab & { stale: boolean }) | null>(page, READ_CROSSTAB, null);
  if (!table || table.stale) return null;
  const { stale: _stale, ...shown } = table;
  return shown;
}
