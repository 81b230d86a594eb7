import { unionRanges, type Range } from '../domain/ranges';

/*
 * Inter-coder agreement (issue 6). Pure functions over plain tables, so the same figures
 * come from the UI, the CLI and every export, and each can be checked against the
 * published worked examples in tests/stats/agreement.test.ts.
 *
 * Undefined results are NaN, never a thrown error: a coefficient is undefined when its
 * chance term leaves nothing to correct (expected agreement 1, expected disagreement 0) or
 * when there is nothing to compare (an empty table, no pairable values). Callers show NaN
 * as "not defined" with the table behind it. Malformed input (a ragged or non-square table,
 * negative counts) is a programming error and throws a RangeError.
 */

/** A value a coder assigned to a unit; null when the coder did not code that unit. */
export type RatingValue = string | number | null;
export type MeasurementLevel = 'nominal' | 'ordinal' | 'interval' | 'ratio';

function checkCounts(table: readonly (readonly number[])[], name: string): void {
  for (const row of table) {
    for (const cell of row) {
      if (!Number.isFinite(cell) || cell < 0) throw new RangeError(`${name}: counts must be finite and non-negative.`);
    }
  }
}

function checkSquare(table: readonly (readonly number[])[], name: string): void {
  for (const row of table) {
    if (row.length !== table.length)
      throw new RangeError(`${name}: the table must be square (categories × categories).`);
  }
  checkCounts(table, name);
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

/**
 * Share of units on which two coders agree: the diagonal of a square contingency table
 * (rows = coder 1, columns = coder 2) over its total. NaN for an empty table.
 * It takes the same table as cohensKappa so the two are always computed from one source.
 */
export function percentAgreement(table: readonly (readonly number[])[]): number {
  checkSquare(table, 'percentAgreement');
  const total = sum(table.map((row) => sum(row)));
  if (total === 0) return Number.NaN;
  let diagonal = 0;
  table.forEach((row, index) => {
    diagonal += row[index];
  });
  return diagonal / total;
}

/**
 * Cohen's (1960) kappa from a square contingency table (rows = coder 1, columns = coder 2):
 * (p_o − p_e) / (1 − p_e) with p_e from each coder's own marginals. NaN when the table is
 * empty or p_e = 1 (both coders used one and the same category for every unit).
 */
export function cohensKappa(table: readonly (readonly number[])[]): number {
  checkSquare(table, 'cohensKappa');
  const total = sum(table.map((row) => sum(row)));
  if (total === 0) return Number.NaN;
  let observed = 0;
  let expected = 0;
  table.forEach((row, index) => {
    observed += row[index];
    const rowTotal = sum(row);
    const columnTotal = sum(table.map((other) => other[index]));
    expected += (rowTotal / total) * (columnTotal / total);
  });
  observed /= total;
  if (expected >= 1) return Number.NaN;
  return (observed - expected) / (1 - expected);
}

/**
 * Brennan & Prediger's (1981) kappa: chance agreement is 1/q for q categories (the table's
 * size), not taken from the coders' marginals. NaN for an empty table or a single category.
 */
export function brennanPredigerKappa(table: readonly (readonly number[])[]): number {
  const observed = percentAgreement(table);
  const categories = table.length;
  if (categories < 2 || Number.isNaN(observed)) return Number.NaN;
  const chance = 1 / categories;
  return (observed - chance) / (1 - chance);
}

/**
 * Fleiss' (1971) kappa from a subjects × categories table of counts (how many coders put
 * each subject in each category). Every subject needs the same number (≥ 2) of ratings.
 * NaN when there are no subjects or expected agreement is 1 (one category used throughout).
 */
export function fleissKappa(counts: readonly (readonly number[])[]): number {
  checkCounts(counts, 'fleissKappa');
  if (counts.length === 0) return Number.NaN;
  const categories = counts[0].length;
  const raters = sum(counts[0]);
  for (const row of counts) {
    if (row.length !== categories) throw new RangeError('fleissKappa: every subject needs a count for every category.');
    if (sum(row) !== raters) throw new RangeError('fleissKappa: every subject must have the same number of ratings.');
  }
  if (raters < 2) throw new RangeError('fleissKappa: each subject needs at least two ratings.');
  const subjects = counts.length;
  let meanAgreement = 0;
  const categoryTotals = new Array<number>(categories).fill(0);
  for (const row of counts) {
    let squares = 0;
    row.forEach((count, category) => {
      squares += count * count;
      categoryTotals[category] += count;
    });
    meanAgreement += (squares - raters) / (raters * (raters - 1));
  }
  meanAgreement /= subjects;
  let expected = 0;
  for (const total of categoryTotals) {
    const share = total / (subjects * raters);
    expected += share * share;
  }
  if (expected >= 1) return Number.NaN;
  return (meanAgreement - expected) / (1 - expected);
}

/**
 * Krippendorff's alpha, 1 − D_o / D_e, computed through the coincidence matrix as in
 * Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability". `data` has one row per
 * coder and one column per unit; null marks a unit the coder did not code. Units with fewer
 * than two values are not pairable and are ignored. Nominal data may be strings or numbers
 * (compared as given: 1 and "1" differ); ordinal, interval and ratio data must be numbers.
 * NaN when fewer than two pairable values exist or expected disagreement is 0.
 */
export function krippendorffAlpha(data: readonly (readonly RatingValue[])[], level: MeasurementLevel): number {
  const unitCount = data.reduce((most, row) => Math.max(most, row.length), 0);
  if (level !== 'nominal') {
    for (const row of data) {
      for (const value of row) {
        if (value !== null && (typeof value !== 'number' || !Number.isFinite(value))) {
          throw new RangeError(`krippendorffAlpha: ${level} data must be finite numbers (or null for missing).`);
        }
      }
    }
  }
  // Distinct values, sorted for the ordinal metric (numbers ascending; nominal order is irrelevant).
  const keyOf = (value: string | number): string => `${typeof value}:${value}`;
  const valueByKey = new Map<string, string | number>();
  const units: (string | number)[][] = [];
  for (let unit = 0; unit < unitCount; unit += 1) {
    const values: (string | number)[] = [];
    for (const row of data) {
      const value = row[unit] ?? null;
      if (value !== null) values.push(value);
    }
    if (values.length >= 2) {
      units.push(values);
      for (const value of values) valueByKey.set(keyOf(value), value);
    }
  }
  const keys = [...valueByKey.keys()];
  if (level !== 'nominal') keys.sort((a, b) => (valueByKey.get(a) as number) - (valueByKey.get(b) as number));
  const indexOf = new Map(keys.map((key, index) => [key, index]));
  const size = keys.length;
  // Coincidence matrix o_ck: each ordered pair of values within a unit, weighted 1 / (m_u − 1).
  const coincidences = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  for (const values of units) {
    const weight = 1 / (values.length - 1);
    const indices = values.map((value) => indexOf.get(keyOf(value)) as number);
    for (let first = 0; first < indices.length; first += 1) {
      for (let second = 0; second < indices.length; second += 1) {
        if (first !== second) coincidences[indices[first]][indices[second]] += weight;
      }
    }
  }
  const marginals = coincidences.map((row) => sum(row));
  const total = sum(marginals);
  if (total < 2) return Number.NaN;
  const numeric = keys.map((key) => valueByKey.get(key) as number);
  const distance = (c: number, k: number): number => {
    if (c === k) return 0;
    switch (level) {
      case 'nominal':
        return 1;
      case 'ordinal': {
        // (Σ_{g=c..k} n_g − (n_c + n_k) / 2)², over the ranks between the two values.
        const low = Math.min(c, k);
        const high = Math.max(c, k);
        let between = 0;
        for (let g = low; g <= high; g += 1) between += marginals[g];
        const d = between - (marginals[c] + marginals[k]) / 2;
        return d * d;
      }
      case 'interval': {
        const d = numeric[c] - numeric[k];
        return d * d;
      }
      case 'ratio': {
        const denominator = numeric[c] + numeric[k];
        if (denominator === 0) return 0;
        const d = (numeric[c] - numeric[k]) / denominator;
        return d * d;
      }
    }
  };
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < size; c += 1) {
    for (let k = 0; k < size; k += 1) {
      const delta = distance(c, k);
      if (delta === 0) continue;
      observed += coincidences[c][k] * delta;
      expected += marginals[c] * marginals[k] * delta;
    }
  }
  observed /= total;
  expected /= total * (total - 1);
  if (expected === 0) return Number.NaN;
  return 1 - observed / expected;
}

