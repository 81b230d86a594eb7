import { describe, expect, it } from 'vitest';
import { describeBinSpec, makeBins, parseBinSpec, type Binning } from '../../shared/stats/binning';
import { computeCooccurrence } from '../../shared/stats/cooccurrence';
import { computeMatrix } from '../../shared/stats/matrix';
import { countWords, normalizeWord, parseStopwords, rankWords, textChunks, wordSegmenter } from '../../shared/stats/wordfreq';
import { analysisQuerySchema, parseWhere, splitList } from '../../shared/format/query';
import type { CodeId, SourceId } from '../../shared/domain/ids';

const c = (id: string) => id as CodeId;
const s = (id: string) => id as SourceId;

function bins(type: 'number' | 'date' | 'text', spec: string, values: string[]): Binning {
  const parsed = parseBinSpec(spec);
  if (!parsed) throw new Error(`bad spec ${spec}`);
  const result = makeBins(type, parsed, values);
  if (typeof result === 'string') throw new Error(result);
  return result;
}

describe('binning number and date attributes', () => {
  it('cuts whole numbers into equal bins labelled with their first and last value, gaps included', () => {
    const years = ['2017', '2018', '2021', '2024'];
    const binning = bins('number', '5@2015', years);
    // 2015–2019 holds 2017 and 2018; 2020–2024 holds 2021 and 2024.
    expect(binning.labels).toEqual(['2015–2019', '2020–2024']);
    expect(years.map(binning.labelOf)).toEqual(['2015–2019', '2015–2019', '2020–2024', '2020–2024']);
    // Width 2 from 0: 2017 → 2016–2017, 2024 → 2024–2025, with the empty bins between kept.
    expect(bins('number', '2', years).labels).toEqual(['2016–2017', '2018–2019', '2020–2021', '2022–2023', '2024–2025']);
  });

  it('uses half-open intervals for fractions, without floating-point noise', () => {
    const binning = bins('number', '0.1', ['0.05', '0.3', '0.31']);
    // 0.3 / 0.1 is 2.9999999999999996 in floating point; it still belongs in [0.3, 0.4).
    expect(binning.labelOf('0.3')).toBe('[0.3, 0.4)');
    expect(binning.labels).toEqual(['[0, 0.1)', '[0.1, 0.2)', '[0.2, 0.3)', '[0.3, 0.4)']);
  });

  it('cuts at edges, with open bins below and above only when values fall there', () => {
    const binning = bins('number', '2018,2015,2021', ['2014', '2015', '2020', '2021']);
    expect(binning.labels).toEqual(['< 2015', '2015–2017', '2018–2020', '≥ 2021']);
    expect(['2014', '2015', '2020', '2021'].map(binning.labelOf)).toEqual(['< 2015', '2015–2017', '2018–2020', '≥ 2021']);
    expect(bins('number', '2015,2021', ['2016']).labels).toEqual(['2015–2020']);
  });

  it('groups dates by year, quarter or month, and at date edges', () => {
    const dates = ['2020-11-28', '2021-03-31', '2021-04-01'];
    expect(bins('date', 'year', dates).labels).toEqual(['2020', '2021']);
    const quarters = bins('date', 'quarter', dates);
    expect(quarters.labels).toEqual(['2020-Q4', '2021-Q1', '2021-Q2']);
    expect(quarters.labelOf('2021-03-31')).toBe('2021-Q1');
    expect(bins('date', 'month', ['2020-11-02', '2021-01-15']).labels).toEqual(['2020-11', '2020-12', '2021-01']);
    const edges = bins('date', '2021-01-01,2022-01-01', dates);
    expect(edges.labels).toEqual(['< 2021-01-01', '[2021-01-01, 2022-01-01)']);
  });

  it('refuses specifications that do not fit the attribute', () => {
    expect(parseBinSpec('often')).toBeNull();
    expect(parseBinSpec('0')).toBeNull();
    expect(parseBinSpec('2015,2015')).toBeNull();
    const year = parseBinSpec('year');
    const width = parseBinSpec('5');
    if (!year || !width) throw new Error('specs');
    expect(makeBins('number', year, ['2019'])).toMatch(/need a date attribute/);
    expect(makeBins('date', width, ['2019-01-01'])).toMatch(/need a number attribute/);
    expect(makeBins('text', width, ['Zhejiang'])).toMatch(/only number and date attributes/);
    expect(makeBins('number', parseBinSpec('0.001') as never, ['0', '1000'])).toMatch(/choose a wider bin/);
    expect(describeBinSpec(parseBinSpec('5@2003') as never)).toBe('bins of 5 from 2003');
  });
});

