import type { CodeId } from '../../../shared/domain/ids';
import { computeCrosstab, crosstabPercentages, type CrosstabResult } from '../../../shared/stats/crosstab';
import { crosstabAbout, type CrosstabReport } from '../../../shared/format/crosstab';
import { crosstabQuerySchema, type CrosstabQuery } from '../../../shared/format/query';
import type { z } from 'zod';
import { UserError } from '../../util/errors';
import type { ProjectSession } from '../session';
import { aboutEntries } from './about';
import { characterInfo, checkCodeIds, codeNodes, codeSourceCells, parseQuery, planColumns, resolveScope, type ColumnPlan, type Scope } from './scope';
import { orderCodebook } from '../../../shared/domain/codebook';

/** The computed crosstab with the plan behind it, before any formatting. */
export type CrosstabRun = Readonly<{ scope: Scope; plan: ColumnPlan; result: CrosstabResult; codePaths: string[] | null }>;

/** Runs the crosstab's SQL and the pure computation; no About, no percentages. */
export function runCrosstab(session: ProjectSession, query: CrosstabQuery): CrosstabRun {
  const { db } = session;
  if (query.percent && query.unit === 'coverage') {
    throw new UserError('invalid-arguments', 'Coverage is already a percentage; ask for row or column % of segments, documents or characters.');
  }
  checkCodeIds(db, query.codeIds);
  const scope = resolveScope(session, query);
  const plan = planColumns(db, scope, query);
  const codes = codeNodes(db);
  const characters = query.unit === 'characters' || query.unit === 'coverage';
  const info = characters ? characterInfo(db) : null;
  const result = computeCrosstab({
    codes,
    rows: query.codeIds as CodeId[] | null,
    rollup: query.rollup,
    unit: query.unit,
    columns: plan.columns,
    sources: scope.sources.map((source) => ({
      id: source.id,
      column: plan.columnOf.get(source.id) as string,
      length: info?.get(source.id)?.length ?? 0,
      astral: info?.get(source.id)?.astral,
    })),
    cells: codeSourceCells(db, { coderId: scope.coder?.id ?? null, ranges: characters }),
  });
  let codePaths: string[] | null = null;
  if (query.codeIds) {
    const pathOf = new Map(orderCodebook(codes).map((entry) => [entry.code.id, entry.path]));
    // In codebook order, as the rows are.
    const wanted = new Set<string>(query.codeIds);
    codePaths = [...pathOf].filter(([id]) => wanted.has(id)).map(([, path]) => path);
  }
  return { scope, plan, result, codePaths };
}

/**
 * A crosstab of codes × the values of an attribute (or two, nested), in any unit, with row
 * or column percentages and filters (DESIGN.md §6) — what the UI, the CLI and every export show.
 */
export function crosstab(session: ProjectSession, input: z.input<typeof crosstabQuerySchema>): CrosstabReport {
  const query = parseQuery(crosstabQuerySchema, input);
  const { scope, plan, result, codePaths } = runCrosstab(session, query);
  const report: Omit<CrosstabReport, 'about'> = {
    query,
    by: plan.by.name,
    then: plan.then?.name ?? null,
    coder: scope.coder?.name ?? null,
    codes: codePaths,
    where: scope.where,
    bins: plan.bins,
    result,
    percent: query.percent ? crosstabPercentages(result, query.percent) : null,
  };
  return { ...report, about: aboutEntries(session, crosstabAbout(report), query) };
}
