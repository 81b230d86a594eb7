import { describe, expect, it } from 'vitest';
import { crosstab } from '../../electron/services/analysis/crosstab';
import { cooccurrence } from '../../electron/services/analysis/cooccurrence';
import { codeDocumentMatrix } from '../../electron/services/analysis/matrix';
import { codedSegments } from '../../electron/services/analysis/segments';
import { wordFrequency } from '../../electron/services/analysis/wordfreq';
import { codebookWithCounts } from '../../electron/services/analysis/codebook';
import { autocode } from '../../electron/services/analysis/autocode';
import { deleteSavedQuery, listSavedQueries, saveQuery } from '../../electron/services/analysis/savedQueries';
import { runAnalysis, runSavedQuery } from '../../electron/services/analysis/run';
import { getStopwords, resetStopwords, setStopwords } from '../../electron/services/analysis/stopwords';
import { frequencies } from '../../electron/services/frequencies';
import { closeProject, openProject } from '../../electron/services/project';
import { createCodeAtPath } from '../../electron/services/codes';
import { listCodingsOfSource } from '../../electron/services/sources';
import { undo } from '../../electron/store/changeLog';
import { UserError } from '../../electron/util/errors';
import type { CrosstabReport } from '../../shared/format/crosstab';
import { addText, newTestProject } from '../support/project';
import { analysisFixture } from './fixture';

/** Figures per code path, in column order. */
const table = (report: CrosstabReport) => Object.fromEntries(report.result.rows.map((row) => [row.code, row.values]));
const columns = (report: CrosstabReport) => report.result.columns.map((column) => column.key);

