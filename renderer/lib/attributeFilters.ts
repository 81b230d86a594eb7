import type { Attribute, SourceSummary } from '../../shared/domain/types';
import { whereValueProblem, type WhereClause, type WhereOperator } from '../../shared/stats/crosstab';

/**
 * The model of the attribute filters (`year ≥ 2022`, `province = Zhejiang`) that Analysis and
 * Retrieval both offer, drawn by AttributeFilters.tsx. Rows are kept as the researcher types
 * them; only the complete ones (a value, and one that fits the attribute's type) are sent, so a
 * half-typed date never runs a query.
 */

/** The six comparisons as they are shown. */
export const OPERATOR_TEXT: Readonly<Record<WhereOperator, string>> = {
  '=': '=',
  '!=': '≠',
  '<': '<',
  '<=': '≤',
  '>': '>',
  '>=': '≥',
};

/** Why a value does not fit its attribute; each is a message `attributeFilters.problem.<problem>`. */
export type FilterProblem = 'number' | 'date';

/** Why a filter value does not fit its attribute's type (text takes anything), or null. */
export function whereProblem(attributes: readonly Attribute[], clause: WhereClause): FilterProblem | null {
  const type = attributes.find((attribute) => attribute.name === clause.attribute)?.type ?? 'text';
  if (whereValueProblem(type, clause.value) === null) return null;
  return type === 'number' ? 'number' : 'date';
}

/** A row's problem as the row shows it: none while its value is still empty. */
export function rowProblem(attributes: readonly Attribute[], row: WhereClause): FilterProblem | null {
  return row.value.trim() === '' ? null : whereProblem(attributes, row);
}

/** Whether a row filters: a value typed, and one that fits the attribute's type. */
export function isComplete(attributes: readonly Attribute[], row: WhereClause): boolean {
  return row.value.trim() !== '' && whereProblem(attributes, row) === null;
}

/** The rows that can be sent, trimmed: `year ≥ 2022 ` and `year ≥ 2022` are the same query. */
export function sendableFilters(attributes: readonly Attribute[], rows: readonly WhereClause[]): WhereClause[] {
  return rows
    .filter((row) => isComplete(attributes, row))
    .map((row) => ({ attribute: row.attribute, op: row.op, value: row.value.trim() }));
}

/**
 * What the line under the rows says: nothing when every row filters, else the first row's
 * problem (in red) or, when rows only lack a value, that they are not applied yet.
 */
export type FiltersStatus = Readonly<
  { kind: 'complete' } | { kind: 'incomplete' } | { kind: 'problem'; problem: FilterProblem }
>;

export function filtersStatus(attributes: readonly Attribute[], rows: readonly WhereClause[]): FiltersStatus {
  for (const row of rows) {
    const problem = rowProblem(attributes, row);
    if (problem !== null) return { kind: 'problem', problem };
  }
  return rows.every((row) => isComplete(attributes, row)) ? { kind: 'complete' } : { kind: 'incomplete' };
}

/** The values each attribute takes in the project's sources, in natural order (2, 10, 2019), offered as a value is typed. */
export function attributeValues(
  attributes: readonly Attribute[],
  sources: readonly Pick<SourceSummary, 'attributes'>[],
): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const attribute of attributes) {
    const values = new Set<string>();
    for (const source of sources) {
      const value = source.attributes[attribute.name];
      if (value !== undefined && value !== '') values.add(value);
    }
    result.set(
      attribute.name,
      [...values].sort((a, b) => a.localeCompare(b, undefined, { numeric: true })),
    );
  }
  return result;
}

/**
 * The row "+ Filter" adds: on the first attribute not filtered yet, else the first one again
 * (a second row on `year` makes a range); null when the project has no attributes.
 */
export function newFilter(attributes: readonly Attribute[], rows: readonly WhereClause[]): WhereClause | null {
  if (attributes.length === 0) return null;
  const used = new Set(rows.map((row) => row.attribute));
  const attribute = attributes.find((entry) => !used.has(entry.name)) ?? attributes[0];
  return { attribute: attribute.name, op: '=', value: '' };
}

/** The attributes a row's select offers: the project's, plus the row's own if it is gone (a saved query's). */
export function attributeChoices(attributes: readonly Attribute[], row: WhereClause): string[] {
  const names = attributes.map((attribute) => attribute.name);
  return names.includes(row.attribute) ? names : [...names, row.attribute];
}
