import { useId, useMemo, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { WHERE_OPERATORS, type WhereClause, type WhereOperator } from '../../../shared/stats/crosstab';
import { t } from '../../i18n';
import { useAppStore } from '../../store';
import { whereProblem } from '../analysis/queryModel';
import { sendableFilters } from './retrievalSlice';

/** The six comparisons as the Analysis tab writes them. */
const OPERATOR_TEXT: Readonly<Record<WhereOperator, string>> = {
  '=': '=',
  '!=': '≠',
  '<': '<',
  '<=': '≤',
  '>': '>',
  '>=': '≥',
};

/**
 * The attribute filters of the retrieval query (all must hold): one row per filter, an
 * attribute, a comparison and a value, so that `year ≥ 2022` and `year ≤ 2023` together make
 * a range. A value being typed stays in its row until it is complete and fits the attribute's
 * type; only then does it filter (see retrievalSlice's `sendableFilters`).
 */
export function RetrievalFilters() {
  const { attributes, sources, filters, coder } = useAppStore(
    useShallow((s) => ({
      attributes: s.attributes,
      sources: s.sources,
      filters: s.retrievalQuery.filters,
      coder: s.retrievalQuery.coder,
    })),
  );
  const setFilters = useAppStore((s) => s.setRetrievalFilters);
  const setQuery = useAppStore((s) => s.setRetrievalQuery);
  const listId = useId();
  // The row just added: its value field takes the focus when it mounts.
  const focusRow = useRef<number | null>(null);
  const names = attributes.map((attribute) => attribute.name);

  // The values each attribute takes in the project, offered as the value is typed.
  const valuesOf = useMemo(() => {
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
  }, [attributes, sources]);

  const complete = sendableFilters(attributes, filters).length;
  const replace = (index: number, patch: Partial<WhereClause>, typing = false): void =>
    setFilters(
      filters.map((entry, at) => (at === index ? { ...entry, ...patch } : entry)),
      typing,
    );
  const add = (): void => {
    // The first attribute not filtered yet (or the first one again, for a range).
    const used = new Set(filters.map((clause) => clause.attribute));
    const attribute = names.find((name) => !used.has(name)) ?? names[0];
    focusRow.current = filters.length;
    setFilters([...filters, { attribute, op: '=', value: '' }]);
  };
  const problems = filters
    .map((row) => (row.value.trim() === '' ? null : whereProblem(attributes, row)))
    .filter((problem) => problem !== null);

  return (
    <div
      className="toolbar retrieval-filters"
      role="group"
      aria-label={t('retrieval.filters')}
      title={t('retrieval.filtersHint')}
    >
      <span className="toolbar-label">{t('retrieval.filters')}</span>
      {filters.map((row, index) => {
        const problem = row.value.trim() === '' ? null : whereProblem(attributes, row);
        const applied = row.value.trim() !== '' && problem === null;
        return (
          // Rows have no identity but their place; removing one re-renders the rest with their values.
          <span key={index} className={applied ? 'retrieval-filter applied' : 'retrieval-filter'}>
            <select
              aria-label={t('retrieval.filter.attribute')}
              value={row.attribute}
              onChange={(event) => replace(index, { attribute: event.target.value })}
            >
              {(names.includes(row.attribute) ? names : [...names, row.attribute]).map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
            <select
              className="retrieval-filter-op"
              aria-label={t('retrieval.filter.operator')}
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
              className="text-input retrieval-filter-value"
              aria-label={t('retrieval.filter.value', { attribute: row.attribute })}
              list={`${listId}-${index}`}
              value={row.value}
              aria-invalid={problem !== null}
              title={problem ? t(`retrieval.filter.problem.${problem}`) : undefined}
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
              aria-label={t('retrieval.filter.remove')}
              title={t('retrieval.filter.remove')}
              onClick={() => setFilters(filters.filter((_, at) => at !== index))}
            >
              ×
            </button>
          </span>
        );
      })}
      <button type="button" className="button small quiet" title={t('retrieval.filter.addHint')} onClick={add}>
        {t('retrieval.filter.add')}
      </button>
      {filters.length > complete && (
        <span className={problems.length > 0 ? 'error-text small' : 'muted small'} role="status">
          {problems.length > 0 ? t(`retrieval.filter.problem.${problems[0]}`) : t('retrieval.filter.incomplete')}
        </span>
      )}
      {(filters.length > 0 || coder !== null) && (
        <button type="button" className="button small quiet" onClick={() => setQuery({ filters: [], coder: null })}>
          {t('retrieval.clearFilters')}
        </button>
      )}
    </div>
  );
}
