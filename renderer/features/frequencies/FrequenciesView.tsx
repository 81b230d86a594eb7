import { useEffect, useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { FREQUENCY_UNITS, type FrequencyTable, type FrequencyUnit } from '../../../shared/domain/types';
import { ALL_COLUMN, NONE_COLUMN } from '../../../shared/stats/frequencies';
import { formatNumber, t } from '../../i18n';
import { downloadText } from '../../lib/files';
import { useAppStore } from '../../store';
import { attributeColumns } from '../sources/SourcesPanel';

/** Share as a percentage with one decimal ("12.5 %"); the backend gives shares as 0–1. */
export function formatShare(share: number | undefined): string {
  return `${((share ?? 0) * 100).toFixed(1)} %`;
}

/** The codes × attribute table, laid out from `frequencies:get` exactly as the backend counted it. */
export function FrequenciesView() {
  const { by, unit, coder, table, loading, coders } = useAppStore(
    useShallow((state) => ({
      by: state.frequencyBy,
      unit: state.frequencyUnit,
      coder: state.frequencyCoder,
      table: state.frequencyTable,
      loading: state.frequencyLoading,
      coders: state.coders,
    })),
  );
  const attributeNames = useAppStore(useShallow((state) => state.attributes.map((attribute) => attribute.name)));
  const extra = useAppStore((state) => state.extraAttributeColumns);
  const colors = useAppStore(
    useShallow((state) => Object.fromEntries(state.codes.map((code) => [code.id, code.color]))),
  );
  const { setBy, setUnit, setCoder, exportCsv, load } = useAppStore(
    useShallow((state) => ({
      setBy: state.setFrequencyBy,
      setUnit: state.setFrequencyUnit,
      setCoder: state.setFrequencyCoder,
      exportCsv: state.exportFrequencies,
      load: state.loadFrequencies,
    })),
  );
  const notify = useAppStore((state) => state.notify);
  const byId = useId();
  const coderId = useId();

  useEffect(() => {
    void load();
  }, [load]);

  const attributes = attributeColumns(attributeNames, extra);
  const onExport = async (): Promise<void> => {
    const file = await exportCsv();
    if (!file) return;
    downloadText(file.fileName, file.content);
    notify('info', t('frequencies.exported', { file: file.fileName }));
  };

  return (
    <section className="frequencies" aria-label={t('frequencies.title')}>
      <header className="toolbar">
        <h2 className="toolbar-title">{t('frequencies.title')}</h2>
        <label htmlFor={byId} className="toolbar-label">
          {t('frequencies.by')}
        </label>
        <select id={byId} value={by} onChange={(event) => setBy(event.target.value)}>
          {attributes.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <span className="toolbar-label" id={`${byId}-unit`}>
          {t('frequencies.unit')}
        </span>
        <div className="segmented" role="radiogroup" aria-labelledby={`${byId}-unit`}>
          {FREQUENCY_UNITS.map((option) => (
            <button
              key={option}
              type="button"
              role="radio"
              aria-checked={unit === option}
              className={unit === option ? 'segment active' : 'segment'}
              onClick={() => setUnit(option)}
            >
              {t(`frequencies.unit.${option}`)}
            </button>
          ))}
        </div>
        <label htmlFor={coderId} className="toolbar-label">
          {t('frequencies.coder')}
        </label>
        <select id={coderId} value={coder ?? ''} onChange={(event) => setCoder(event.target.value || null)}>
          <option value="">{t('frequencies.allCoders')}</option>
          {coders.map((entry) => (
            <option key={entry.id} value={entry.name}>
              {entry.name}
            </option>
          ))}
        </select>
        <span className="toolbar-spacer" />
        <button type="button" className="button small" onClick={() => void onExport()} disabled={!table}>
          {t('frequencies.export')}
        </button>
      </header>
      <p className="explain muted">{t(`frequencies.explain.${unit}`)}</p>
      <div className="table-scroller" aria-busy={loading}>
        {table ? (
          <FrequencyGrid table={table} colors={colors} stale={loading} />
        ) : (
          <p className="placeholder">{t('frequencies.loading')}</p>
        )}
      </div>
    </section>
  );
}

type FrequencyGridProps = Readonly<{ table: FrequencyTable; colors: Readonly<Record<string, string>>; stale: boolean }>;

function columnLabel(column: string): string {
  return column === NONE_COLUMN ? t('frequencies.none') : column;
}

function FrequencyGrid({ table, colors, stale }: FrequencyGridProps) {
  const characters = table.unit === 'characters';
  const unitLabel = t(`frequencies.unit.${table.unit as FrequencyUnit}`);
  const cell = (value: number | undefined, share?: number) => (
    <>
      <span className="value">{formatNumber(value ?? 0)}</span>
      {characters && <span className="share">{formatShare(share)}</span>}
    </>
  );
  return (
    <table className={stale ? 'freq-table stale' : 'freq-table'} data-unit={table.unit} data-by={table.by}>
      <caption className="visually-hidden">{t('frequencies.caption', { by: table.by, unit: unitLabel })}</caption>
      <thead>
        <tr>
          <th scope="col" className="code-col">
            {t('frequencies.code')}
          </th>
          {table.columns.map((column) => (
            <th scope="col" key={column} className="num" data-column={column}>
              {columnLabel(column)}
            </th>
          ))}
          <th scope="col" className="num total-col">
            {t('frequencies.total')}
          </th>
        </tr>
      </thead>
      <tbody>
        {table.rows.length === 0 && (
          <tr>
            <td colSpan={table.columns.length + 2} className="placeholder small">
              {t('frequencies.empty')}
            </td>
          </tr>
        )}
        {table.rows.map((row) => {
          const name = row.code.split('/').pop() ?? row.code;
          return (
            <tr key={row.codeId} data-code={row.code} className={row.depth === 0 ? 'root-row' : undefined}>
              <th scope="row" className="code-col" title={row.code} style={{ paddingLeft: 8 + row.depth * 18 }}>
                <span className="swatch" style={{ background: colors[row.codeId] ?? '#888' }} />
                {name}
              </th>
              {table.columns.map((column) => (
                <td key={column} className={row.values[column] ? 'num' : 'num zero'} data-column={column}>
                  {cell(row.values[column], row.coverage?.[column])}
                </td>
              ))}
              <td className="num total-col" data-column={ALL_COLUMN}>
                {/* The backend gives no coverage for a row's total, and the renderer computes none (STYLE.md 8). */}
                <span className="value">{formatNumber(row.total)}</span>
              </td>
            </tr>
          );
        })}
      </tbody>
      <tfoot>
        <tr data-code={ALL_COLUMN}>
          <th scope="row" className="code-col">
            {t('frequencies.allCodes')}
          </th>
          {table.columns.map((column) => (
            <td key={column} className="num" data-column={column}>
              {cell(table.totals[column], table.totalsCoverage?.[column])}
            </td>
          ))}
          <td className="num total-col" data-column={ALL_COLUMN}>
            {cell(table.totals[ALL_COLUMN], table.totalsCoverage?.[ALL_COLUMN])}
          </td>
        </tr>
      </tfoot>
    </table>
  );
}
