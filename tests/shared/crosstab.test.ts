import { describe, expect, it } from 'vitest';
import {
  astralOffsets,
  codePointLength,
  computeCrosstab,
  crosstabPercentages,
  passesWhere,
  unionCodePoints,
  whereValueProblem,
  type CrosstabUnit,
} from '../../shared/stats/crosstab';
import { computeFrequencies } from '../../shared/stats/frequencies';
import type { CodeId, SourceId } from '../../shared/domain/ids';

const c = (id: string) => id as CodeId;
const s = (id: string) => id as SourceId;

// Codebook: P (parent) > A, B; and Q on its own.
const codes = [
  { id: c('P'), parentId: null, name: 'P', position: 0 },
  { id: c('A'), parentId: c('P'), name: 'A', position: 0 },
  { id: c('B'), parentId: c('P'), name: 'B', position: 1 },
  { id: c('Q'), parentId: null, name: 'Q', position: 1 },
];
// Sources (lengths in code points):
//   s1 Zhejiang 100;
//   s2 Zhejiang: 52 UTF-16 units with two characters above U+FFFF at units 10 and 30 → 50 code points;
//   s3 Anhui 200; s4 without a province, 10.
const sources = [
  { id: s('s1'), column: 'Zhejiang', length: 100 },
  { id: s('s2'), column: 'Zhejiang', length: 50, astral: [10, 30] },
  { id: s('s3'), column: 'Anhui', length: 200 },
  { id: s('s4'), column: '(none)', length: 10 },
];
const columns = ['Anhui', 'Zhejiang', '(none)'].map((key) => ({ key, values: [key] }));
// Codings (UTF-16 ranges):
//   s1: A [0,10) and A [5,20) (the same code overlapping), B [15,30)
//   s2: B [8,14) (holds the astral character at 10), A [28,34) (holds the one at 30)
//   s3: A [10,20), Q [0,100)
//   s4: Q [0,10)
const codings: [string, string, number, number][] = [
  ['A', 's1', 0, 10],
  ['A', 's1', 5, 20],
  ['B', 's1', 15, 30],
  ['B', 's2', 8, 14],
  ['A', 's2', 28, 34],
  ['A', 's3', 10, 20],
  ['Q', 's3', 0, 100],
  ['Q', 's4', 0, 10],
];
function cells() {
  const map = new Map<string, { codeId: CodeId; sourceId: SourceId; segments: number; ranges: number[] }>();
  for (const [code, source, start, end] of codings) {
    const key = `${code}|${source}`;
    const cell = map.get(key) ?? { codeId: c(code), sourceId: s(source), segments: 0, ranges: [] };
    cell.segments += 1;
    cell.ranges.push(start, end);
    map.set(key, cell);
  }
  return [...map.values()];
}
const run = (unit: CrosstabUnit, options: { rows?: CodeId[] | null; rollup?: boolean } = {}) =>
  computeCrosstab({ codes, rows: options.rows ?? null, rollup: options.rollup ?? true, unit, columns, sources, cells: cells() });
const byCode = (result: ReturnType<typeof run>) => Object.fromEntries(result.rows.map((row) => [row.code, row.values]));

