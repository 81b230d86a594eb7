import { useId, useMemo, useRef } from 'react';
import { WHERE_OPERATORS, type WhereClause, type WhereOperator } from '../../shared/stats/crosstab';
import { t } from '../i18n';
import { useAppStore } from '../store';
import {
  OPERATOR_TEXT,
  attributeChoices,
  attributeValues,
  filtersStatus,
  isComplete,
  newFilter,
  rowProblem,
} from './attributeFilters';
import './attributeFilters.css';

type Props = Readonly<{
  /** The rows as typed, incomplete ones included (see attributeFilters.ts). */
  rows: readonly WhereClause[];
  /** Every change of the rows; `typing` when it is a keystroke in a value, so a caller may wait for a pause. */
  onChange(rows: readonly WhereClause[], typing: boolean): void;
  /** In a toolbar, rows side by side; in a side column, one under the other. */
  layout: 'inline' | 'stacked';
  /** The element naming the list of rows (the caller's "Filters" label). */
  labelledBy?: string;
}>;

/**
 * The attribute filters of a query (all must hold), the same in Analysis and Retrieval: per
 * row an attribute, a comparison and a value offered from the project's values, and ×. A row
 * in force is tinted; one whose value does not fit its attribute is outlined in red and the
 * line after the rows says why, so a half-typed date is seen, not silently ignored.
 */
export function AttributeFilters({ rows, onChange, layout, labelledBy }: Props) {
  const attributes = useAppStore((state) => state.attributes);
  const sources = useAppStore((state) => state.sources);
  const valuesOf = useMemo(() => attributeValues(attributes, sources), [attributes, sources]);
  const listId = useId();
  // The row just added: its value field takes the focus when it mounts.
  const focusRow = useRef<number | null>(null);
  const status = filtersStatus(attributes, rows);
  const replace = (index: number, patch: Partial<WhereClause>, typing = false): void =>
    onChange(
      rows.map((entry, at) => (at === index ? { ...entry, ...patch } : entry)),
      typing,
    );
  const added = newFilter(attributes, rows);
  const add = (): void => {
    if (added === null) return;
    focusRow.current = rows.length;
    onChange([...rows, added], false);
  };

  return (
    <>
      {rows.length > 0 && (
        <ul className={`attribute-filters ${layout}`} aria-labelledby={labelledBy}>
          {rows.map((row, index) => {
            const problem = rowProblem(attributes, row);
            return (
              // Rows have no identity but their place; removing one re-renders the rest with their values.
              <li key={index} className={isComplete(attributes, row) ? 'attribute-filter applied' : 'attribute-filter'}>
                <select
                  aria-label={t('attributeFilters.attribute')}
                  value={row.attribute}
                  onChange={(event) => replace(index, { attribute: event.target.value })}
                >
                  {attributeChoices(attributes, row).map((name) => (
                    <option key={name} value={name}>
                      {name}
                    </option>
                  ))}
                </select>
                <select
                  className="attribute-filter-op"
                  aria-label={t('attributeFilters.operator')}
                  value={row.op}
                  onChange={(event) => replace(index, { op: event.target.value as WhereOperator })}
                >
                  {WHERE_OPERATORS.map((op) => (
                    <option key={op} value={op}>
                      {OPERATOR_TEXT[op]}
                    </option>
                  ))}
                </select>
                <input
                  ref={(element) => {
                    if (element && focusRow.current === index) {
                      focusRow.current = null;
                      element.focus();
                    }
                  }}
                  className="text-input attribute-filter-value"
                  aria-label={t('attributeFilters.value', { attribute: row.attribute })}
                  list={`${listId}-${index}`}
                  value={row.value}
                  aria-invalid={problem !== null}
                  title={problem ? t(`attributeFilters.problem.${problem}`) : undefined}
                  onChange={(event) => replace(index, { value: event.target.value }, true)}
                />
                <datalist id={`${listId}-${index}`}>
                  {(valuesOf.get(row.attribute) ?? []).map((value) => (
                    <option key={value} value={value} />
                  ))}
                </datalist>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={t('attributeFilters.remove')}
                  title={t('attributeFilters.remove')}
                  onClick={() =>
                    onChange(
                      rows.filter((_, at) => at !== index),
                      false,
                    )
                  }
                >
                  ×
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <button
        type="button"
        className="button small quiet"
        disabled={added === null}
        title={added === null ? t('attributeFilters.noAttributes') : t('attributeFilters.addHint')}
        onClick={add}
      >
        {t('attributeFilters.add')}
      </button>
      {status.kind !== 'complete' && (
        <span className={status.kind === 'problem' ? 'error-text small' : 'muted small'} role="status">
          {status.kind === 'problem'
            ? t(`attributeFilters.problem.${status.problem}`)
            : t('attributeFilters.incomplete')}
        </span>
      )}
    </>
  );
}
