import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { t } from '../../i18n';
import { AttributeFilters } from '../../lib/AttributeFilters';
import { useAppStore } from '../../store';

/**
 * The attribute filters of the retrieval query (all must hold), drawn by the row Analysis uses
 * too, so that `year ≥ 2022` and `year ≤ 2023` together make a range. A value being typed stays
 * in its row until it is complete; the slice retrieves again once the typing pauses.
 */
export function RetrievalFilters() {
  const { filters, coder } = useAppStore(
    useShallow((s) => ({ filters: s.retrievalQuery.filters, coder: s.retrievalQuery.coder })),
  );
  const setFilters = useAppStore((s) => s.setRetrievalFilters);
  const setQuery = useAppStore((s) => s.setRetrievalQuery);
  const labelId = useId();

  return (
    <div
      className="toolbar retrieval-filters"
      role="group"
      aria-labelledby={labelId}
      title={t('retrieval.filtersHint')}
    >
      <span className="toolbar-label" id={labelId}>
        {t('retrieval.filters')}
      </span>
      <AttributeFilters rows={filters} onChange={setFilters} layout="inline" labelledBy={labelId} />
      {(filters.length > 0 || coder !== null) && (
        <button type="button" className="button small quiet" onClick={() => setQuery({ filters: [], coder: null })}>
          {t('retrieval.clearFilters')}
        </button>
      )}
    </div>
  );
}