describe('code co-occurrence, computed by hand', () => {
  const codes = [
    { id: c('A'), parentId: null, name: 'A', position: 0 },
    { id: c('B'), parentId: null, name: 'B', position: 1 },
    { id: c('C'), parentId: null, name: 'C', position: 2 },
  ];
  // s1 (group one):  a1 A [0,10)   a2 A [20,30)   b1 B [5,15)   b2 B [2,8)   c1 C [0,10)   c2 C [25,26)
  // s2 (group two):  A [0,5)   B [5,9) (touches A: no overlap)   C [3,4) (inside A)
  const codings = [
    ['A', 's1', 0, 10],
    ['A', 's1', 20, 30],
    ['B', 's1', 5, 15],
    ['B', 's1', 2, 8],
    ['C', 's1', 0, 10],
    ['C', 's1', 25, 26],
    ['A', 's2', 0, 5],
    ['B', 's2', 5, 9],
    ['C', 's2', 3, 4],
  ].map(([code, source, start, end]) => ({ codeId: c(code as string), sourceId: s(source as string), start: start as number, end: end as number }));
  const oneGroup = new Map([[s('s1'), 'all'], [s('s2'), 'all']]);
  const run = (relation: 'overlap' | 'inside' | 'exact', unit: 'passages' | 'documents' = 'passages', groupOf = oneGroup, groups = ['all']) =>
    computeCooccurrence({ codes, rows: null, relation, unit, codings, groupOf, groups });

  it('counts pairs of codings that overlap', () => {
    // A–B: a1·b1 ([5,10) shared), a1·b2 → 2; a2 meets neither; s2's A and B only touch.
    // A–C: a1·c1, a2·c2 in s1, and A·C in s2 → 3.
    // B–C: b1·c1 ([5,10)), b2·c1 → 2.
    // Diagonal: codings of each code — A 3, B 3, C 3.
    expect(run('overlap').matrices[0].counts).toEqual([
      [3, 2, 3],
      [2, 3, 2],
      [3, 2, 3],
    ]);
  });

  it('counts pairs where one lies inside the other, and identical ranges', () => {
    // inside — A–B: b2 [2,8) inside a1 → 1 (b1 sticks out). A–C: a1 = c1, c2 inside a2, s2's C inside A → 3. B–C: b2 inside c1 → 1.
    expect(run('inside').matrices[0].counts).toEqual([
      [3, 1, 3],
      [1, 3, 1],
      [3, 1, 3],
    ]);
    // exact — only a1 and c1 cover the same range.
    expect(run('exact').matrices[0].counts).toEqual([
      [3, 0, 1],
      [0, 3, 0],
      [1, 0, 3],
    ]);
  });

  it('counts documents, and one matrix per group', () => {
    // Sources with an overlapping pair: A–B s1 → 1; A–C s1, s2 → 2; B–C s1 → 1. Diagonal: sources with the code.
    expect(run('overlap', 'documents').matrices[0].counts).toEqual([
      [2, 1, 2],
      [1, 2, 1],
      [2, 1, 2],
    ]);
    const grouped = run('overlap', 'passages', new Map([[s('s1'), 'one'], [s('s2'), 'two']]), ['one', 'two']);
    expect(grouped.matrices.map((matrix) => matrix.group)).toEqual(['one', 'two']);
    expect(grouped.matrices[0].counts).toEqual([
      [2, 2, 2],
      [2, 2, 2],
      [2, 2, 2],
    ]);
    expect(grouped.matrices[1].counts).toEqual([
      [1, 0, 1],
      [0, 1, 0],
      [1, 0, 1],
    ]);
  });

  it('keeps only the codes asked for', () => {
    const result = computeCooccurrence({ codes, rows: [c('C'), c('A')], relation: 'overlap', unit: 'passages', codings, groupOf: oneGroup, groups: ['all'] });
    expect(result.codes.map((code) => code.code)).toEqual(['A', 'C']);
    expect(result.matrices[0].counts).toEqual([
      [3, 3],
      [3, 3],
    ]);
  });
});