function clip(ranges: readonly Range[], length: number): Range[] {
  const clipped: Range[] = [];
  for (const [start, end] of ranges) {
    const from = Math.max(0, Math.min(start, length));
    const to = Math.max(0, Math.min(end, length));
    if (to > from) clipped.push([from, to]);
  }
  return unionRanges(clipped);
}

function intersectionLength(a: readonly Range[], b: readonly Range[]): number {
  // Both lists are sorted and disjoint (unionRanges), so one merge pass suffices.
  let total = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const start = Math.max(a[i][0], b[j][0]);
    const end = Math.min(a[i][1], b[j][1]);
    if (end > start) total += end - start;
    if (a[i][1] < b[j][1]) i += 1;
    else j += 1;
  }
  return total;
}

/**
 * The 2×2 table over every character of a source, as NVivo computes it: rows = coder A
 * coded / not coded, columns = coder B coded / not coded. Characters no one coded count as
 * agreement (the bottom-right cell), not just the coded ones. Ranges are half-open, in the
 * source's own units; overlaps within one coder count once; parts outside [0, length) are cut.
 */
export function characterAgreementTable(
  length: number,
  rangesA: readonly Range[],
  rangesB: readonly Range[],
): number[][] {
  const a = clip(rangesA, length);
  const b = clip(rangesB, length);
  const both = intersectionLength(a, b);
  const codedA = a.reduce((total, [start, end]) => total + end - start, 0);
  const codedB = b.reduce((total, [start, end]) => total + end - start, 0);
  const onlyA = codedA - both;
  const onlyB = codedB - both;
  const neither = Math.max(0, length) - both - onlyA - onlyB;
  return [
    [both, onlyA],
    [onlyB, neither],
  ];
}

