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
