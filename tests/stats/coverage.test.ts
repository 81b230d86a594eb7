import { describe, expect, it } from 'vitest';
import type { Range } from '../../shared/domain/ranges';
import {
  characterAgreementTable,
  coderCoverage,
  fleissKappa,
  fleissKappaBinary,
  krippendorffAlpha,
  krippendorffAlphaBinary,
  pairFigures,
  unanimousAgreement,
} from '../../shared/stats/agreement';

/*
 * The distribution forms of Fleiss' kappa and Krippendorff's alpha exist so a project's
 * millions of characters need not become millions of table rows. They must give exactly the
 * figures of the per-unit functions (themselves tested against published examples in
 * agreement.test.ts) on the expanded data.
 */

/** One row [coded, not coded] per unit, from a distribution. */
function expandCounts(distribution: readonly number[]): number[][] {
  const raters = distribution.length - 1;
  return distribution.flatMap((count, k) => Array.from({ length: count }, () => [k, raters - k]));
}

/** Coders × units data for Krippendorff: unit u coded by the first k coders. */
function expandRatings(distribution: readonly number[]): (string | null)[][] {
  const raters = distribution.length - 1;
  const units = distribution.flatMap((count, k) => Array.from({ length: count }, () => k));
  return Array.from({ length: raters }, (_row, coder) => units.map((k) => (coder < k ? 'coded' : 'not')));
}

/** A small deterministic generator, so the cases are the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe('coverage of a text by several coders', () => {
  it('counts each character by how many coders coded it, overlaps within one coder once', () => {
    // Text of 10: A codes [0,6) (twice, overlapping), B [0,4), C [2,8).
    // 0–1: A,B · 2–3: A,B,C · 4–5: A,C · 6–7: C · 8–9: nobody.
    const coverage = coderCoverage(10, [
      [
        [0, 6],
        [1, 3],
      ],
      [[0, 4]],
      [[2, 8]],
    ]);
    expect(coverage.distribution).toEqual([2, 2, 4, 2]);
    expect(coverage.spans).toEqual([
      { start: 0, end: 2, coders: [0, 1] },
      { start: 2, end: 4, coders: [0, 1, 2] },
      { start: 4, end: 6, coders: [0, 2] },
      { start: 6, end: 8, coders: [2] },
    ]);
  });

  it('measures with the given unit, such as code points', () => {
    // "😀ab": the emoji is two UTF-16 units but one character; A codes it, B codes "a".
    const toCodePoint = (offset: number): number => (offset >= 2 ? offset - 1 : offset);
    const coverage = coderCoverage(4, [[[0, 2]], [[2, 3]]], (start, end) => toCodePoint(end) - toCodePoint(start));
    expect(coverage.distribution).toEqual([1, 2, 0]);
  });

  it('gives the same 2×2 table as characterAgreementTable for two coders', () => {
    const next = random(7);
    for (let trial = 0; trial < 50; trial += 1) {
      const length = 20 + Math.floor(next() * 80);
      const ranges = (): Range[] =>
        Array.from({ length: Math.floor(next() * 4) }, () => {
          const start = Math.floor(next() * length);
          return [start, Math.min(length, start + 1 + Math.floor(next() * 20))] as Range;
        });
      const a = ranges();
      const b = ranges();
      const coverage = coderCoverage(length, [a, b]);
      const table = characterAgreementTable(length, a, b);
      const both = coverage.spans.filter((span) => span.coders.length === 2).reduce((t, s) => t + s.end - s.start, 0);
      expect(both).toBe(table[0][0]);
      expect(coverage.distribution).toEqual([table[1][1], table[0][1] + table[1][0], table[0][0]]);
    }
  });
});

describe('kappa and alpha from a distribution', () => {
  it("equal Fleiss' kappa and Krippendorff's alpha over the expanded units", () => {
    const next = random(11);
    for (let trial = 0; trial < 40; trial += 1) {
      const raters = 2 + Math.floor(next() * 4);
      const distribution = Array.from({ length: raters + 1 }, () => Math.floor(next() * 6));
      if (distribution.reduce((t, c) => t + c, 0) < 2) continue;
      const fleiss = fleissKappa(expandCounts(distribution));
      const alpha = krippendorffAlpha(expandRatings(distribution), 'nominal');
      if (Number.isNaN(fleiss)) expect(fleissKappaBinary(distribution)).toBeNaN();
      else expect(fleissKappaBinary(distribution)).toBeCloseTo(fleiss, 12);
      if (Number.isNaN(alpha)) expect(krippendorffAlphaBinary(distribution)).toBeNaN();
      else expect(krippendorffAlphaBinary(distribution)).toBeCloseTo(alpha, 12);
    }
  });

  it('work out by hand for three coders on ten characters', () => {
    // The distribution of the first coverage test: 2 characters coded by none, 2 by one,
    // 4 by two, 2 by all three (n = 3).
    // Fleiss: P_i = (k² + (3−k)² − 3) / 6 → 1, 1/3, 1/3, 1; P̄ = (2 + 2/3 + 4/3 + 2) / 10 = 0.6.
    // p(coded) = (2 + 8 + 6) / 30 = 8/15; P̄_e = (8/15)² + (7/15)² = 113/225.
    // κ = (135/225 − 113/225) / (112/225) = 22/112 = 11/56 ≈ 0.19643.
    // Alpha: 30 values, n_coded = 16, n_not = 14; mismatched pairs o_01 + o_10 = (2·1·2 + 4·2·1)·2/2 = 12;
    // α = 1 − 29·12 / (2·14·16) = 1 − 348/448 = 25/112 ≈ 0.22321.
    const distribution = [2, 2, 4, 2];
    expect(fleissKappaBinary(distribution)).toBeCloseTo(11 / 56, 12);
    expect(krippendorffAlphaBinary(distribution)).toBeCloseTo(25 / 112, 12);
    expect(unanimousAgreement(distribution)).toBeCloseTo(0.4, 12);
  });

  it('are undefined when every unit falls in one category, and refuse a malformed distribution', () => {
    expect(fleissKappaBinary([10, 0, 0])).toBeNaN();
    expect(krippendorffAlphaBinary([0, 0, 7])).toBeNaN();
    expect(() => fleissKappaBinary([3, 4])).toThrow(RangeError);
    expect(() => krippendorffAlphaBinary([1, -1, 2])).toThrow(RangeError);
  });

  it('give null, not NaN, in report figures', () => {
    const figures = pairFigures([
      [0, 0],
      [0, 50],
    ]);
    expect(figures).toEqual({
      percentAgreement: 1,
      kappa: null,
      alpha: null,
      // Chance is 1/2 for coded / not coded: 2·1 − 1, defined where kappa is not.
      brennanPrediger: 1,
      table: {
        kind: 'pair',
        cells: [
          [0, 0],
          [0, 50],
        ],
      },
    });
  });
});
