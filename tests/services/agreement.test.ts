import { describe, expect, it } from 'vitest';
import { agreement, agreementCsv, agreementMarkdown, agreementXlsx } from '../../electron/services/agreement';
import { createCodeAtPath } from '../../electron/services/codes';
import type { ProjectSession } from '../../electron/services/session';
import { UserError } from '../../electron/util/errors';
import type { CodeId, SourceId } from '../../shared/domain/ids';
import { parseCsv } from '../../shared/format/csv';
import { agreementNoteText } from '../../shared/stats/agreement';
import { newTestProject } from '../support/project';
import { addSource, codeRange, codeTwoCoderFixture, letters } from '../exchange/projects';

/*
 * Agreement in a real project file: codings made through the services by several coders,
 * figures checked against arithmetic written out in the comments.
 */

type Ids = { sources: Record<string, SourceId>; codes: Record<string, CodeId> };

/** Codes [start, end) of `source` with `code` as `coder`. */
function code(session: ProjectSession, ids: Ids, coder: string, source: string, codePath: string, start: number, end: number): void {
  codeRange(session, coder, ids.sources[source], ids.codes[codePath], start, end);
}

async function project(texts: Record<string, string>, codes: string[]): Promise<{ session: ProjectSession; ids: Ids }> {
  const { session } = await newTestProject({ codebook: 'empty', coderName: 'Ana' });
  const ids: Ids = { sources: {}, codes: {} };
  for (const [name, text] of Object.entries(texts)) ids.sources[name] = addSource(session, name, text);
  for (const codePath of codes) ids.codes[codePath] = createCodeAtPath(session, codePath).id;
  return { session, ids };
}

/** The fixture of tests/exchange/projects.ts (codeTwoCoderFixture), whose figures are worked out below. */
async function twoCoderFixture(): Promise<{ session: ProjectSession }> {
  const { session } = await newTestProject({ codebook: 'empty', coderName: 'Ana' });
  codeTwoCoderFixture(session);
  return { session };
}

