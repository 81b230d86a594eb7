import { z } from 'zod';
import { CROSSTAB_UNITS, PERCENT_BASES, WHERE_OPERATORS, type WhereClause, type WhereOperator } from '../stats/crosstab';
import { COOCCURRENCE_RELATIONS, COOCCURRENCE_UNITS } from '../stats/cooccurrence';
import { MATRIX_VALUES } from '../stats/matrix';
import { parseBinSpec } from '../stats/binning';

const id = z.string().uuid();
const name = z.string().trim().min(1).max(500);
const binSpec = z
  .string()
  .trim()
  .max(1000)
  .refine((text) => parseBinSpec(text) !== null, 'a bin is a width (5 or 5@2003), edges (2015,2018) or year, quarter, month');

export const whereSchema = z
  .object({ attribute: name, op: z.enum(WHERE_OPERATORS), value: z.string().trim().max(1000) })
  .strict();

// Shared by every analysis: attribute filters (all must hold) and one coder or all coders.
const scope = {
  where: z.array(whereSchema).max(50).default([]),
  coder: name.nullable().default(null),
};

/** A crosstab: codes × the values of `by` (× `then`, nested), in one unit. */
export const crosstabQuerySchema = z
  .object({
    kind: z.literal('crosstab'),
    by: name,
    then: name.nullable().default(null),
    bin: binSpec.nullable().default(null),
    thenBin: binSpec.nullable().default(null),
    /** Row codes by id (ids survive renames); null for the whole codebook. */
    codeIds: z.array(id).max(10_000).nullable().default(null),
    rollup: z.boolean().default(true),
    unit: z.enum(CROSSTAB_UNITS).default('segments'),
    percent: z.enum(PERCENT_BASES).nullable().default(null),
    ...scope,
  })
  .strict();

/** Codes × codes: pairs of codings that co-occur, optionally one matrix per value of `by`. */
export const cooccurrenceQuerySchema = z
  .object({
    kind: z.literal('cooccurrence'),
    relation: z.enum(COOCCURRENCE_RELATIONS).default('overlap'),
    unit: z.enum(COOCCURRENCE_UNITS).default('passages'),
    by: name.nullable().default(null),
    bin: binSpec.nullable().default(null),
    codeIds: z.array(id).max(10_000).nullable().default(null),
    ...scope,
  })
  .strict();

/** One row per source with its attributes, one column per code. */
export const matrixQuerySchema = z
  .object({
    kind: z.literal('matrix'),
    value: z.enum(MATRIX_VALUES).default('count'),
    codeIds: z.array(id).max(10_000).nullable().default(null),
    rollup: z.boolean().default(true),
    ...scope,
  })
  .strict();

/** One row per coding (long, tidy), optionally only a code and its descendants. */
export const segmentsQuerySchema = z
  .object({
    kind: z.literal('segments'),
    codeId: id.nullable().default(null),
    ...scope,
  })
  .strict();

/** Word frequency per value of `by`, optionally only inside passages coded with a code. */
export const wordfreqQuerySchema = z
  .object({
    kind: z.literal('wordfreq'),
    by: name.nullable().default(null),
    bin: binSpec.nullable().default(null),
    codeId: id.nullable().default(null),
    top: z.number().int().min(1).max(10_000).default(50),
    minLength: z.number().int().min(1).max(50).default(2),
    ...scope,
  })
  .strict();

/** The codebook with counts and examples drawn from coded passages. */
export const codebookQuerySchema = z
  .object({
    kind: z.literal('codebook'),
    examples: z.number().int().min(0).max(20).default(3),
    ...scope,
  })
  .strict();

/** Any analysis that can be saved in the project and re-run. */
export const analysisQuerySchema = z.discriminatedUnion('kind', [
  crosstabQuerySchema,
  cooccurrenceQuerySchema,
  matrixQuerySchema,
  segmentsQuerySchema,
  wordfreqQuerySchema,
  codebookQuerySchema,
]);

export type CrosstabQuery = z.infer<typeof crosstabQuerySchema>;
export type CooccurrenceQuery = z.infer<typeof cooccurrenceQuerySchema>;
export type MatrixQuery = z.infer<typeof matrixQuerySchema>;
export type SegmentsQuery = z.infer<typeof segmentsQuerySchema>;
export type WordfreqQuery = z.infer<typeof wordfreqQuerySchema>;
export type CodebookQuery = z.infer<typeof codebookQuerySchema>;
export type AnalysisQuery = z.infer<typeof analysisQuerySchema>;
export type AnalysisKind = AnalysisQuery['kind'];
/** What callers may send: defaults filled in by the schema. */
export type AnalysisQueryInput = z.input<typeof analysisQuerySchema>;

/** A query saved in the project under a name. */
export type SavedQuery = Readonly<{
  id: string;
  name: string;
  query: AnalysisQuery;
  createdAt: string;
  updatedAt: string;
}>;

// Two-character operators first, so "year>=2019" is read as >= and not as > "=2019".
const OPERATORS_BY_LENGTH: readonly WhereOperator[] = ['<=', '>=', '!=', '=', '<', '>'];

/** Parses `year>=2019` (spaces allowed around the operator) into a clause; null if there is no operator. */
export function parseWhere(text: string): WhereClause | null {
  for (let index = 1; index < text.length; index += 1) {
    const op = OPERATORS_BY_LENGTH.find((candidate) => text.startsWith(candidate, index));
    if (!op) continue;
    const attribute = text.slice(0, index).trim();
    const value = text.slice(index + op.length).trim();
    if (attribute.length === 0) return null;
    return { attribute, op, value };
  }
  return null;
}

/** A filter as a reader writes it: `year >= 2019`. */
export function formatWhere(clause: WhereClause): string {
  return `${clause.attribute} ${clause.op} ${clause.value}`;
}

/**
 * Splits a comma-separated list (`--codes a,b`); a comma inside an item is written `\,`.
 * Other backslash escapes (`\/` in code paths) are kept for the code-path parser.
 */
export function splitList(text: string): string[] {
  const items: string[] = [];
  let current = '';
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (char === '\\' && text[index + 1] === ',') {
      current += ',';
      index += 1;
    } else if (char === '\\' && index + 1 < text.length) {
      current += char + text[index + 1];
      index += 1;
    } else if (char === ',') {
      items.push(current.trim());
      current = '';
    } else {
      current += char;
    }
  }
  items.push(current.trim());
  return items.filter((item) => item.length > 0);
}