export type SegmentMatch = Readonly<{ a: number; b: number; overlap: number }>;

export type SegmentMatchResult = Readonly<{
  /** Pairs of matched segments (indices into rangesA and rangesB) and their overlap share. */
  matches: readonly SegmentMatch[];
  unmatchedA: readonly number[];
  unmatchedB: readonly number[];
  /**
   * [[matched, only A], [only B, 0]]. The "neither" cell has no meaning for segments (there
   * is no count of passages that nobody coded), so it is 0: percentAgreement of this table is
   * matched / (matched + only A + only B); a kappa of it is not meaningful.
   */
  table: number[][];
}>;

/**
 * Matches two coders' segments one to one: a pair matches when their overlap is at least
 * `minOverlap` of the span the two cover together (intersection over union, so the test is
 * the same from either coder's side). Best overlaps are paired first; ties go to the
 * earlier segment. Empty segments never match.
 */
export function segmentMatches(
  rangesA: readonly Range[],
  rangesB: readonly Range[],
  minOverlap = 0.9,
): SegmentMatchResult {
  if (!(minOverlap > 0 && minOverlap <= 1)) throw new RangeError('segmentMatches: minOverlap must be in (0, 1].');
  const candidates: SegmentMatch[] = [];
  rangesA.forEach(([startA, endA], a) => {
    rangesB.forEach(([startB, endB], b) => {
      const intersection = Math.min(endA, endB) - Math.max(startA, startB);
      if (intersection <= 0) return;
      const union = endA - startA + (endB - startB) - intersection;
      const overlap = intersection / union;
      // A small epsilon keeps shares such as 9/10 from failing a 0.9 threshold by rounding.
      if (overlap + 1e-12 >= minOverlap) candidates.push({ a, b, overlap });
    });
  });
  candidates.sort((x, y) => y.overlap - x.overlap || x.a - y.a || x.b - y.b);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  const matches: SegmentMatch[] = [];
  for (const candidate of candidates) {
    if (usedA.has(candidate.a) || usedB.has(candidate.b)) continue;
    usedA.add(candidate.a);
    usedB.add(candidate.b);
    matches.push(candidate);
  }
  matches.sort((x, y) => x.a - y.a);
  const unmatchedA = rangesA.map((_range, index) => index).filter((index) => !usedA.has(index));
  const unmatchedB = rangesB.map((_range, index) => index).filter((index) => !usedB.has(index));
  return {
    matches,
    unmatchedA,
    unmatchedB,
    table: [
      [matches.length, unmatchedA.length],
      [unmatchedB.length, 0],
    ],
  };
}