describe('the code × document matrix', () => {
  const codes = [
    { id: c('P'), parentId: null, name: 'P', position: 0 },
    { id: c('A'), parentId: c('P'), name: 'A', position: 0 },
  ];
  // s1: A [0,10) and [5,20); P [30,40). s2 (astral character at 2): A [0,4). s3: nothing.
  const cells = [
    { codeId: c('A'), sourceId: s('s1'), segments: 2, ranges: [0, 10, 5, 20] },
    { codeId: c('P'), sourceId: s('s1'), segments: 1, ranges: [30, 40] },
    { codeId: c('A'), sourceId: s('s2'), segments: 1, ranges: [0, 4] },
  ];
  const sources = [
    { id: s('s1'), length: 100 },
    { id: s('s2'), length: 9, astral: [2] },
    { id: s('s3'), length: 5 },
  ];
  const run = (value: 'count' | 'characters' | 'presence', rollup = true) => computeMatrix({ codes, rows: null, rollup, value, sources, cells });

  it('holds counts, characters or presence per source and code, a parent including its child', () => {
    // Count: P = own 1 + A 2 in s1 = 3; A 2. s2: P 1, A 1.
    expect(run('count').sources.map((source) => source.values)).toEqual([[3, 2], [1, 1], [0, 0]]);
    // Characters: A in s1 [0,20) = 20; P in s1 20 + [30,40) 10 = 30; A in s2 [0,4) = 4 units, one astral → 3.
    expect(run('characters').sources.map((source) => source.values)).toEqual([[30, 20], [3, 3], [0, 0]]);
    expect(run('presence').sources.map((source) => source.values)).toEqual([[1, 1], [1, 1], [0, 0]]);
    // Without rollup P is its own codings only.
    expect(run('count', false).sources.map((source) => source.values)).toEqual([[1, 2], [0, 1], [0, 0]]);
  });
});

