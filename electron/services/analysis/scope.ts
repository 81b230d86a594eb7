import type { z } from 'zod';
import type { AttributeId, CodeId, CoderId, SourceId } from '../../../shared/domain/ids';
import type { AttributeType, Coder, SourceKind } from '../../../shared/domain/types';
import type { CodeNodeInput } from '../../../shared/domain/codebook';
import { describeBinSpec, makeBins, parseBinSpec } from '../../../shared/stats/binning';
import {
  astralOffsets,
  nestedKey,
  NONE_VALUE,
  orderValues,
  passesWhere,
  whereValueProblem,
  type CodeSourceCell,
  type CrosstabColumn,
  type WhereClause,
} from '../../../shared/stats/crosstab';
import { formatWhere } from '../../../shared/format/query';
import type { Db } from '../../store/database';
import { UserError } from '../../util/errors';
import { findAttribute, listAttributes } from '../attributes';
import { findCodeByPath } from '../codes';
import { findCoder, type ProjectSession } from '../session';

export type AttributeRow = Readonly<{ id: AttributeId; name: string; type: AttributeType }>;

/** A source inside the scope of an analysis. */
export type ScopeSource = Readonly<{ id: SourceId; name: string; kind: SourceKind; position: number }>;

/** The sources and coder an analysis looks at, after its filters. */
export type Scope = Readonly<{
  sources: readonly ScopeSource[];
  sourceIds: ReadonlySet<SourceId>;
  coder: Coder | null;
  /** Filters with attribute names as the project spells them. */
  where: readonly WhereClause[];
}>;

/** The attribute called `name`, or a sentence naming the attributes there are. */
export function requireAttribute(db: Db, name: string): AttributeRow {
  const attribute = findAttribute(db, name);
  if (attribute) return attribute;
  const names = listAttributes(db).map((candidate) => candidate.name);
  throw new UserError(
    'not-found',
    names.length > 0
      ? `There is no attribute "${name}"; the project has ${names.join(', ')}.`
      : `There is no attribute "${name}"; no source has attributes yet.`,
  );
}

/** Every source's value of one attribute. */
export function attributeValues(db: Db, attributeId: AttributeId): Map<SourceId, string> {
  const rows = db.prepare('SELECT source_id, value FROM attribute_values WHERE attribute_id = ?').raw().all(attributeId) as [
    SourceId,
    string,
  ][];
  return new Map(rows);
}

/** The coder called `name` (or null for all coders); an unknown name is refused. */
export function resolveCoder(db: Db, name: string | null | undefined): Coder | null {
  if (!name) return null;
  const coder = findCoder(db, name);
  if (!coder) throw new UserError('not-found', `There is no coder "${name}" in this project.`);
  return coder;
}

/**
 * Resolves an analysis's filters: every attribute filter must hold (a source without the
 * attribute fails it). Attribute names and values are compared in JavaScript after bound
 * queries, so nothing a researcher types ever becomes SQL.
 */
export function resolveScope(session: ProjectSession, query: { where?: readonly WhereClause[]; coder?: string | null }): Scope {
  const { db } = session;
  let sources = db
    .prepare('SELECT id, name, kind, position FROM sources ORDER BY position, name')
    .all() as ScopeSource[];
  const where: WhereClause[] = [];
  for (const clause of query.where ?? []) {
    const attribute = requireAttribute(db, clause.attribute);
    const problem = whereValueProblem(attribute.type, clause.value);
    if (problem) {
      throw new UserError(
        'invalid-arguments',
        `"${clause.value}" ${problem}, so it cannot be compared with ${attribute.name} (a ${attribute.type} attribute).`,
      );
    }
    const values = attributeValues(db, attribute.id);
    sources = sources.filter((source) => passesWhere(attribute.type, values.get(source.id), clause.op, clause.value));
    where.push({ attribute: attribute.name, op: clause.op, value: clause.value.trim() });
  }
  return {
    sources,
    sourceIds: new Set(sources.map((source) => source.id)),
    coder: resolveCoder(db, query.coder),
    where,
  };
}

