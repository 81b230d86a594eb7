import type { z } from 'zod';
import type { CodeId, SourceId } from '../../../shared/domain/ids';
import { orderCodebook } from '../../../shared/domain/codebook';
import { computeCooccurrence, type CooccurrenceCoding } from '../../../shared/stats/cooccurrence';
import { cooccurrenceAbout, type CooccurrenceReport } from '../../../shared/format/cooccurrence';
import { cooccurrenceQuerySchema } from '../../../shared/format/query';
import type { ProjectSession } from '../session';
import { aboutEntries } from './about';
import { checkCodeIds, codeNodes, parseQuery, planColumns, resolveScope } from './scope';

/** Every coding in scope as (code, source, start, end), by one coder or all. */
function scopedCodings(session: ProjectSession, coderId: string | null, sourceIds: ReadonlySet<SourceId>): CooccurrenceCoding[] {
  const filter = coderId === null ? '' : 'WHERE coder_id = ?';
  const rows = session.db
    .prepare(`SELECT code_id, source_id, start, end FROM codings ${filter}`)
    .raw()
    .all(...(coderId === null ? [] : [coderId])) as [CodeId, SourceId, number, number][];
  const codings: CooccurrenceCoding[] = [];
  for (const [codeId, sourceId, start, end] of rows) {
    if (sourceIds.has(sourceId)) codings.push({ codeId, sourceId, start, end });
  }
  return codings;
}

/**
 * Code co-occurrence: for each pair of codes, the passages (pairs of codings in one source)
 * where they overlap, one lies inside the other, or both cover the same range — for all
 * sources in scope, or one matrix per value of an attribute.
 */
export function cooccurrence(session: ProjectSession, input: z.input<typeof cooccurrenceQuerySchema>): CooccurrenceReport {
  const query = parseQuery(cooccurrenceQuerySchema, input);
  const { db } = session;
  checkCodeIds(db, query.codeIds);
  const scope = resolveScope(session, query);
  const codes = codeNodes(db);
  let groups: string[] = ['all'];
  let groupOf = new Map<SourceId, string>(scope.sources.map((source) => [source.id, 'all']));
  let by: string | null = null;
  let bins: readonly string[] = [];
  if (query.by) {
    const plan = planColumns(db, scope, { by: query.by, bin: query.bin });
    by = plan.by.name;
    bins = plan.bins;
    groupOf = new Map(plan.columnOf);
    // A value without sources in scope would only add an empty matrix.
    const used = new Set(groupOf.values());
    groups = plan.columns.map((column) => column.key).filter((key) => used.has(key));
  }
  const result = computeCooccurrence({
    codes,
    rows: query.codeIds as CodeId[] | null,
    relation: query.relation,
    unit: query.unit,
    codings: scopedCodings(session, scope.coder?.id ?? null, scope.sourceIds),
    groupOf,
    groups,
  });
  let codePaths: string[] | null = null;
  if (query.codeIds) {
    const pathOf = new Map(orderCodebook(codes).map((entry) => [entry.code.id as string, entry.path]));
    // In codebook order, as the rows are.
    const wanted = new Set<string>(query.codeIds);
    codePaths = [...pathOf].filter(([id]) => wanted.has(id)).map(([, path]) => path);
  }
  const report: Omit<CooccurrenceReport, 'about'> = {
    query,
    by,
    coder: scope.coder?.name ?? null,
    codes: codePaths,
    where: scope.where,
    bins,
    sourceCount: scope.sources.length,
    result,
  };
  return { ...report, about: aboutEntries(session, cooccurrenceAbout(report), query) };
}