describe('agreement at the character level, two coders', () => {
  it('matches the kappa worked out by hand, per code × source, per code and pooled', async () => {
    const { session } = await twoCoderFixture();
    const report = agreement(session, { coders: ['Ana', 'Ben'] });

    // S1 × C1, over all 100 characters of S1:
    //   both coded      [20,40)                  = 20
    //   only Ana        [10,20) + [60,70)        = 20
    //   only Ben        [40,50)                  = 10
    //   neither         100 − 50                 = 50
    // p_o = (20 + 50) / 100 = 0.70. Ana coded 40/100, Ben 30/100:
    // p_e = 0.4·0.3 + 0.6·0.7 = 0.12 + 0.42 = 0.54.
    // κ = (0.70 − 0.54) / (1 − 0.54) = 0.16 / 0.46 = 8/23 ≈ 0.3478.
    // Krippendorff: 200 values, 70 "coded" (40 + 30), 130 "not"; the 30 characters one coder
    // coded give 2·30 = 60 mismatched ordered pairs; α = 1 − 199·60 / (2·70·130) = 313/910 ≈ 0.3440.
    const c1 = report.codes.find((row) => row.codePath === 'C1');
    const s1 = c1?.sources.find((cell) => cell.sourceName === 'S1');
    expect(s1?.table).toEqual({
      kind: 'pair',
      cells: [
        [20, 20],
        [10, 50],
      ],
    });
    expect(s1?.percentAgreement).toBeCloseTo(0.7, 12);
    expect(s1?.kappa).toBeCloseTo(8 / 23, 12);
    expect(s1?.alpha).toBeCloseTo(313 / 910, 12);
    // Click-through: the stretches only one coder coded, in text order.
    expect(s1?.disagreements).toEqual([
      { start: 10, end: 20, codedBy: ['Ana'] },
      { start: 40, end: 50, codedBy: ['Ben'] },
      { start: 60, end: 70, codedBy: ['Ana'] },
    ]);

    // C1 over both compared sources: S1's table plus S2's 50 characters nobody coded with C1.
    // [[20,20],[10,100]]: p_o = 120/150 = 0.8; p_e = (40·30 + 110·120) / 150² = 0.64;
    // κ = 0.16 / 0.36 = 4/9.
    expect(c1?.table).toEqual({
      kind: 'pair',
      cells: [
        [20, 20],
        [10, 100],
      ],
    });
    expect(c1?.kappa).toBeCloseTo(4 / 9, 12);
    // C2: perfect agreement, [[10,0],[0,140]].
    const c2 = report.codes.find((row) => row.codePath === 'C2');
    expect(c2?.kappa).toBe(1);
    expect(c2?.percentAgreement).toBe(1);

    // Pooled: [[30,20],[10,240]], N = 300: p_o = 0.9; p_e = (50·40 + 250·260) / 300² = 67/90;
    // κ = (81/90 − 67/90) / (23/90) = 14/23 ≈ 0.6087.
    expect(report.pooled.table).toEqual({
      kind: 'pair',
      cells: [
        [30, 20],
        [10, 240],
      ],
    });
    expect(report.pooled.kappa).toBeCloseTo(14 / 23, 12);
    expect(report.method.kappa).toMatch(/^Cohen's kappa/);
    expect(report.sources.included.map((source) => source.name)).toEqual(['S1', 'S2']);
    expect(report.sources.excluded).toEqual([expect.objectContaining({ name: 'S3', reason: 'not coded by Ben', notCodedBy: ['Ben'] })]);
    // The notes come twice: as English for the exports, and as keys for the interface to word.
    expect(report.noteKeys).toEqual([{ key: 'sourcesLeftOut', count: 1 }, { key: 'blankFigure' }, { key: 'ownCodings' }]);
    expect(report.notes).toEqual(report.noteKeys.map(agreementNoteText));
    expect(report.notes[0]).toBe(
      '1 source was left out because not every coder has coded it yet; to include it, tick "Include sources not every coder has coded" (--all-sources on the command line).',
    );
  });

  it('compares every source when asked, counting what only one coder coded there as disagreement', async () => {
    const { session } = await twoCoderFixture();
    const report = agreement(session, { coders: ['Ana', 'Ben'], allSources: true });
    // S3 adds 5 characters only Ana coded with C1 and 25 nobody coded.
    expect(report.codes.find((row) => row.codePath === 'C1')?.table).toEqual({
      kind: 'pair',
      cells: [
        [20, 25],
        [10, 125],
      ],
    });
    expect(report.sources.excluded).toEqual([]);
  });

  it('counts a character above U+FFFF once', async () => {
    // Five emoji (ten UTF-16 units) and five letters: ten characters.
    const { session, ids } = await project({ T: '😀😀😀😀😀abcde' }, ['E']);
    code(session, ids, 'Ana', 'T', 'E', 0, 10);
    code(session, ids, 'Ben', 'T', 'E', 0, 4);
    const cell = agreement(session, { coders: ['Ana', 'Ben'] }).codes[0].sources[0];
    expect(cell.table).toEqual({
      kind: 'pair',
      cells: [
        [2, 3],
        [0, 5],
      ],
    });
    // Click-through offsets stay UTF-16, as the document view needs them.
    expect(cell.disagreements).toEqual([{ start: 4, end: 10, codedBy: ['Ana'] }]);
  });

  it('exports CSV with the table in columns, Markdown with the formulas, and an Excel workbook', async () => {
    const { session } = await twoCoderFixture();
    const report = agreement(session, { coders: ['Ana', 'Ben'] });
    const rows = parseCsv(agreementCsv(report));
    expect(rows[0]).toEqual([
      'level',
      'unit',
      'coders',
      'code',
      'source',
      'agreement',
      "Cohen's kappa",
      "Krippendorff's alpha",
      'Brennan-Prediger kappa',
      'both coded',
      'only Ana',
      'only Ben',
      'neither coded',
    ]);
    expect(rows.find((row) => row[0] === 'code × source' && row[4] === 'S1')).toEqual([
      'code × source',
      'character',
      'Ana + Ben',
      'C1',
      'S1',
      '0.7000',
      '0.3478',
      '0.3440',
      // Brennan–Prediger: 2·pₒ − 1 = 2·0.7 − 1.
      '0.4000',
      '20',
      '20',
      '10',
      '50',
    ]);
    expect(rows.at(-1)?.slice(0, 7)).toEqual(['pooled', 'character', 'Ana + Ben', '(all codes)', '', '0.9000', '0.6087']);
    const markdown = agreementMarkdown(report);
    expect(markdown).toMatch(/\| C1 \| 80\.0% \| 0\.444 \|/);
    // C1 summed over sources: pₒ = 0.8, so Brennan–Prediger = 2·0.8 − 1 = 0.6, after alpha.
    expect(markdown).toMatch(/\| C1 \| 80\.0% \| 0\.444 \| [0-9.]+ \| 0\.600 \|/);
    expect(markdown).toMatch(/Brennan and Prediger's kappa \(1981\)/);
    expect(markdown).toMatch(/Cohen's kappa \(1960\)/);
    expect(markdown).toMatch(/Left out: S3 \(not coded by Ben\)/);
    const workbook = await agreementXlsx(report);
    // An .xlsx is a ZIP: it starts with "PK".
    expect([workbook[0], workbook[1]]).toEqual([0x50, 0x4b]);
    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(workbook) as unknown as Parameters<typeof book.xlsx.load>[0]);
    const sheet = book.getWorksheet('Agreement');
    expect(sheet?.getRow(1).getCell(7).value).toBe("Cohen's kappa");
    expect(sheet?.getRow(1).getCell(9).value).toBe('Brennan-Prediger kappa');
    const s1 = sheet?.getRows(2, sheet.rowCount - 1)?.find((row) => row.getCell(5).value === 'S1');
    expect(s1?.getCell(9).value).toBeCloseTo(0.4, 12);
    expect(sheet?.rowCount).toBe(rows.length);
  });
});

describe('agreement at the segment level', () => {
  it('matches codings that share at least the chosen share of what they cover together', async () => {
    // T, 200 characters, code S:
    //   Ana [0,100)   Ben [5,100)   shared 95 of 100 covered: 0.95 — a match at 0.9
    //   Ana [120,130) Ben [120,126) shared 6 of 10: 0.6 — a match at 0.5 only
    //   Ana [150,160)               Ben has nothing there
    //                 Ben [180,190) Ana has nothing there
    const { session, ids } = await project({ T: letters(200) }, ['S']);
    for (const [start, end] of [
      [0, 100],
      [120, 130],
      [150, 160],
    ])
      code(session, ids, 'Ana', 'T', 'S', start, end);
    for (const [start, end] of [
      [5, 100],
      [120, 126],
      [180, 190],
    ])
      code(session, ids, 'Ben', 'T', 'S', start, end);

    const strict = agreement(session, { coders: ['Ana', 'Ben'], unit: 'segment' });
    // 1 matched, 2 of Ana's and 2 of Ben's without a partner: 1 / 5 = 0.2.
    expect(strict.pooled.table).toEqual({ kind: 'segments', counts: { matched: 1, onlyFirst: 2, onlySecond: 2 } });
    expect(strict.pooled.percentAgreement).toBeCloseTo(0.2, 12);
    expect(strict.pooled.kappa).toBeNull();
    expect(strict.overlap).toBe(0.9);
    expect(strict.codes[0].sources[0].disagreements).toEqual([
      { start: 120, end: 126, codedBy: ['Ben'] },
      { start: 120, end: 130, codedBy: ['Ana'] },
      { start: 150, end: 160, codedBy: ['Ana'] },
      { start: 180, end: 190, codedBy: ['Ben'] },
    ]);

    const loose = agreement(session, { coders: ['Ana', 'Ben'], unit: 'segment', overlap: 0.5 });
    // 2 matched, 1 and 1 without a partner: 2 / 4 = 0.5.
    expect(loose.pooled.table).toEqual({ kind: 'segments', counts: { matched: 2, onlyFirst: 1, onlySecond: 1 } });
    expect(loose.pooled.percentAgreement).toBeCloseTo(0.5, 12);
    // No kappa for segments, and no note about parents (that one is for characters).
    expect(loose.noteKeys).toEqual([{ key: 'segmentNoKappa' }]);
    expect(loose.notes).toEqual(loose.noteKeys.map(agreementNoteText));
  });

  it('notes when the coders compared have nothing in common to compare', async () => {
    const { session, ids } = await project({ S1: letters(20), S2: letters(20) }, ['X']);
    code(session, ids, 'Ana', 'S1', 'X', 0, 5);
    code(session, ids, 'Ben', 'S2', 'X', 0, 5);
    const report = agreement(session, { coders: ['Ana', 'Ben'], unit: 'document' });
    expect(report.sources.excluded.map((source) => [source.name, source.notCodedBy])).toEqual([
      ['S1', ['Ben']],
      ['S2', ['Ana']],
    ]);
    expect(report.noteKeys).toEqual([{ key: 'sourcesLeftOut', count: 2 }, { key: 'nothingToCompare' }, { key: 'blankFigure' }]);
    expect(report.notes.slice(0, 2)).toEqual([
      '2 sources were left out because not every coder has coded them yet; to include them, tick "Include sources not every coder has coded" (--all-sources on the command line).',
      'None of these coders has applied a code in the sources compared, so there is nothing to compare.',
    ]);
    expect(agreementMarkdown(report)).toContain('- Left out: S1 (not coded by Ben).\n- Left out: S2 (not coded by Ana).\n- 2 sources were left out');
  });
});

describe('agreement at the document level', () => {
  it('compares whether each coder applied each code in each source', async () => {
    // Five sources. X: Ana in S1, S2, S3; Ben in S1, S2, S4. Y: both coders in every source.
    const names = ['S1', 'S2', 'S3', 'S4', 'S5'];
    const { session, ids } = await project(Object.fromEntries(names.map((name) => [name, `${name} ${letters(20)}`])), ['X', 'Y']);
    for (const name of names) {
      code(session, ids, 'Ana', name, 'Y', 0, 2);
      code(session, ids, 'Ben', name, 'Y', 0, 2);
    }
    for (const name of ['S1', 'S2', 'S3']) code(session, ids, 'Ana', name, 'X', 3, 6);
    for (const name of ['S1', 'S2', 'S4']) code(session, ids, 'Ben', name, 'X', 4, 9);
    const report = agreement(session, { coders: ['Ana', 'Ben'], unit: 'document' });

    // X: both 2 (S1, S2), only Ana 1 (S3), only Ben 1 (S4), neither 1 (S5).
    // p_o = 3/5 = 0.6; each coder 3/5: p_e = 0.36 + 0.16 = 0.52; κ = 0.08 / 0.48 = 1/6.
    const x = report.codes.find((row) => row.codePath === 'X');
    expect(x?.table).toEqual({
      kind: 'pair',
      cells: [
        [2, 1],
        [1, 1],
      ],
    });
    expect(x?.kappa).toBeCloseTo(1 / 6, 12);
    expect(x?.sources.map((cell) => [cell.sourceName, cell.percentAgreement])).toEqual([
      ['S1', 1],
      ['S2', 1],
      ['S3', 0],
      ['S4', 0],
    ]);
    // Y: present for both everywhere, so chance agreement is complete: kappa is not defined.
    const y = report.codes.find((row) => row.codePath === 'Y');
    expect(y?.percentAgreement).toBe(1);
    expect(y?.kappa).toBeNull();
    // Pooled over the ten code × source units: [[7,1],[1,1]]: p_o = 0.8;
    // p_e = 0.8·0.8 + 0.2·0.2 = 0.68; κ = 0.12 / 0.32 = 0.375.
    expect(report.pooled.kappa).toBeCloseTo(0.375, 12);
  });
});

describe('agreement between three coders', () => {
  it("gives Fleiss' kappa and Krippendorff's alpha over the characters", async () => {
    // T, 10 characters, code K: Ana [0,6), Ben [0,4), Cy [2,8).
    // Characters coded by 0, 1, 2, 3 coders: 8–9 → 2; 6–7 → 2; 0–1 and 4–5 → 4; 2–3 → 2.
    // Fleiss' κ = 11/56 and α = 25/112, worked out in tests/stats/coverage.test.ts;
    // all three agree on 4 of 10 characters.
    const { session, ids } = await project({ T: letters(10) }, ['K']);
    code(session, ids, 'Ana', 'T', 'K', 0, 6);
    code(session, ids, 'Ben', 'T', 'K', 0, 4);
    code(session, ids, 'Cy', 'T', 'K', 2, 8);
    const report = agreement(session, { coders: ['Ana', 'Ben', 'Cy'] });
    expect(report.pooled.table).toEqual({ kind: 'distribution', counts: [2, 2, 4, 2] });
    expect(report.pooled.kappa).toBeCloseTo(11 / 56, 12);
    expect(report.pooled.alpha).toBeCloseTo(25 / 112, 12);
    expect(report.pooled.percentAgreement).toBeCloseTo(0.4, 12);
    expect(report.method.kappa).toMatch(/^Fleiss' kappa/);
    // Brennan–Prediger is a two-coder figure: its column stays, blank.
    expect(report.pooled.brennanPrediger).toBeNull();
    expect(report.method.brennanPrediger).toBeNull();
    expect(parseCsv(agreementCsv(report)).at(-1)?.slice(5, 9)).toEqual(['0.4000', '0.1964', '0.2232', '']);
    expect(report.codes[0].sources[0].disagreements).toEqual([
      { start: 0, end: 2, codedBy: ['Ana', 'Ben'] },
      { start: 4, end: 6, codedBy: ['Ana', 'Cy'] },
      { start: 6, end: 8, codedBy: ['Cy'] },
    ]);
    expect(agreementCsv(report).split('\r\n')[0]).toBe(
      "level,unit,coders,code,source,agreement,Fleiss' kappa,Krippendorff's alpha,Brennan-Prediger kappa,coded by 0,coded by 1,coded by 2,coded by 3",
    );

    // Segments, pair by pair: Ana [0,6) and Ben [0,4) share 4 of 6 — no match at 0.9, and so on.
    const segments = agreement(session, { coders: ['Ana', 'Ben', 'Cy'], unit: 'segment', overlap: 0.5 });
    // Ana–Ben 4/6 ≈ 0.67 and Ana–Cy 4/8 = 0.5 match at 0.5; Ben–Cy 2/8 does not.
    expect(segments.pooled.table).toEqual({
      kind: 'segment-pairs',
      pairs: [
        { first: 'Ana', second: 'Ben', matched: 1, onlyFirst: 0, onlySecond: 0 },
        { first: 'Ana', second: 'Cy', matched: 1, onlyFirst: 0, onlySecond: 0 },
        { first: 'Ben', second: 'Cy', matched: 0, onlyFirst: 1, onlySecond: 1 },
      ],
    });
    // The mean over the three pairs: (1 + 1 + 0) / 3.
    expect(segments.pooled.percentAgreement).toBeCloseTo(2 / 3, 12);
  });
});

describe('agreement refuses what it cannot compute', () => {
  it('names the coders it does not know, and wants two or more', async () => {
    const { session } = await twoCoderFixture();
    expect(() => agreement(session, { coders: ['Ana', 'Zoe'] })).toThrow(/no coder "Zoe".*coders: Ana, Ben/);
    expect(() => agreement(session, { coders: ['Ana'] })).toThrow(UserError);
    expect(() => agreement(session, { coders: ['Ana', 'ana'] })).toThrow(/once/);
    expect(() => agreement(session, { coders: ['Ana', 'Ben'], unit: 'segment', overlap: 0 })).toThrow(/overlap/);
  });

  it('restricts the comparison to a branch of the codebook with code', async () => {
    const { session } = await twoCoderFixture();
    const report = agreement(session, { coders: ['Ana', 'Ben'], code: 'C2' });
    expect(report.codes.map((row) => row.codePath)).toEqual(['C2']);
    expect(report.pooled.kappa).toBe(1);
  });
});
