import { describe, expect, it } from 'vitest';
import {
  brennanPredigerKappa,
  characterAgreementTable,
  cohensKappa,
  distributionFigures,
  fleissKappa,
  krippendorffAlpha,
  pairFigures,
  percentAgreement,
  segmentMatches,
} from '../../shared/stats/agreement';

/*
 * Expected values are the figures printed in the cited publications, rounded as they print
 * them; the tests compare to that many decimals. Where a publication gives only the formula
 * (Brennan & Prediger), the arithmetic is written out in the comment.
 */

// Smeeton, Spencer & Sprent, "Applied Nonparametric Statistical Methods", 5th ed. (Taylor & Francis, 2024),
// Example 10.11: two dentists judge whether 100 patients need treatment.
// Rows = dentist A (needed, not needed), columns = dentist B. Observed agreement
// (40 + 30) / 100 = 0.70, chance agreement 0.45·0.65 + 0.55·0.35 = 0.485,
// kappa = 0.215 / 0.515 = 0.4175 (the book's companion R package, ANSM5, tests its example at 0.41747573).
const DENTISTS = [
  [40, 5],
  [25, 30],
];

// The same book, Example 10.12: questionnaire × demonstration of symptoms, in three strata
// by the number of items; the per-stratum kappas are 0.3229, 0.2273 and 0.0188.
const STRATA: readonly [number[][], number][] = [
  [
    [
      [14, 23],
      [5, 54],
    ],
    0.3229,
  ],
  [
    [
      [45, 104],
      [23, 213],
    ],
    0.2273,
  ],
  [
    [
      [5, 34],
      [9, 71],
    ],
    0.0188,
  ],
];

// Fleiss (1971), "Measuring nominal scale agreement among many raters", Psychological
// Bulletin 76(5), Table 1: 30 patients, 6 psychiatric diagnoses each, categories
// 1 depression, 2 personality disorder, 3 schizophrenia, 4 neurosis, 5 other.
// Published: p_j = .144, .144, .167, .306, .239 and kappa = .430.
const FLEISS_1971 = [
  [4, 4, 4, 4, 4, 4],
  [2, 2, 2, 5, 5, 5],
  [2, 3, 3, 3, 3, 5],
  [5, 5, 5, 5, 5, 5],
  [2, 2, 2, 4, 4, 4],
  [1, 1, 3, 3, 3, 3],
  [3, 3, 3, 3, 5, 5],
  [1, 1, 3, 3, 3, 4],
  [1, 1, 4, 4, 4, 4],
  [5, 5, 5, 5, 5, 5],
  [1, 4, 4, 4, 4, 4],
  [1, 2, 4, 4, 4, 4],
  [2, 2, 2, 3, 3, 3],
  [1, 4, 4, 4, 4, 4],
  [2, 2, 4, 4, 4, 5],
  [3, 3, 3, 3, 3, 5],
  [1, 1, 1, 4, 5, 5],
  [1, 1, 1, 1, 1, 2],
  [2, 2, 4, 4, 4, 4],
  [1, 3, 3, 5, 5, 5],
  [5, 5, 5, 5, 5, 5],
  [2, 4, 4, 4, 4, 4],
  [2, 2, 4, 5, 5, 5],
  [1, 1, 4, 4, 4, 4],
  [1, 4, 4, 4, 4, 5],
  [2, 2, 2, 2, 2, 4],
  [1, 1, 1, 1, 5, 5],
  [2, 2, 4, 4, 4, 4],
  [1, 3, 3, 3, 3, 3],
  [5, 5, 5, 5, 5, 5],
];

function countsOf(ratings: readonly number[][], categories: number): number[][] {
  return ratings.map((row) => {
    const counts = new Array<number>(categories).fill(0);
    for (const value of row) counts[value - 1] += 1;
    return counts;
  });
}

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", Annenberg School for
// Communication Departmental Papers 43, example C: 4 observers × 12 units with missing
// values. Published: nominal α = 0.743, ordinal α = 0.815, interval α = 0.849, ratio α = 0.797.
const KRIPPENDORFF_2011 = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
  [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
];

describe('percentAgreement', () => {
  it('is the diagonal over the total (Example 10.11: 70 of 100 patients)', () => {
    expect(percentAgreement(DENTISTS)).toBeCloseTo(0.7, 10);
  });

  it('is NaN for an empty table and refuses a table that is not square', () => {
    expect(
      percentAgreement([
        [0, 0],
        [0, 0],
      ]),
    ).toBeNaN();
    expect(() =>
      percentAgreement([
        [1, 2, 3],
        [4, 5, 6],
      ]),
    ).toThrow(RangeError);
  });
});