/** A stretch of text and the coders (indices into the input) who coded all of it. */
export type CoverageSpan = Readonly<{ start: number; end: number; coders: readonly number[] }>;

export type CoderCoverage = Readonly<{
  /** distribution[k] = units (as `measure` counts them) coded by exactly k of the n coders, k = 0…n. */
  distribution: number[];
  /** Maximal stretches coded by at least one coder, in text order, each with its coders. */
  spans: CoverageSpan[];
}>;

/**
 * Which coders coded each stretch of a text of `length`, for n coders' ranges (each coder's
 * overlapping ranges count once). `measure(start, end)` counts the units in a stretch — by
 * default end − start; the project service passes a code point count, so a character above
 * U+FFFF is one character. The distribution is what Fleiss' kappa and Krippendorff's alpha
 * need for coded / not coded data, without one row per character.
 */
export function coderCoverage(
  length: number,
  rangesByCoder: readonly (readonly Range[])[],
  measure: (start: number, end: number) => number = (start, end) => end - start,
): CoderCoverage {
  const coders = rangesByCoder.length;
  const events: { at: number; coder: number; delta: 1 | -1 }[] = [];
  rangesByCoder.forEach((ranges, coder) => {
    for (const [start, end] of clip(ranges, length)) {
      events.push({ at: start, coder, delta: 1 }, { at: end, coder, delta: -1 });
    }
  });
  events.sort((x, y) => x.at - y.at);
  const active = new Array<boolean>(coders).fill(false);
  const distribution = new Array<number>(coders + 1).fill(0);
  const spans: { start: number; end: number; coders: number[] }[] = [];
  let covered = 0;
  let index = 0;
  while (index < events.length) {
    const at = events[index].at;
    while (index < events.length && events[index].at === at) {
      active[events[index].coder] = events[index].delta === 1;
      index += 1;
    }
    if (index >= events.length) break;
    const next = events[index].at;
    const who = active.flatMap((on, coder) => (on ? [coder] : []));
    if (who.length > 0 && next > at) {
      const size = measure(at, next);
      distribution[who.length] += size;
      covered += size;
      const last = spans[spans.length - 1];
      // Neighbouring stretches with the same coders are one span (a coder's touching ranges).
      if (last && last.end === at && last.coders.join() === who.join()) last.end = next;
      else spans.push({ start: at, end: next, coders: who });
    }
  }
  distribution[0] = measure(0, Math.max(0, length)) - covered;
  return { distribution, spans };
}

function checkDistribution(distribution: readonly number[], name: string): void {
  if (distribution.length < 3) throw new RangeError(`${name}: the distribution needs entries for 0…n coders, n ≥ 2.`);
  checkCounts([distribution], name);
}

/**
 * Fleiss' (1971) kappa for coded / not coded data given as a distribution: distribution[k]
 * units were coded by exactly k of the n = distribution.length − 1 coders. The same figure
 * as fleissKappa over one row [k, n − k] per unit, without building those rows. NaN when
 * there are no units or every unit fell in one category.
 */
export function fleissKappaBinary(distribution: readonly number[]): number {
  checkDistribution(distribution, 'fleissKappaBinary');
  const raters = distribution.length - 1;
  const units = sum(distribution);
  if (units === 0) return Number.NaN;
  let meanAgreement = 0;
  let coded = 0;
  distribution.forEach((count, k) => {
    meanAgreement += (count * (k * k + (raters - k) * (raters - k) - raters)) / (raters * (raters - 1));
    coded += count * k;
  });
  meanAgreement /= units;
  const share = coded / (units * raters);
  const expected = share * share + (1 - share) * (1 - share);
  if (expected >= 1) return Number.NaN;
  return (meanAgreement - expected) / (1 - expected);
}

/**
 * Krippendorff's alpha (nominal) for coded / not coded data with no missing values, from
 * the same distribution as fleissKappaBinary: the coincidence matrix is summed per k instead
 * of per unit (Krippendorff 2011). Equal to krippendorffAlpha over the expanded data.
 */