describe('the crosstab (DESIGN.md §6), computed by hand', () => {
  it('counts segments: every coding once per row, a parent including its children, (none) and totals', () => {
    const result = run('segments');
    expect(result.rows.map((row) => row.code)).toEqual(['P', 'P/A', 'P/B', 'Q']);
    //                 Anhui  Zhejiang                 (none)
    // A:              s3:1   s1:2 + s2:1 = 3          0
    // B:              0      s1:1 + s2:1 = 2          0
    // P = A + B:      1      3 + 2 = 5                0
    // Q:              s3:1   0                        s4:1
    expect(byCode(result)).toEqual({ P: [1, 5, 0], 'P/A': [1, 3, 0], 'P/B': [0, 2, 0], Q: [1, 0, 1] });
    expect(result.rows.map((row) => row.total)).toEqual([6, 4, 2, 2]);
    // Any code: 8 codings — Anhui 2, Zhejiang 5, none 1.
    expect(result.totals).toEqual([2, 5, 1]);
    expect(result.total).toBe(8);
    expect(result.sourceCounts).toEqual([1, 2, 1]);
  });

  it('counts documents as distinct sources, never summing children', () => {
    const result = run('documents');
    // A: Zhejiang s1, s2 = 2; Anhui s3 = 1.  B: Zhejiang s1, s2 = 2.
    // P: Zhejiang {s1, s2} = 2 (summing A and B would say 4); Anhui {s3} = 1.
    expect(byCode(result)).toEqual({ P: [1, 2, 0], 'P/A': [1, 2, 0], 'P/B': [0, 2, 0], Q: [1, 0, 1] });
    expect(result.rows[0].total).toBe(3);
    // Any code: Anhui {s3}, Zhejiang {s1, s2}, none {s4} → 4.
    expect(result.totals).toEqual([1, 2, 1]);
    expect(result.total).toBe(4);
  });

  it('counts characters as code points in the union of ranges, overlaps once, characters above U+FFFF once', () => {
    const result = run('characters');
    // A in s1: [0,10) ∪ [5,20) = [0,20) → 20 (not 10 + 15 = 25).
    // A in s2: [28,34) is 6 UTF-16 units holding one astral character (at 30) → 5 code points.
    // A: Zhejiang 20 + 5 = 25; Anhui s3 [10,20) → 10.
    // B in s1: [15,30) → 15; in s2: [8,14) = 6 units, astral at 10 → 5. Zhejiang 20.
    // P in s1: [0,20) ∪ [15,30) = [0,30) → 30; in s2: 5 + 5 = 10. Zhejiang 40; Anhui 10.
    // Q: Anhui [0,100) → 100; none [0,10) → 10.
    expect(byCode(result)).toEqual({ P: [10, 40, 0], 'P/A': [10, 25, 0], 'P/B': [0, 20, 0], Q: [100, 0, 10] });
    // Any code: s3 Q [0,100) ∪ A [10,20) = 100; Zhejiang 30 + 10 = 40; none 10 → 150.
    expect(result.totals).toEqual([100, 40, 10]);
    expect(result.total).toBe(150);
    // Characters of the sources: Anhui 200; Zhejiang 100 + 50 = 150; none 10; all 360.
    expect(result.sourceCharacters).toEqual([200, 150, 10]);
    expect(result.allCharacters).toBe(360);
  });

  it('gives coverage as a percentage of the characters of each column’s sources', () => {
    const result = run('coverage');
    // P: Anhui 10 / 200 = 5 %; Zhejiang 40 / 150 = 26.67 %; total 50 / 360 = 13.89 %.
    expect(result.rows[0].values[0]).toBeCloseTo(5, 10);
    expect(result.rows[0].values[1]).toBeCloseTo((100 * 40) / 150, 10);
    expect(result.rows[0].total).toBeCloseTo((100 * 50) / 360, 10);
    // Any code: Anhui 100 / 200 = 50 %; Zhejiang 40 / 150; none 10 / 10 = 100 %; all 150 / 360.
    expect(result.totals[0]).toBeCloseTo(50, 10);
    expect(result.totals[2]).toBeCloseTo(100, 10);
    expect(result.total).toBeCloseTo((100 * 150) / 360, 10);
  });

  it('counts each code’s own codings without rollup, and keeps the totals as "any code"', () => {
    const result = run('segments', { rollup: false });
    // P has no codings of its own.
    expect(byCode(result).P).toEqual([0, 0, 0]);
    expect(byCode(result)['P/A']).toEqual([1, 3, 0]);
    expect(result.totals).toEqual([2, 5, 1]);
  });

  it('shows a subset of codes, and totals over that subset only', () => {
    const result = run('segments', { rows: [c('Q'), c('A')] });
    // Rows keep codebook order whatever order they were asked in.
    expect(result.rows.map((row) => row.code)).toEqual(['P/A', 'Q']);
    // Any of A or Q: Anhui s3 A + Q = 2; Zhejiang A 3; none Q 1 → 6 (B's two codings are not in scope).
    expect(result.totals).toEqual([2, 3, 1]);
    expect(result.total).toBe(6);
    // A parent asked alone still includes its children with rollup …
    expect(run('segments', { rows: [c('P')] }).rows[0].values).toEqual([1, 5, 0]);
    // … and not without.
    expect(run('segments', { rows: [c('P')], rollup: false }).total).toBe(0);
  });

  it('gives row and column percentages', () => {
    const result = run('segments');
    const row = crosstabPercentages(result, 'row');
    // P: Anhui 1 / 6, Zhejiang 5 / 6.
    expect(row.rows[0][0]).toBeCloseTo(100 / 6, 10);
    expect(row.rows[0][1]).toBeCloseTo(500 / 6, 10);
    expect(row.rowTotals[0]).toBe(100);
    // Totals row: Anhui 2 / 8 = 25 %.
    expect(row.totals[0]).toBeCloseTo(25, 10);
    const column = crosstabPercentages(result, 'column');
    // A in Zhejiang: 3 of the column's 5 codings = 60 %; A in Anhui: 1 of 2 = 50 %.
    expect(column.rows[1][1]).toBeCloseTo(60, 10);
    expect(column.rows[1][0]).toBeCloseTo(50, 10);
    // A's total as a share of all 8 codings: 4 / 8 = 50 %.
    expect(column.rowTotals[1]).toBeCloseTo(50, 10);
    expect(column.totals).toEqual([100, 100, 100]);
    // A row with nothing has 0 %, not NaN.
    expect(crosstabPercentages(run('segments', { rollup: false }), 'row').rows[0]).toEqual([0, 0, 0]);
  });

  it('is what the frequencies table shows, coverage share included', () => {
    const table = computeFrequencies({
      by: 'province',
      unit: 'characters',
      coder: null,
      codes,
      sources: sources.map((source) => ({ id: source.id, value: source.column === '(none)' ? null : source.column, length: source.length, astral: source.astral })),
      cells: cells(),
    });
    expect(table.rows[0].values).toEqual({ Anhui: 10, Zhejiang: 40, '(none)': 0 });
    expect(table.rows[0].coverage?.Zhejiang).toBeCloseTo(40 / 150, 10);
    expect(table.totals).toEqual({ Anhui: 100, Zhejiang: 40, '(none)': 10, all: 150 });
  });
});