describe('cohensKappa', () => {
  it('reproduces Example 10.11 (kappa 0.4175)', () => {
    expect(cohensKappa(DENTISTS)).toBeCloseTo(0.4175, 4);
  });

  it('reproduces the three strata of Example 10.12', () => {
    for (const [table, kappa] of STRATA) expect(cohensKappa(table)).toBeCloseTo(kappa, 4);
  });

  it('is 1 for perfect agreement and NaN when expected agreement is 1', () => {
    expect(
      cohensKappa([
        [3, 0],
        [0, 7],
      ]),
    ).toBe(1);
    // Both coders used only the first category: p_o = p_e = 1, so 0 / 0.
    expect(
      cohensKappa([
        [10, 0],
        [0, 0],
      ]),
    ).toBeNaN();
    expect(cohensKappa([])).toBeNaN();
  });
});

describe('brennanPredigerKappa', () => {
  it('uses 1/q as chance agreement (Brennan & Prediger 1981, kappa_n)', () => {
    // Brennan & Prediger (1981), Educational and Psychological Measurement 41, 687–699, define
    // kappa_n = (p_o − 1/n) / (1 − 1/n) for n categories. For Example 10.11's table:
    // p_o = 0.70, n = 2, so (0.70 − 0.50) / (1 − 0.50) = 0.40.
    expect(brennanPredigerKappa(DENTISTS)).toBeCloseTo(0.4, 10);
    // Three categories, p_o = (5 + 3 + 2) / 12 = 10/12: (10/12 − 1/3) / (2/3) = 0.75.
    expect(
      brennanPredigerKappa([
        [5, 1, 0],
        [0, 3, 1],
        [0, 0, 2],
      ]),
    ).toBeCloseTo(0.75, 10);
  });

  it('is NaN with a single category or no data', () => {
    expect(brennanPredigerKappa([[4]])).toBeNaN();
    expect(
      brennanPredigerKappa([
        [0, 0],
        [0, 0],
      ]),
    ).toBeNaN();
  });
});

describe('Brennan–Prediger in report figures', () => {
  it('is 2·pₒ − 1 for two coders, worked by hand', () => {
    // Both coded 20 characters, only the first 20, only the second 10, neither 50:
    // pₒ = (20 + 50) / 100 = 0.7; chance is 1/2 for coded / not coded, so κ_BP = 2·0.7 − 1 = 0.4.
    const figures = pairFigures([
      [20, 20],
      [10, 50],
    ]);
    expect(figures.percentAgreement).toBeCloseTo(0.7, 12);
    expect(figures.brennanPrediger).toBeCloseTo(0.4, 12);
    expect(figures.brennanPrediger).toBeCloseTo(2 * (figures.percentAgreement as number) - 1, 12);
    // Worse than chance is negative: pₒ = 3 / 10 gives 2·0.3 − 1 = −0.4.
    expect(
      pairFigures([
        [1, 4],
        [3, 2],
      ]).brennanPrediger,
    ).toBeCloseTo(-0.4, 12);
  });

  it('is not given for three or more coders, nor for an empty table', () => {
    expect(distributionFigures([2, 2, 4, 2]).brennanPrediger).toBeNull();
    expect(
      pairFigures([
        [0, 0],
        [0, 0],
      ]).brennanPrediger,
    ).toBeNull();
  });
});

describe('fleissKappa', () => {
  it('reproduces Fleiss (1971) Table 1: kappa = .430', () => {
    const counts = countsOf(FLEISS_1971, 5);
    // The published category proportions p_j: .144, .144, .167, .306, .239 of 180 ratings.
    const totals = [0, 1, 2, 3, 4].map((category) => counts.reduce((sum, row) => sum + row[category], 0));
    expect(totals).toEqual([26, 26, 30, 55, 43]);
    expect(fleissKappa(counts)).toBeCloseTo(0.43, 3);
  });

  it('refuses subjects with different numbers of ratings, and is NaN when only one category is used', () => {
    expect(() =>
      fleissKappa([
        [2, 1],
        [1, 1],
      ]),
    ).toThrow(RangeError);
    expect(
      fleissKappa([
        [3, 0],
        [3, 0],
      ]),
    ).toBeNaN();
  });
});