export function krippendorffAlphaBinary(distribution: readonly number[]): number {
  checkDistribution(distribution, 'krippendorffAlphaBinary');
  const raters = distribution.length - 1;
  let coded = 0;
  let notCoded = 0;
  let mismatched = 0;
  distribution.forEach((count, k) => {
    coded += count * k;
    notCoded += count * (raters - k);
    // Ordered pairs (coded, not coded) within a unit, weighted 1 / (m_u − 1), both directions.
    mismatched += (2 * count * k * (raters - k)) / (raters - 1);
  });
  const total = coded + notCoded;
  if (total < 2 || coded === 0 || notCoded === 0) return Number.NaN;
  return 1 - ((total - 1) * mismatched) / (2 * coded * notCoded);
}

/** Share of units on which all coders agree (everyone coded it, or no one did), from a distribution. */
export function unanimousAgreement(distribution: readonly number[]): number {
  checkDistribution(distribution, 'unanimousAgreement');
  const units = sum(distribution);
  if (units === 0) return Number.NaN;
  return (distribution[0] + distribution[distribution.length - 1]) / units;
}

/*
 * The agreement report of a project (electron/services/agreement.ts computes it; the UI, the
 * CLI and the exports show it). Pure data, safe to send over IPC: a figure that is not
 * defined is null, never NaN.
 */

export const AGREEMENT_UNITS = ['character', 'segment', 'document'] as const;
export type AgreementUnit = (typeof AGREEMENT_UNITS)[number];

/** Counts of segments of two coders: matched one to one, and left without a partner. */
export type SegmentCounts = Readonly<{ matched: number; onlyFirst: number; onlySecond: number }>;

/** The table behind a figure, in the form the UI shows it. */
export type AgreementTable =
  /** Two coders: rows = first coder coded / not coded, columns = second coder coded / not coded. */
  | Readonly<{ kind: 'pair'; cells: readonly [readonly [number, number], readonly [number, number]] }>
  /** Three or more coders: counts[k] = units coded by exactly k of them (k = 0…n). */
  | Readonly<{ kind: 'distribution'; counts: readonly number[] }>
  /** Segments of two coders. */
  | Readonly<{ kind: 'segments'; counts: SegmentCounts }>
  /** Segments of three or more coders, pair by pair. */
  | Readonly<{ kind: 'segment-pairs'; pairs: readonly (SegmentCounts & Readonly<{ first: string; second: string }>)[] }>;

export type AgreementFigures = Readonly<{
  percentAgreement: number | null;
  /** Cohen's kappa for two coders, Fleiss' kappa for more; null where not defined (always at the segment level). */
  kappa: number | null;
  /** Krippendorff's alpha (nominal); null where not defined (always at the segment level). */
  alpha: number | null;
  /**
   * Brennan–Prediger's kappa for two coders (chance is 1/2 for coded / not coded, so it is
   * 2·pₒ − 1); null for three or more coders, at the segment level and for an empty table.
   */
  brennanPrediger: number | null;
  table: AgreementTable;
}>;

/** A stretch where the coders disagree, for click-through: UTF-16 offsets and who coded it. */
export type AgreementDisagreement = Readonly<{ start: number; end: number; codedBy: readonly string[] }>;

export type AgreementCell = AgreementFigures &
  Readonly<{ sourceId: string; sourceName: string; disagreements: readonly AgreementDisagreement[] }>;

export type AgreementCodeRow = AgreementFigures &
  Readonly<{
    codeId: string;
    codePath: string;
    /** One cell per source where at least one of the coders applied the code. */
    sources: readonly AgreementCell[];
  }>;

export type AgreementMethod = Readonly<{
  /** What one unit is, in words. */
  units: string;
  percentAgreement: string;
  kappa: string | null;
  alpha: string | null;
  brennanPrediger: string | null;
}>;

export type AgreementReport = Readonly<{
  unit: AgreementUnit;
  coders: readonly string[];
  /** The minimum overlap share for segments to match (segment level only). */
  overlap: number | null;
  method: AgreementMethod;
  codes: readonly AgreementCodeRow[];
  /** Every listed code and source together. */
  pooled: AgreementFigures;
  sources: Readonly<{
    included: readonly Readonly<{ id: string; name: string }>[];
    /** `reason` in English for the exports; `notCodedBy` names the coders, for the interface's own words. */
    excluded: readonly Readonly<{ id: string; name: string; reason: string; notCodedBy: readonly string[] }>[];
  }>;
  /** The notes in English, as the CLI and the exports print them. */
  notes: readonly string[];
  /** The same notes one for one, as keys with their parameters, for the Agreement tab to word in its language. */
  noteKeys: readonly AgreementNote[];
}>;