describe('characters above U+FFFF', () => {
  it('count once in lengths, unions and offsets', () => {
    const text = 'a𠀀b😀c';
    expect(text.length).toBe(7);
    expect(codePointLength(text)).toBe(5);
    expect(astralOffsets(text)).toEqual([1, 4]);
    // [0,7) holds both: 7 − 2 = 5; [1,3) is 𠀀 alone: 1.
    expect(unionCodePoints([{ codeId: c('x'), sourceId: s('y'), segments: 1, ranges: [0, 7] }], [1, 4])).toBe(5);
    expect(unionCodePoints([{ codeId: c('x'), sourceId: s('y'), segments: 2, ranges: [1, 3, 2, 3] }], [1, 4])).toBe(1);
    // Touching ranges make one run: [0,3) ∪ [3,4) = 4 units, one astral → 3.
    expect(unionCodePoints([{ codeId: c('x'), sourceId: s('y'), segments: 2, ranges: [3, 4, 0, 3] }], [1, 4])).toBe(3);
  });
});

describe('attribute filters', () => {
  it('compare numbers by value, dates in calendar order and text exactly or naturally', () => {
    expect(passesWhere('number', '2019', '>=', '2019')).toBe(true);
    expect(passesWhere('number', '9', '<', '10')).toBe(true); // as text "9" > "10"
    expect(passesWhere('number', '2019.0', '=', '2019')).toBe(true);
    expect(passesWhere('date', '2021-03-01', '<', '2021-12-31')).toBe(true);
    expect(passesWhere('date', '2021-03-01', '>', '2021-03-01')).toBe(false);
    expect(passesWhere('text', 'Zhejiang', '!=', 'Anhui')).toBe(true);
    expect(passesWhere('text', 'Zhejiang', '=', 'zhejiang')).toBe(false);
    expect(passesWhere('text', 'city2', '<', 'city10')).toBe(true);
    // A source without the attribute passes no filter, not even !=.
    expect(passesWhere('text', undefined, '!=', 'Anhui')).toBe(false);
    expect(passesWhere('number', null, '<', '5')).toBe(false);
  });

  it('refuse a value that cannot be compared with the attribute’s type', () => {
    expect(whereValueProblem('number', 'twenty')).toMatch(/not a number/);
    expect(whereValueProblem('date', '2021')).toMatch(/YYYY-MM-DD/);
    expect(whereValueProblem('text', 'anything')).toBeNull();
  });
});