describe('krippendorffAlpha', () => {
  it('reproduces Krippendorff (2011) example C at all four levels', () => {
    expect(krippendorffAlpha(KRIPPENDORFF_2011, 'nominal')).toBeCloseTo(0.743, 3);
    expect(krippendorffAlpha(KRIPPENDORFF_2011, 'ordinal')).toBeCloseTo(0.815, 3);
    expect(krippendorffAlpha(KRIPPENDORFF_2011, 'interval')).toBeCloseTo(0.849, 3);
    expect(krippendorffAlpha(KRIPPENDORFF_2011, 'ratio')).toBeCloseTo(0.797, 3);
  });

  it('treats string categories as nominal values', () => {
    const asStrings = KRIPPENDORFF_2011.map((row) => row.map((value) => (value === null ? null : `v${value}`)));
    expect(krippendorffAlpha(asStrings, 'nominal')).toBeCloseTo(0.743, 3);
  });

  it('is NaN without variation or pairable values, and refuses text for numeric levels', () => {
    expect(
      krippendorffAlpha(
        [
          [1, 1],
          [1, 1],
        ],
        'nominal',
      ),
    ).toBeNaN();
    expect(
      krippendorffAlpha(
        [
          [1, null],
          [null, 2],
        ],
        'nominal',
      ),
    ).toBeNaN();
    expect(() =>
      krippendorffAlpha(
        [
          ['a', 'b'],
          ['a', 'b'],
        ],
        'interval',
      ),
    ).toThrow(RangeError);
  });
});

describe('characterAgreementTable', () => {
  it('counts every character of the source, including those nobody coded', () => {
    // A source of 20 characters. Coder A: [2,8) and [12,15), plus [3,5) inside the first
    // (overlaps count once) → 6 + 3 = 9 characters. Coder B: [4,10) and [14,18) → 6 + 4 = 10.
    // Both: [4,8) = 4 and [14,15) = 1 → 5. Only A: 9 − 5 = 4. Only B: 10 − 5 = 5.
    // Neither: 20 − 5 − 4 − 5 = 6.
    const table = characterAgreementTable(
      20,
      [
        [2, 8],
        [12, 15],
        [3, 5],
      ],
      [
        [4, 10],
        [14, 18],
      ],
    );
    expect(table).toEqual([
      [5, 4],
      [5, 6],
    ]);
    // Kappa by hand: p_o = (5 + 6) / 20 = 0.55. Row totals 9, 11; column totals 10, 10:
    // p_e = (9·10 + 11·10) / 20² = 200 / 400 = 0.5. kappa = (0.55 − 0.5) / (1 − 0.5) = 0.1.
    expect(percentAgreement(table)).toBeCloseTo(0.55, 10);
    expect(cohensKappa(table)).toBeCloseTo(0.1, 10);
  });

  it('cuts ranges that run past the text', () => {
    expect(characterAgreementTable(10, [[8, 15]], [[-3, 2]])).toEqual([
      [0, 2],
      [2, 6],
    ]);
  });
});

describe('segmentMatches', () => {
  // A = [0,10), [20,30), [40,50); B = [1,10), [20,25), [60,70).
  // A0·B0: intersection 9, union 10 → 0.9. A1·B1: intersection 5, union 10 → 0.5.
  // A2 and B2 overlap nothing.
  const rangesA: [number, number][] = [
    [0, 10],
    [20, 30],
    [40, 50],
  ];
  const rangesB: [number, number][] = [
    [1, 10],
    [20, 25],
    [60, 70],
  ];

  it('matches a pair at exactly the default 90% overlap and no weaker pair', () => {
    const result = segmentMatches(rangesA, rangesB);
    expect(result.matches).toEqual([{ a: 0, b: 0, overlap: 0.9 }]);
    expect(result.unmatchedA).toEqual([1, 2]);
    expect(result.unmatchedB).toEqual([1, 2]);
    // 1 match, 2 only A, 2 only B → percent agreement 1 / 5 = 0.2.
    expect(result.table).toEqual([
      [1, 2],
      [2, 0],
    ]);
    expect(percentAgreement(result.table)).toBeCloseTo(0.2, 10);
  });

  it('matches more with a lower threshold: 2 / (2 + 1 + 1) = 0.5', () => {
    const result = segmentMatches(rangesA, rangesB, 0.5);
    expect(result.matches.map((match) => [match.a, match.b])).toEqual([
      [0, 0],
      [1, 1],
    ]);
    expect(percentAgreement(result.table)).toBeCloseTo(0.5, 10);
  });

  it('pairs each segment at most once, best overlap first', () => {
    const result = segmentMatches(
      [[0, 10]],
      [
        [0, 9],
        [0, 10],
      ],
    );
    expect(result.matches).toEqual([{ a: 0, b: 1, overlap: 1 }]);
    expect(result.unmatchedB).toEqual([0]);
  });
});
