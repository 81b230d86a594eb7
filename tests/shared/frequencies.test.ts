import { describe, expect, it } from 'vitest';
import { computeFrequencies, NONE_COLUMN, orderColumns } from '../../shared/stats/frequencies';
import type { CodeId, SourceId } from '../../shared/domain/ids';
import type { Range } from '../../shared/domain/ranges';

const c = (id: string) => id as CodeId;
const s = (id: string) => id as SourceId;

// Codebook: P (parent) > A, B; and Q on its own.
const codes = [
  { id: c('P'), parentId: null, name: 'Parent', position: 0 },
  { id: c('A'), parentId: c('P'), name: 'A', position: 0 },
  { id: c('B'), parentId: c('P'), name: 'B', position: 1 },
  { id: c('Q'), parentId: null, name: 'Q', position: 1 },
];
// Sources: s1, s2 in Zhejiang (100 and 50 characters), s3 in Anhui (200), s4 without a province (10).
const sources = [
  { id: s('s1'), value: 'Zhejiang', length: 100 },
  { id: s('s2'), value: 'Zhejiang', length: 50 },
  { id: s('s3'), value: 'Anhui', length: 200 },
  { id: s('s4'), value: null, length: 10 },
];
// Codings (ranges):
//   s1: A [0,10) and A [5,20) (overlap), B [15,30)
//   s2: B [0,5)
//   s3: A [10,20), Q [0,100)
//   s4: Q [0,10)
const ranges: { code: string; source: string; range: Range }[] = [
  { code: 'A', source: 's1', range: [0, 10] },
  { code: 'A', source: 's1', range: [5, 20] },
  { code: 'B', source: 's1', range: [15, 30] },
  { code: 'B', source: 's2', range: [0, 5] },
  { code: 'A', source: 's3', range: [10, 20] },
  { code: 'Q', source: 's3', range: [0, 100] },
  { code: 'Q', source: 's4', range: [0, 10] },
];
function cells() {
  const map = new Map<string, { codeId: CodeId; sourceId: SourceId; segments: number; ranges: number[] }>();
  for (const entry of ranges) {
    const key = `${entry.code}|${entry.source}`;
    const cell = map.get(key) ?? { codeId: c(entry.code), sourceId: s(entry.source), segments: 0, ranges: [] };
    cell.segments += 1;
    cell.ranges.push(...entry.range);
    map.set(key, cell);
  }
  return [...map.values()];
}
const run = (unit: 'segments' | 'documents' | 'characters') =>
  computeFrequencies({ by: 'province', unit, coder: null, codes, sources, cells: cells() });

describe('code frequencies per attribute value', () => {
  it('counts segments, a parent including its children, with (none) and totals', () => {
    const table = run('segments');
    expect(table.columns).toEqual(['Anhui', 'Zhejiang', NONE_COLUMN]);
    expect(table.rows.map((row) => row.code)).toEqual(['Parent', 'Parent/A', 'Parent/B', 'Q']);
    // Parent = A (2 in s1, 1 in s3) + B (1 in s1, 1 in s2): Zhejiang 2+1+1 = 4, Anhui 1.
    expect(table.rows[0].values).toEqual({ Anhui: 1, Zhejiang: 4, '(none)': 0 });
    expect(table.rows[0].total).toBe(5);
    expect(table.rows[1].values).toEqual({ Anhui: 1, Zhejiang: 2, '(none)': 0 });
    expect(table.rows[3].values).toEqual({ Anhui: 1, Zhejiang: 0, '(none)': 1 });
    // Totals count each coding once: 7 codings, Anhui 2, Zhejiang 4, none 1.
    expect(table.totals).toEqual({ Anhui: 2, Zhejiang: 4, '(none)': 1, all: 7 });
  });

  it('counts documents as distinct sources, never summing children', () => {
    const table = run('documents');
    // Parent: Zhejiang has s1 (A and B) and s2 (B) = 2; Anhui s3 = 1. Summing children would give 3 in Zhejiang.
    expect(table.rows[0].values).toEqual({ Anhui: 1, Zhejiang: 2, '(none)': 0 });
    expect(table.rows[2].values).toEqual({ Anhui: 0, Zhejiang: 2, '(none)': 0 });
    expect(table.totals).toEqual({ Anhui: 1, Zhejiang: 2, '(none)': 1, all: 4 });
  });

  it('counts characters as the union of ranges, with coverage of the sources in each column', () => {
    const table = run('characters');
    // A in s1: [0,10) ∪ [5,20) = 20 characters (not 25); A in s3: 10.
    expect(table.rows[1].values).toEqual({ Anhui: 10, Zhejiang: 20, '(none)': 0 });
    // Parent in s1: [0,20) ∪ [15,30) = 30; in s2: 5 → Zhejiang 35. Anhui: 10.
    expect(table.rows[0].values).toEqual({ Anhui: 10, Zhejiang: 35, '(none)': 0 });
    // Coverage: Zhejiang 35 / (100 + 50) characters; Anhui 10 / 200.
    expect(table.rows[0].coverage?.Zhejiang).toBeCloseTo(35 / 150, 10);
    expect(table.rows[0].coverage?.Anhui).toBeCloseTo(10 / 200, 10);
    // Any code in s3: Q [0,100) ∪ A [10,20) = 100. Totals: Anhui 100, Zhejiang 35, none 10.
    expect(table.totals).toEqual({ Anhui: 100, Zhejiang: 35, '(none)': 10, all: 145 });
    expect(table.totalsCoverage?.all).toBeCloseTo(145 / 360, 10);
    expect(table.sourceCharacters).toEqual({ Anhui: 200, Zhejiang: 150, '(none)': 10, all: 360 });
  });

  it('orders columns naturally with (none) last', () => {
    expect(orderColumns(['b', '(none)', 'a10', 'a9', 'A1'])).toEqual(['A1', 'a9', 'a10', 'b', '(none)']);
  });
});