/** The filters in words ("year >= 2019 and province != Anhui"), or "none". */
export function describeWhere(where: readonly WhereClause[]): string {
  return where.length === 0 ? 'none' : where.map(formatWhere).join(' and ');
}

/** The codebook as plain nodes for the pure statistics. */
export function codeNodes(db: Db): CodeNodeInput[] {
  return (
    db.prepare('SELECT id, parent_id AS parentId, name, position FROM codes').all() as {
      id: CodeId;
      parentId: CodeId | null;
      name: string;
      position: number;
    }[]
  ).map((code) => ({ ...code }));
}

/** Code ids for code paths typed by a researcher; an unknown path is refused with its name. */
export function resolveCodePaths(session: ProjectSession, paths: readonly string[]): CodeId[] {
  return paths.map((path) => findCodeByPath(session, path).id);
}

/** Checks that code ids (from a saved query or the UI) are still in the codebook. */
export function checkCodeIds(db: Db, ids: readonly string[] | null): void {
  for (const codeId of ids ?? []) {
    if (!db.prepare('SELECT 1 FROM codes WHERE id = ?').get(codeId)) {
      throw new UserError('not-found', 'A code this query names is no longer in the codebook; edit or save the query again.');
    }
  }
}

/** Length in code points and, for texts with characters above U+FFFF, where they are. */
export type CharacterInfo = Readonly<{ length: number; astral?: readonly number[] }>;

/**
 * Character counts of every source. SQLite's length() counts code points; only a text whose
 * count differs from its UTF-16 length has characters above U+FFFF, and only those texts
 * are read into JavaScript to find them.
 */
export function characterInfo(db: Db): Map<SourceId, CharacterInfo> {
  const rows = db
    .prepare('SELECT id, length(text), CASE WHEN length(text) <> text_length THEN text END FROM sources')
    .raw()
    .all() as [SourceId, number, string | null][];
  return new Map(rows.map(([id, length, text]) => [id, text === null ? { length } : { length, astral: astralOffsets(text) }]));
}

/**
 * Codings grouped into code × source cells by SQL (over the covering index
 * codings(code_id, source_id, start, end)); with `ranges`, each cell's ranges come packed
 * as one string, because 200,000 rows moved into JavaScript one by one cost several times more.
 */
export function codeSourceCells(db: Db, options: { coderId: CoderId | null; ranges: boolean }): CodeSourceCell[] {
  const filter = options.coderId === null ? '' : 'WHERE coder_id = ?';
  const parameters = options.coderId === null ? [] : [options.coderId];
  if (!options.ranges) {
    const rows = db
      .prepare(`SELECT code_id, source_id, count(*) FROM codings ${filter} GROUP BY code_id, source_id`)
      .raw()
      .all(...parameters) as [CodeId, SourceId, number][];
    return rows.map(([codeId, sourceId, segments]) => ({ codeId, sourceId, segments }));
  }
  const rows = db
    .prepare(`SELECT code_id, source_id, count(*), group_concat(start || ',' || end) FROM codings ${filter} GROUP BY code_id, source_id`)
    .raw()
    .all(...parameters) as [CodeId, SourceId, number, string][];
  // JSON.parse reads a packed list of numbers faster than split + Number.
  return rows.map(([codeId, sourceId, segments, packed]) => ({
    codeId,
    sourceId,
    segments,
    ranges: JSON.parse(`[${packed}]`) as number[],
  }));
}

/** How sources fall into the columns of one attribute (binned or not). */
type Grouping = Readonly<{ attribute: AttributeRow; labels: readonly string[]; labelOf: Map<SourceId, string>; bin: string | null }>;

