import { describe, expect, it } from 'vitest';
import { joinCodePath, splitCodePath } from '../../shared/domain/codePath';
import { codePointToUtf16, segmentByCoverage, unionLength, unionRanges, utf16ToCodePoint } from '../../shared/domain/ranges';
import { orderCodebook, descendantsOf } from '../../shared/domain/codebook';
import { parseCsv, toCsv } from '../../shared/format/csv';
import type { CodeId } from '../../shared/domain/ids';

describe('code paths', () => {
  it('joins with slashes and escapes slashes inside names', () => {
    expect(joinCodePath(['Incentives', 'Citizen participation'])).toBe('Incentives/Citizen participation');
    expect(joinCodePath(['Policy', 'Plans/Programmes'])).toBe('Policy/Plans\\/Programmes');
    expect(splitCodePath('Policy/Plans\\/Programmes')).toEqual(['Policy', 'Plans/Programmes']);
    expect(splitCodePath('a\\\\b/c')).toEqual(['a\\b', 'c']);
  });

  it('rejects malformed paths', () => {
    expect(splitCodePath('')).toBeNull();
    expect(splitCodePath('a//b')).toBeNull();
    expect(splitCodePath('a/b\\')).toBeNull();
  });
});

describe('ranges', () => {
  it('unions overlapping and touching ranges', () => {
    expect(unionRanges([[5, 9], [0, 5], [20, 30], [25, 26]])).toEqual([[0, 9], [20, 30]]);
    expect(unionLength([[0, 10], [5, 20], [30, 31]])).toBe(21);
  });

  it('cuts text into pieces covered by the same codings', () => {
    expect(segmentByCoverage([[0, 10], [5, 15]], 0, 20)).toEqual([
      { start: 0, end: 5, covering: [0] },
      { start: 5, end: 10, covering: [0, 1] },
      { start: 10, end: 15, covering: [1] },
      { start: 15, end: 20, covering: [] },
    ]);
  });

  it('converts between UTF-16 units and code points above U+FFFF', () => {
    const text = 'a𠀀b😀c';
    expect(text.length).toBe(7);
    expect(utf16ToCodePoint(text, 3)).toBe(2);
    expect(utf16ToCodePoint(text, 7)).toBe(5);
    expect(codePointToUtf16(text, 2)).toBe(3);
    expect(codePointToUtf16(text, 4)).toBe(6);
  });
});

describe('codebook order', () => {
  const id = (value: string) => value as CodeId;
  const codes = [
    { id: id('b'), parentId: null, name: 'B', position: 1 },
    { id: id('a'), parentId: null, name: 'A', position: 0 },
    { id: id('a2'), parentId: id('a'), name: 'A2', position: 1 },
    { id: id('a1'), parentId: id('a'), name: 'A1', position: 0 },
    { id: id('a1x'), parentId: id('a1'), name: 'X', position: 0 },
  ];

  it('is depth-first with siblings by position, and knows each lineage', () => {
    const ordered = orderCodebook(codes);
    expect(ordered.map((entry) => entry.path)).toEqual(['A', 'A/A1', 'A/A1/X', 'A/A2', 'B']);
    expect(ordered[2].lineage).toEqual(['a1x', 'a1', 'a']);
    expect(ordered[2].depth).toBe(2);
    expect([...descendantsOf(codes, id('a'))].sort()).toEqual(['a', 'a1', 'a1x', 'a2']);
  });
});

describe('CSV', () => {
  it('quotes what needs quoting and parses it back', () => {
    const rows = [['code', 'note'], ['A, B', 'said "yes"\nthen left'], ['数字', '']];
    const text = toCsv(rows);
    expect(text).toBe('code,note\r\n"A, B","said ""yes""\nthen left"\r\n数字,\r\n');
    expect(parseCsv(text)).toEqual(rows);
  });
});