/**
 * A note on a report, as a stable key with its parameters (like the kinds of a merge conflict):
 * the CLI and the exports print agreementNoteText's English, the Agreement tab words the key in
 * the interface's language (renderer/features/sharing/messages.ts, `sharing.agreement.note.*`).
 * `leftOut` is one source of `sources.excluded`; the others are the report's `noteKeys`.
 */
export type AgreementNote =
  | Readonly<{ key: 'sourcesLeftOut'; count: number }>
  | Readonly<{ key: 'nothingToCompare' }>
  | Readonly<{ key: 'segmentNoKappa' }>
  | Readonly<{ key: 'blankFigure' }>
  | Readonly<{ key: 'ownCodings' }>
  | Readonly<{ key: 'leftOut'; source: string; coders: readonly string[] }>;

export type AgreementNoteKey = AgreementNote['key'];

export const AGREEMENT_NOTE_KEYS = [
  'sourcesLeftOut',
  'nothingToCompare',
  'segmentNoKappa',
  'blankFigure',
  'ownCodings',
  'leftOut',
] as const satisfies readonly AgreementNoteKey[];

/** Why a source was left out, in English: "not coded by Ben, Cleo". */
export function leftOutReason(coders: readonly string[]): string {
  return `not coded by ${coders.join(', ')}`;
}

/** The English sentence of a note, word for word what the CLI's reports have always printed. */
export function agreementNoteText(note: AgreementNote): string {
  switch (note.key) {
    case 'sourcesLeftOut': {
      const one = note.count === 1;
      return `${note.count} source${one ? ' was' : 's were'} left out because not every coder has coded ${one ? 'it' : 'them'} yet; to include ${one ? 'it' : 'them'}, tick "Include sources not every coder has coded" (--all-sources on the command line).`;
    }
    case 'nothingToCompare':
      return 'None of these coders has applied a code in the sources compared, so there is nothing to compare.';
    case 'segmentNoKappa':
      return 'Kappa, alpha and Brennan–Prediger are not given for segments: no count exists of the passages that no coder coded, which they would need.';
    case 'blankFigure':
      return 'A blank figure is not defined: kappa and alpha are undefined when chance alone would give complete agreement (for example, when every coder applied the code everywhere, or nowhere).';
    case 'ownCodings':
      return 'Each code is compared on its own codings; a parent code does not include its children.';
    case 'leftOut':
      return `Left out: ${note.source} (${leftOutReason(note.coders)})`;
  }
}

/** A figure for a report: NaN (not defined) becomes null. */
export function definedOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/** Percent agreement, Cohen's kappa, Krippendorff's alpha and Brennan–Prediger's kappa of a two-coder 2×2 table. */
export function pairFigures(cells: readonly [readonly [number, number], readonly [number, number]]): AgreementFigures {
  const table = cells.map((row) => [...row]);
  const [[both, onlyFirst], [onlySecond, neither]] = cells;
  return {
    percentAgreement: definedOrNull(percentAgreement(table)),
    kappa: definedOrNull(cohensKappa(table)),
    alpha: definedOrNull(krippendorffAlphaBinary([neither, onlyFirst + onlySecond, both])),
    brennanPrediger: definedOrNull(brennanPredigerKappa(table)),
    table: { kind: 'pair', cells },
  };
}

/**
 * Unanimous agreement, Fleiss' kappa and Krippendorff's alpha of a distribution (three or more
 * coders). Brennan–Prediger is a two-coder figure here, as in the Agreement tab: none.
 */
export function distributionFigures(counts: readonly number[]): AgreementFigures {
  return {
    percentAgreement: definedOrNull(unanimousAgreement(counts)),
    kappa: definedOrNull(fleissKappaBinary(counts)),
    alpha: definedOrNull(krippendorffAlphaBinary(counts)),
    brennanPrediger: null,
    table: { kind: 'distribution', counts },
  };
}

/** matched / (matched + unmatched of either coder); NaN when neither coder has a segment. */
export function segmentAgreement(counts: SegmentCounts): number {
  const total = counts.matched + counts.onlyFirst + counts.onlySecond;
  return total === 0 ? Number.NaN : counts.matched / total;
}