function groupBy(db: Db, scope: Scope, name: string, bin: string | null): Grouping {
  const attribute = requireAttribute(db, name);
  const values = attributeValues(db, attribute.id);
  const labelOf = new Map<SourceId, string>();
  if (bin === null) {
    for (const source of scope.sources) labelOf.set(source.id, values.get(source.id) ?? NONE_VALUE);
    return { attribute, labels: [...orderValues(labelOf.values()), NONE_VALUE], labelOf, bin: null };
  }
  const spec = parseBinSpec(bin);
  if (!spec) {
    throw new UserError('invalid-arguments', `"${bin}" is not a bin: give a width (5 or 5@2003), edges (2015,2018,2021) or year, quarter or month.`);
  }
  const observed = scope.sources.map((source) => values.get(source.id)).filter((value): value is string => value !== undefined);
  const binning = makeBins(attribute.type, spec, observed);
  if (typeof binning === 'string') {
    throw new UserError('invalid-arguments', `Cannot bin ${attribute.name} (a ${attribute.type} attribute): ${binning}.`);
  }
  for (const source of scope.sources) {
    const value = values.get(source.id);
    labelOf.set(source.id, (value === undefined ? null : binning.labelOf(value)) ?? NONE_VALUE);
  }
  return { attribute, labels: [...binning.labels, NONE_VALUE], labelOf, bin: describeBinSpec(spec) };
}

/** The columns of a crosstab and each source's column: one attribute, or two nested. */
export type ColumnPlan = Readonly<{
  by: AttributeRow;
  then: AttributeRow | null;
  columns: readonly CrosstabColumn[];
  columnOf: ReadonlyMap<SourceId, string>;
  /** The bins in words, for the About sheet. */
  bins: readonly string[];
}>;

/**
 * Plans the columns: every value of `by` in natural order (or every bin from the lowest to
 * the highest), "(none)" last; nested under `then`, only the combinations that occur.
 */
export function planColumns(
  db: Db,
  scope: Scope,
  options: { by: string; bin: string | null; then?: string | null; thenBin?: string | null },
): ColumnPlan {
  const first = groupBy(db, scope, options.by, options.bin);
  const bins = first.bin ? [`${first.attribute.name}: ${first.bin}`] : [];
  if (!options.then) {
    return {
      by: first.attribute,
      then: null,
      columns: first.labels.map((label) => ({ key: label, values: [label] })),
      columnOf: first.labelOf,
      bins,
    };
  }
  const second = groupBy(db, scope, options.then, options.thenBin ?? null);
  if (second.attribute.id === first.attribute.id) {
    throw new UserError('invalid-arguments', `--then names the same attribute as --by (${first.attribute.name}); choose a second attribute.`);
  }
  if (second.bin) bins.push(`${second.attribute.name}: ${second.bin}`);
  const present = new Set<string>();
  for (const source of scope.sources) {
    present.add(`${first.labelOf.get(source.id)}\u0000${second.labelOf.get(source.id)}`);
  }
  const columns: CrosstabColumn[] = [];
  const keyOf = new Map<string, string>();
  const taken = new Set<string>();
  for (const a of first.labels) {
    for (const b of second.labels) {
      const pair = `${a}\u0000${b}`;
      if (!present.has(pair)) continue;
      // Values holding " / " could make two keys alike; a number keeps them apart.
      let key = nestedKey(a, b);
      for (let copy = 2; taken.has(key); copy += 1) key = `${nestedKey(a, b)} (${copy})`;
      taken.add(key);
      keyOf.set(pair, key);
      columns.push({ key, values: [a, b] });
    }
  }
  const columnOf = new Map<SourceId, string>();
  for (const source of scope.sources) {
    columnOf.set(source.id, keyOf.get(`${first.labelOf.get(source.id)}\u0000${second.labelOf.get(source.id)}`) as string);
  }
  return { by: first.attribute, then: second.attribute, columns, columnOf, bins };
}

/** Parses a query with its schema, turning the first problem into a sentence for the researcher. */
export function parseQuery<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new UserError('invalid-arguments', `The query is not valid (${where}${issue.message}).`);
}