function refusal(work: () => unknown): UserError {
  try {
    work();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

describe('the crosstab service on a real project', () => {
  it('counts segments per province: overlapping codings of one code, a parent with its children, (none), totals', async () => {
    const { session } = await analysisFixture();
    const report = crosstab(session, { kind: 'crosstab', by: 'province' });
    expect(columns(report)).toEqual(['Anhui', 'Zhejiang', '(none)']);
    //                  Anhui   Zhejiang                         (none)
    // Data             0       zj1 2 (overlapping) + zj2 1 = 3  none1 1
    // Platform         ah1 1   zj1 2 + zj2 2 = 4                0
    // Policy = D + P   1       7                                1
    // Assessment       ah1 2   zj1 1 + zj2 1 = 2                0
    expect(table(report)).toEqual({
      Policy: [1, 7, 1],
      'Policy/Data': [0, 3, 1],
      'Policy/Platform': [1, 4, 0],
      Assessment: [2, 2, 0],
    });
    // 13 codings: Anhui 3, Zhejiang 9, none 1.
    expect(report.result.totals).toEqual([3, 9, 1]);
    expect(report.result.total).toBe(13);
    expect(report.about.find((entry) => entry.label === 'Unit')?.value).toMatch(/^segments: number of codings/);
  });

  it('filters by coder', async () => {
    const { session } = await analysisFixture();
    const report = crosstab(session, { kind: 'crosstab', by: 'province', coder: 'Ana' });
    // Without Bo's three codings (Platform zj1, Assessment zj2, Assessment ah1):
    // Platform Zhejiang 4 − 1 = 3; Assessment Zhejiang 2 − 1 = 1, Anhui 2 − 1 = 1.
    expect(table(report)).toEqual({
      Policy: [1, 6, 1],
      'Policy/Data': [0, 3, 1],
      'Policy/Platform': [1, 3, 0],
      Assessment: [1, 1, 0],
    });
    expect(report.result.total).toBe(10);
    expect(report.coder).toBe('Ana');
    expect(refusal(() => crosstab(session, { kind: 'crosstab', by: 'province', coder: 'Nobody' })).message).toMatch(/no coder "Nobody"/);
  });

  it('counts documents as distinct sources', async () => {
    const { session } = await analysisFixture();
    const report = crosstab(session, { kind: 'crosstab', by: 'province', unit: 'documents' });
    // Policy in Zhejiang: zj1 and zj2 = 2 (Data 2 + Platform 2 would be 4).
    expect(table(report)).toEqual({
      Policy: [1, 2, 1],
      'Policy/Data': [0, 2, 1],
      'Policy/Platform': [1, 2, 0],
      Assessment: [1, 2, 0],
    });
    expect(report.result.totals).toEqual([1, 2, 1]);
  });

  it('counts characters as code points in the union of ranges, and coverage of each column', async () => {
    const { session } = await analysisFixture();
    const characters = crosstab(session, { kind: 'crosstab', by: 'province', unit: 'characters' });
    // Data: zj1 [8,12) ∪ [6,10) = [6,12) → 6; zj2 [2,8) is 6 units with 𠀀 → 5; Zhejiang 11. none1 [0,2) → 2.
    // Platform: zj1 [10,12) + [18,20) = 4; zj2 [6,10) + [20,22) = 6; Zhejiang 10. Anhui [0,2) → 2.
    // Policy: zj1 [6,12) ∪ [10,12) ∪ [18,20) = 6 + 2 = 8; zj2 [2,8) ∪ [6,10) = [2,10) → 8 units, 7 characters, + [20,22) 2 = 9;
    //         Zhejiang 17; Anhui 2; none 2.
    // Assessment: zj1 2 + zj2 2 = 4; Anhui [2,4) ∪ [0,4) = 4.
    expect(table(characters)).toEqual({
      Policy: [2, 17, 2],
      'Policy/Data': [0, 11, 2],
      'Policy/Platform': [2, 10, 0],
      Assessment: [4, 4, 0],
    });
    // Any code: zj1 [6,12) ∪ [18,20) ∪ [24,26) = 10; zj2 [2,10) 7 + [17,19) 2 + [20,22) 2 = 11 → Zhejiang 21; Anhui [0,4) → 4; none 2.
    expect(characters.result.totals).toEqual([4, 21, 2]);
    // Characters of the sources: Anhui 7; Zhejiang 27 + 22 = 49 (zj2 is 23 units); none 3.
    expect(characters.result.sourceCharacters).toEqual([7, 49, 3]);
    const coverage = crosstab(session, { kind: 'crosstab', by: 'province', unit: 'coverage' });
    // Policy in Zhejiang: 17 / 49 = 34.69 %; any code in Anhui 4 / 7 = 57.14 %; all: 27 / 59.
    expect(coverage.result.rows[0].values[1]).toBeCloseTo((100 * 17) / 49, 10);
    expect(coverage.result.totals[0]).toBeCloseTo((100 * 4) / 7, 10);
    expect(coverage.result.total).toBeCloseTo((100 * 27) / 59, 10);
    // The foundation frequencies table shows the same figures and shares (0–1).
    const legacy = frequencies(session, { by: 'province', unit: 'characters' });
    expect(legacy.rows[0].values).toEqual({ Anhui: 2, Zhejiang: 17, '(none)': 2 });
    expect(legacy.rows[0].coverage?.Zhejiang).toBeCloseTo(17 / 49, 10);
    expect(legacy.totals.all).toBe(27);
  });

  it('filters by attributes: numbers, dates and text, a source without the attribute never passing', async () => {
    const { session } = await analysisFixture();
    // year >= 2021: zj1 (2021) and ah1 (2022).
    const recent = crosstab(session, { kind: 'crosstab', by: 'province', where: [{ attribute: 'year', op: '>=', value: '2021' }] });
    expect(table(recent)).toEqual({ Policy: [1, 4, 0], 'Policy/Data': [0, 2, 0], 'Policy/Platform': [1, 2, 0], Assessment: [2, 1, 0] });
    expect(recent.result.sourceCounts).toEqual([1, 1, 0]);
    // issued < 2021-01-01: zj2 (2019-06-30) and none1 (2020-05-05). Columns are the values of the
    // sources in scope, so Anhui drops out; (none) always stays.
    const early = crosstab(session, { kind: 'crosstab', by: 'province', where: [{ attribute: 'issued', op: '<', value: '2021-01-01' }] });
    expect(columns(early)).toEqual(['Zhejiang', '(none)']);
    expect(early.result.totals).toEqual([4, 1]);
    // province != Anhui: zj1 and zj2; none1 has no province and is left out too.
    const notAnhui = crosstab(session, { kind: 'crosstab', by: 'level', where: [{ attribute: 'province', op: '!=', value: 'Anhui' }] });
    expect(columns(notAnhui)).toEqual(['city', 'county', '(none)']);
    expect(notAnhui.result.totals).toEqual([5, 4, 0]);
    // Two filters hold together: 2019 <= year <= 2020 → zj2 and none1.
    const range = crosstab(session, {
      kind: 'crosstab',
      by: 'province',
      where: [
        { attribute: 'year', op: '>=', value: '2019' },
        { attribute: 'year', op: '<=', value: '2020' },
      ],
    });
    expect(range.result.sourceCount).toBe(2);
    expect(refusal(() => crosstab(session, { kind: 'crosstab', by: 'province', where: [{ attribute: 'year', op: '>', value: 'soon' }] })).message).toMatch(
      /"soon" is not a number, so it cannot be compared with year/,
    );
    expect(refusal(() => crosstab(session, { kind: 'crosstab', by: 'province', where: [{ attribute: 'county', op: '=', value: 'x' }] })).message).toMatch(
      /no attribute "county"; the project has province, year, issued, level/,
    );
  });

  it('bins a number attribute and nests a second attribute', async () => {
    const { session } = await analysisFixture();
    // year in bins of 2 from 2019: zj2 2019 and none1 2020 → 2019–2020; zj1 2021 and ah1 2022 → 2021–2022.
    const binned = crosstab(session, { kind: 'crosstab', by: 'year', bin: '2@2019' });
    expect(columns(binned)).toEqual(['2019–2020', '2021–2022', '(none)']);
    // zj2 4 codings + none1 1 = 5; zj1 5 + ah1 3 = 8.
    expect(binned.result.totals).toEqual([5, 8, 0]);
    expect(binned.bins).toEqual(['year: bins of 2 from 2019']);
    expect(refusal(() => crosstab(session, { kind: 'crosstab', by: 'province', bin: '5' })).message).toMatch(/only number and date attributes can be binned/);
    // Dates by year: the same split, as calendar years.
    expect(columns(crosstab(session, { kind: 'crosstab', by: 'issued', bin: 'year' }))).toEqual(['2019', '2020', '2021', '2022', '(none)']);

    const nested = crosstab(session, { kind: 'crosstab', by: 'province', then: 'level' });
    // Only the combinations that occur, in the order of the first attribute then the second.
    expect(columns(nested)).toEqual(['Anhui / city', 'Zhejiang / city', 'Zhejiang / county', '(none) / county']);
    // ah1 3; zj1 5; zj2 4; none1 1.
    expect(nested.result.totals).toEqual([3, 5, 4, 1]);
    expect(nested.result.columns[2].values).toEqual(['Zhejiang', 'county']);
    expect(table(nested).Assessment).toEqual([2, 1, 1, 0]);
  });

  it('shows a subset of codes with or without rollup, and row and column percentages', async () => {
    const { session, codes } = await analysisFixture();
    const subset = crosstab(session, { kind: 'crosstab', by: 'province', codeIds: [codes.assessment.id, codes.policy.id], rollup: false });
    // Rows in codebook order; Policy has no codings of its own; totals are "any of Policy, Assessment" = Assessment's.
    expect(table(subset)).toEqual({ Policy: [0, 0, 0], Assessment: [2, 2, 0] });
    expect(subset.result.totals).toEqual([2, 2, 0]);
    expect(subset.codes).toEqual(['Policy', 'Assessment']);
    const percent = crosstab(session, { kind: 'crosstab', by: 'province', percent: 'row' });
    // Policy: Anhui 1 / 9, Zhejiang 7 / 9.
    expect(percent.percent?.rows[0][1]).toBeCloseTo((100 * 7) / 9, 10);
    const column = crosstab(session, { kind: 'crosstab', by: 'province', percent: 'column' });
    // Assessment in Anhui: 2 of Anhui's 3 codings.
    expect(column.percent?.rows[3][0]).toBeCloseTo((100 * 2) / 3, 10);
    expect(refusal(() => crosstab(session, { kind: 'crosstab', by: 'province', unit: 'coverage', percent: 'row' })).message).toMatch(/already a percentage/);
  });
});

describe('co-occurrence, matrix, segments, word frequency and the codebook on a real project', () => {
  it('counts co-occurring passages by relation, unit and province', async () => {
    const { session } = await analysisFixture();
    const overlap = cooccurrence(session, { kind: 'cooccurrence' });
    expect(overlap.result.codes.map((code) => code.code)).toEqual(['Policy', 'Policy/Data', 'Policy/Platform', 'Assessment']);
    // Data–Platform: zj1 Data [8,12) · Platform [10,12); zj2 Data [2,8) · Platform [6,10) → 2.
    //   (zj1 Data [6,10) only touches Platform [10,12).)
    // Platform–Assessment: ah1 Platform [0,2) · Assessment [0,4) → 1 ([2,4) touches).
    // Diagonal: own codings — Data 4, Platform 5, Assessment 4; Policy has none.
    expect(overlap.result.matrices[0].counts).toEqual([
      [0, 0, 0, 0],
      [0, 4, 2, 0],
      [0, 2, 5, 1],
      [0, 0, 1, 4],
    ]);
    // inside: Platform [10,12) lies inside Data [8,12); Platform [0,2) inside Assessment [0,4).
    const inside = cooccurrence(session, { kind: 'cooccurrence', relation: 'inside' });
    expect(inside.result.matrices[0].counts[1][2]).toBe(1);
    expect(inside.result.matrices[0].counts[2][3]).toBe(1);
    expect(cooccurrence(session, { kind: 'cooccurrence', relation: 'exact' }).result.matrices[0].counts[1][2]).toBe(0);
    // Per province: the Data–Platform pairs are both in Zhejiang; Platform–Assessment in Anhui.
    const byProvince = cooccurrence(session, { kind: 'cooccurrence', by: 'province' });
    expect(byProvince.result.matrices.map((matrix) => matrix.group)).toEqual(['Anhui', 'Zhejiang', '(none)']);
    expect(byProvince.result.matrices[1].counts[1][2]).toBe(2);
    expect(byProvince.result.matrices[0].counts[2][3]).toBe(1);
    // Documents: Data–Platform in zj1 and zj2 → 2. By Ana alone, the ah1 pair (Bo's Assessment) is gone.
    expect(cooccurrence(session, { kind: 'cooccurrence', unit: 'documents' }).result.matrices[0].counts[1][2]).toBe(2);
    expect(cooccurrence(session, { kind: 'cooccurrence', coder: 'Ana' }).result.matrices[0].counts[2][3]).toBe(0);
  });

  it('builds the code × document matrix with every attribute', async () => {
    const { session } = await analysisFixture();
    const count = codeDocumentMatrix(session, { kind: 'matrix' });
    expect(count.attributes).toEqual(['province', 'year', 'issued', 'level']);
    expect(count.sources.map((source) => source.name)).toEqual(['zj1', 'zj2', 'ah1', 'none1']);
    expect(count.sources[3].attributes).toEqual({ year: '2020', issued: '2020-05-05', level: 'county' });
    // Columns Policy, Data, Platform, Assessment. zj1: Data 2 + Platform 2 = Policy 4; Assessment 1.
    expect(count.result.sources.map((source) => source.values)).toEqual([
      [4, 2, 2, 1],
      [3, 1, 2, 1],
      [1, 0, 1, 2],
      [1, 1, 0, 0],
    ]);
    // Characters as in the crosstab per source; zj2's Data [2,8) is 5 characters.
    expect(codeDocumentMatrix(session, { kind: 'matrix', value: 'characters' }).result.sources.map((source) => source.values)).toEqual([
      [8, 6, 4, 2],
      [9, 5, 6, 2],
      [2, 0, 2, 4],
      [2, 2, 0, 0],
    ]);
    expect(codeDocumentMatrix(session, { kind: 'matrix', value: 'presence', rollup: false }).result.sources[2].values).toEqual([0, 0, 1, 1]);
  });

  it('lists coded segments with attributes, code paths, offsets in two units, structure, text and memo', async () => {
    const { session, codes } = await analysisFixture();
    const all = codedSegments(session, { kind: 'segments' });
    expect(all.segments).toHaveLength(13);
    // Source order, then text order.
    expect(all.segments.slice(0, 5).map((segment) => [segment.source, segment.start])).toEqual([
      ['zj1', 6],
      ['zj1', 8],
      ['zj1', 10],
      ['zj1', 18],
      ['zj1', 24],
    ]);
    const policy = codedSegments(session, { kind: 'segments', codeId: codes.policy.id });
    // Policy with descendants: Data 4 + Platform 5.
    expect(policy.segments).toHaveLength(9);
    const astral = policy.segments.find((segment) => segment.source === 'zj2' && segment.codePath === 'Policy/Data');
    expect(astral).toMatchObject({
      text: '𠀀城的数据',
      start: 2,
      end: 8,
      // 𠀀 is one code point: "问：" is 2, so the passage runs from code point 2 to 7.
      startCodePoint: 2,
      endCodePoint: 7,
      topLevelCode: 'Policy',
      turn: '问',
      section: null,
      page: null,
      coder: 'Ana',
      attributes: { province: 'Zhejiang', year: '2019', issued: '2019-06-30', level: 'county' },
    });
    const bo = policy.segments.find((segment) => segment.coder === 'Bo');
    expect(bo).toMatchObject({ source: 'zj1', codePath: 'Policy/Platform', section: '第二条', text: '平台', memo: 'memo zj1 18' });
    const filtered = codedSegments(session, { kind: 'segments', where: [{ attribute: 'province', op: '=', value: 'Anhui' }], coder: 'Bo' });
    expect(filtered.segments.map((segment) => [segment.source, segment.text])).toEqual([['ah1', '平台考核']]);
  });

  it('counts words per province, or only inside passages coded with a code, each character read once', async () => {
    const { session, codes } = await analysisFixture();
    const inside = wordFrequency(session, { kind: 'wordfreq', by: 'province', codeId: codes.assessment.id });
    // none1 is in scope (under "(none)") but has no Assessment passage: a column with no words.
    expect(inside.result.columns).toEqual(['Anhui', 'Zhejiang', '(none)']);
    expect(inside.result.perColumn[2]).toEqual([]);
    expect(inside.result.words).toEqual([2, 2, 0]);
    // Zhejiang's Assessment passages: "考核" (zj1) and "考核" (zj2). Anhui: [2,4) ∪ [0,4) = "平台考核", read once.
    expect(inside.result.perColumn[1]).toEqual([{ word: '考核', count: 2 }]);
    expect(inside.result.perColumn[0]).toEqual([
      { word: '平台', count: 1 },
      { word: '考核', count: 1 },
    ]);
    const whole = wordFrequency(session, { kind: 'wordfreq', top: 3 });
    // 平台: zj1 2 + zj2 2 + ah1 1 = 5; 数据: zj1 2 + zj2 1 + none1 1 = 4; 考核: 1 + 1 + 1 = 3.
    expect(whole.result.rows.map((row) => [row.word, row.total])).toEqual([
      ['平台', 5],
      ['数据', 4],
      ['考核', 3],
    ]);
    // A project stop word leaves a word out; going back to the built-in list brings it back.
    setStopwords(session, 'zh', ['平台', '的']);
    expect(getStopwords(session, 'zh')).toMatchObject({ source: 'project', words: ['平台', '的'] });
    expect(wordFrequency(session, { kind: 'wordfreq', top: 1 }).result.rows[0].word).toBe('数据');
    expect(resetStopwords(session, 'zh').source).toBe('default');
    expect(getStopwords(session, 'zh').words).toContain('我们');
  });

  it('gives the codebook with counts and examples from different sources', async () => {
    const { session } = await analysisFixture();
    const report = codebookWithCounts(session, { kind: 'codebook', examples: 2 });
    const platform = report.codes.find((code) => code.path === 'Policy/Platform');
    expect(platform).toMatchObject({ ownSegments: 5, segments: 5, documents: 3, description: 'Digital platforms.' });
    // The first Platform coding of zj1, then of zj2 (different sources before a second from one).
    expect(platform?.examples).toEqual([
      { source: 'zj1', text: '平台', place: '第一条' },
      { source: 'zj2', text: '数据平台', place: 'turn: 问' },
    ]);
    // Policy: Data and Platform together are in zj1, zj2, ah1 (Platform) and none1 (Data).
    expect(report.codes[0]).toMatchObject({ path: 'Policy', ownSegments: 0, segments: 9, documents: 4, examples: [] });
  });
});

describe('autocoding and saved queries', () => {
  it('codes every occurrence as one undoable action', async () => {
    const { session } = await newTestProject();
    const code = createCodeAtPath(session, 'Terms/数据');
    const source = await addText(session, 'a', '数据数据，数 据。数据');
    // Occurrences at 0, 2 and 9 ("数 据" is not one).
    expect(autocode(session, { codeId: code.id, term: '数据' })).toEqual({ codings: 3, sources: 1 });
    expect(listCodingsOfSource(session, source.id).map((coding) => [coding.start, coding.end])).toEqual([
      [0, 2],
      [2, 4],
      [9, 11],
    ]);
    undo(session.db);
    expect(listCodingsOfSource(session, source.id)).toHaveLength(0);
  });

  it('saves a query in the project, re-runs it after reopening, and records it in the export', async () => {
    const { session, path } = await analysisFixture();
    saveQuery(session, 'Ana by province', { kind: 'crosstab', by: 'province', coder: 'Ana', where: [{ attribute: 'year', op: '>=', value: '2020' }] });
    saveQuery(session, 'words', { kind: 'wordfreq', top: 2 });
    // Saving under an existing name (any case) replaces it.
    saveQuery(session, 'WORDS', { kind: 'wordfreq', top: 3 });
    expect(listSavedQueries(session).map((query) => [query.name, query.query.kind])).toEqual([
      ['Ana by province', 'crosstab'],
      ['WORDS', 'wordfreq'],
    ]);
    closeProject(session);
    const reopened = openProject(path);
    try {
      const document = runSavedQuery(reopened, 'ana by province');
      // Ana's codings in zj1 and ah1 (year ≥ 2020; none1 2020 too): Anhui 2, Zhejiang 4, none 1.
      expect((document.json as { totals: Record<string, number> }).totals).toEqual({ Anhui: 2, Zhejiang: 4, '(none)': 1, all: 7 });
      expect(document.about.find((entry) => entry.label === 'Saved query')?.value).toMatch(/^Ana by province/);
      expect(document.about.find((entry) => entry.label === 'Filters')?.value).toBe('year >= 2020');
      expect(JSON.parse(document.about.find((entry) => entry.label === 'Query (JSON)')?.value ?? '{}')).toMatchObject({ kind: 'crosstab', coder: 'Ana' });
      expect(runAnalysis(reopened, { kind: 'crosstab', by: 'province', coder: 'Ana', where: [{ attribute: 'year', op: '>=', value: '2020' }] }).json).toMatchObject({
        totals: { all: 7 },
      });
      deleteSavedQuery(reopened, 'words');
      expect(listSavedQueries(reopened)).toHaveLength(1);
      expect(refusal(() => runSavedQuery(reopened, 'words')).message).toMatch(/no saved query "words"; the project has Ana by province/);
    } finally {
      closeProject(reopened);
    }
  });
});
