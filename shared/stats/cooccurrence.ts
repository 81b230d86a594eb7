import type { CodeId, SourceId } from '../domain/ids';
import { orderCodebook, type CodeNodeInput } from '../domain/codebook';

/**
 * When two codings "co-occur": their ranges share at least one character (overlap), one lies
 * inside the other (inside), or they cover exactly the same range (exact). Ranges are
 * half-open, so [0,5) and [5,9) touch but do not overlap.
 */
export const COOCCURRENCE_RELATIONS = ['overlap', 'inside', 'exact'] as const;
export type CooccurrenceRelation = (typeof COOCCURRENCE_RELATIONS)[number];

/**
 * passages: pairs of codings (one of each code) in the same source that satisfy the
 * relation; documents: sources with at least one such pair.
 */
export const COOCCURRENCE_UNITS = ['passages', 'documents'] as const;
export type CooccurrenceUnit = (typeof COOCCURRENCE_UNITS)[number];

export type CooccurrenceCoding = Readonly<{ codeId: CodeId; sourceId: SourceId; start: number; end: number }>;

export type CooccurrenceInput = Readonly<{
  codes: readonly CodeNodeInput[];
  /** The codes to compare (codebook order is kept); null for every code. */
  rows: readonly CodeId[] | null;
  relation: CooccurrenceRelation;
  unit: CooccurrenceUnit;
  codings: readonly CooccurrenceCoding[];
  /** The group (attribute value) of each source in scope; sources not in the map are left out. */
  groupOf: ReadonlyMap<SourceId, string>;
  /** Groups in display order: one matrix each. */
  groups: readonly string[];
}>;

export type CooccurrenceMatrix = Readonly<{
  group: string;
  /**
   * counts[i][j] for codes i ≠ j: pairs (or documents) where they co-occur; symmetric.
   * The diagonal holds the code's own codings (or documents), for scale.
   */
  counts: readonly (readonly number[])[];
}>;

export type CooccurrenceResult = Readonly<{
  relation: CooccurrenceRelation;
  unit: CooccurrenceUnit;
  codes: readonly Readonly<{ codeId: CodeId; code: string; depth: number }>[];
  matrices: readonly CooccurrenceMatrix[];
}>;

/** Whether b (starting at or after a) co-occurs with a under `relation`; the caller checks b.start < a.end. */
function related(relation: CooccurrenceRelation, a: CooccurrenceCoding, b: CooccurrenceCoding): boolean {
  if (relation === 'overlap') return true;
  if (relation === 'exact') return a.start === b.start && a.end === b.end;
  // b starts inside a: b is inside a when it ends no later; a is inside b only if both start together.
  return b.end <= a.end || a.start === b.start;
}

/**
 * Code co-occurrence: for every pair of codes, how many pairs of their codings in the same
 * source satisfy the relation (or in how many sources that happens), per group. Each code
 * counts its own codings only — with rollup a parent would trivially co-occur with its children.
 */
export function computeCooccurrence(input: CooccurrenceInput): CooccurrenceResult {
  const all = orderCodebook(input.codes);
  const wanted = input.rows === null ? null : new Set(input.rows);
  const ordered = wanted === null ? all : all.filter((entry) => wanted.has(entry.code.id));
  const index = new Map<CodeId, number>(ordered.map((entry, position) => [entry.code.id, position]));
  const size = ordered.length;
  const groupIndex = new Map(input.groups.map((group, position) => [group, position]));
  const matrices = input.groups.map(() => Array.from({ length: size }, () => new Array<number>(size).fill(0)));

  const bySource = new Map<SourceId, CooccurrenceCoding[]>();
  for (const coding of input.codings) {
    if (!index.has(coding.codeId) || !input.groupOf.has(coding.sourceId)) continue;
    const list = bySource.get(coding.sourceId);
    if (list) list.push(coding);
    else bySource.set(coding.sourceId, [coding]);
  }

  for (const [sourceId, codings] of bySource) {
    const group = groupIndex.get(input.groupOf.get(sourceId) as string);
    if (group === undefined) continue;
    const counts = matrices[group];
    codings.sort((a, b) => a.start - b.start || a.end - b.end);
    const seen = input.unit === 'documents' ? new Set<number>() : null;
    const add = (row: number, column: number): void => {
      if (seen) {
        const key = row * size + column;
        if (seen.has(key)) return;
        seen.add(key);
      }
      counts[row][column] += 1;
      if (row !== column) counts[column][row] += 1;
    };
    for (let first = 0; first < codings.length; first += 1) {
      const a = codings[first];
      const row = index.get(a.codeId) as number;
      add(row, row);
      // Sorted by start: every later coding that starts before a ends overlaps a.
      for (let second = first + 1; second < codings.length && codings[second].start < a.end; second += 1) {
        const b = codings[second];
        if (b.codeId === a.codeId || !related(input.relation, a, b)) continue;
        const column = index.get(b.codeId) as number;
        add(Math.min(row, column), Math.max(row, column));
      }
    }
  }

  return {
    relation: input.relation,
    unit: input.unit,
    codes: ordered.map((entry) => ({ codeId: entry.code.id, code: entry.path, depth: entry.depth })),
    matrices: input.groups.map((group, position) => ({ group, counts: matrices[position] })),
  };
}
