import type { FrequencyTable, FrequencyUnit } from '../../shared/domain/types';
import { frequencyTableOf } from '../../shared/stats/frequencies';
import { runCrosstab } from './analysis/crosstab';
import type { ProjectSession } from './session';

export type FrequencyQuery = Readonly<{ by: string; unit: FrequencyUnit; coder?: string | null }>;

/**
 * Code frequencies by an attribute (DESIGN.md §6), for the UI, the CLI and every export: the
 * crosstab of every code, rolled up, by one attribute, in the foundation issue's shape. SQL
 * groups 200,000 codings into code × source cells; the pure crosstab rolls them up.
 */
export function frequencies(session: ProjectSession, query: FrequencyQuery): FrequencyTable {
  const { plan, scope, result } = runCrosstab(session, {
    kind: 'crosstab',
    by: query.by,
    then: null,
    bin: null,
    thenBin: null,
    codeIds: null,
    rollup: true,
    unit: query.unit,
    percent: null,
    where: [],
    coder: query.coder ?? null,
  });
  return frequencyTableOf(plan.by.name, scope.coder?.name ?? null, result);
}