describe('word frequency', () => {
  const segmenter = wordSegmenter();

  it('cuts paragraphs, and long paragraphs at sentence ends, never mid-character', () => {
    expect(textChunks('一段。\n\n第二段')).toEqual(['一段。', '第二段']);
    const sentence = '数据共享平台建设。'; // 9 units
    const long = sentence.repeat(300); // 2,700 units, no line break
    const chunks = textChunks(long, 1000);
    expect(chunks.join('')).toBe(long);
    expect(Math.max(...chunks.map((chunk) => chunk.length))).toBeLessThanOrEqual(1000);
    expect(chunks.every((chunk) => chunk.endsWith('。') || chunk === chunks[chunks.length - 1])).toBe(true);
    // No sentence end, no space: a hard cut, moved back so 𠀀 (two units) is never split.
    const astral = `${'字'.repeat(999)}𠀀${'字'.repeat(10)}`;
    const pieces = textChunks(astral, 1000);
    expect(pieces[0]).toBe('字'.repeat(999));
    expect(pieces[1].startsWith('𠀀')).toBe(true);
  });

  it('segments Chinese into words, lower-cases English, folds full-width letters and drops numbers', () => {
    const counts = new Map<string, number>();
    const options = { minLength: 2, stopwords: new Set(parseStopwords('# comment\nand\n的\nThe\n')) };
    const counted = countWords('政府数据共享。政府数据开放！\nThe Data platform, data PLATFORMS and ＡＩ: 2021 plans. 数据平台的考核办法', options, counts, segmenter);
    // Chinese: 政府 ×2, 数据 ×3, 共享, 开放, 平台, 考核, 办法 (的 is a stop word and one character).
    expect(counts.get('政府')).toBe(2);
    expect(counts.get('数据')).toBe(3);
    expect(counts.get('的')).toBeUndefined();
    // English: data ×2 (Data, data), platform, platforms, ai (ＡＩ folded), plans; "the" and "and" are stop words.
    expect(counts.get('data')).toBe(2);
    expect(counts.get('ai')).toBe(1);
    expect(counts.get('the')).toBeUndefined();
    expect(counts.get('2021')).toBeUndefined();
    expect(counted).toBe(2 + 3 + 1 + 1 + 1 + 1 + 1 + 2 + 1 + 1 + 1 + 1);
  });

  it('measures the minimum length in characters, a character above U+FFFF counting once', () => {
    const counts = new Map<string, number>();
    countWords('𠀀𠀀数据𠀀', { minLength: 2, stopwords: new Set() }, counts, segmenter);
    // 𠀀 is two UTF-16 units but one character: too short at minimum length 2.
    expect([...counts.keys()]).toEqual(['数据']);
    expect(normalizeWord('１２３')).toBeNull();
    expect(normalizeWord('Ｐｌａｎ')).toBe('plan');
  });

  it('ranks the top words overall and per column, ties in word order', () => {
    const result = rankWords(
      ['Anhui', 'Zhejiang'],
      [new Map([['数据', 3], ['平台', 1]]), new Map([['数据', 1], ['考核', 2], ['平台', 2]])],
      [4, 5],
      2,
    );
    // Totals: 数据 4, 平台 3, 考核 2 → top 2: 数据, 平台.
    expect(result.rows).toEqual([
      { word: '数据', total: 4, counts: [3, 1] },
      { word: '平台', total: 3, counts: [1, 2] },
    ]);
    // Zhejiang: 平台 2 and 考核 2 tie; the word order breaks the tie ("平" U+5E73 < "考" U+8003).
    expect(result.perColumn[1]).toEqual([
      { word: '平台', count: 2 },
      { word: '考核', count: 2 },
    ]);
    expect(result.totalWords).toBe(9);
  });
});

describe('queries', () => {
  it('read filters with every operator and leave the value whole', () => {
    expect(parseWhere('year>=2019')).toEqual({ attribute: 'year', op: '>=', value: '2019' });
    expect(parseWhere('province != Zhejiang')).toEqual({ attribute: 'province', op: '!=', value: 'Zhejiang' });
    expect(parseWhere('date<2021-01-01')).toEqual({ attribute: 'date', op: '<', value: '2021-01-01' });
    expect(parseWhere('note=a=b')).toEqual({ attribute: 'note', op: '=', value: 'a=b' });
    expect(parseWhere('no operator')).toBeNull();
    expect(parseWhere('=2019')).toBeNull();
  });

  it('split code lists at commas, keeping escaped commas and slashes', () => {
    expect(splitList('Instruments, Capacity/Technical capacity')).toEqual(['Instruments', 'Capacity/Technical capacity']);
    expect(splitList('Rules\\, norms,Data\\/platforms')).toEqual(['Rules, norms', 'Data\\/platforms']);
  });

  it('fill defaults and refuse unknown operators, kinds and bins', () => {
    const query = analysisQuerySchema.parse({ kind: 'crosstab', by: 'province' });
    expect(query).toMatchObject({ rollup: true, unit: 'segments', percent: null, where: [], coder: null, codeIds: null });
    expect(analysisQuerySchema.safeParse({ kind: 'crosstab', by: 'p', where: [{ attribute: 'year', op: 'LIKE', value: '1' }] }).success).toBe(false);
    expect(analysisQuerySchema.safeParse({ kind: 'sql', by: 'p' }).success).toBe(false);
    expect(analysisQuerySchema.safeParse({ kind: 'crosstab', by: 'p', bin: 'often' }).success).toBe(false);
  });
});
