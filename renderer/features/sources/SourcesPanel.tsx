import { useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { SourceId } from '../../../shared/domain/ids';
import type { SourceSummary } from '../../../shared/domain/types';
import { t } from '../../i18n';
import { useAppStore } from '../../store';
import { ImportPanel } from './ImportPanel';
import { PRIMARY_ATTRIBUTE } from './sourcesSlice';

type Editing = Readonly<{ sourceId: SourceId; name: string }>;

/** Attribute columns: province first, then the project's other attributes, then added ones. */
export function attributeColumns(attributeNames: readonly string[], extra: readonly string[]): string[] {
  const others = attributeNames.filter((name) => name !== PRIMARY_ATTRIBUTE).sort((a, b) => a.localeCompare(b));
  const columns = [PRIMARY_ATTRIBUTE, ...others];
  for (const name of extra) if (!columns.includes(name)) columns.push(name);
  return columns;
}

/** The sources table: open a source, set attribute values in place, import files. */
export function SourcesPanel() {
  const sources = useAppStore((state) => state.sources);
  const attributeNames = useAppStore(useShallow((state) => state.attributes.map((attribute) => attribute.name)));
  const extra = useAppStore((state) => state.extraAttributeColumns);
  const openSourceId = useAppStore((state) => state.openSourceId);
  const { openSource, setAttribute, addAttributeColumn } = useAppStore(
    useShallow((state) => ({
      openSource: state.openSource,
      setAttribute: state.setAttribute,
      addAttributeColumn: state.addAttributeColumn,
    })),
  );
  const [editing, setEditing] = useState<Editing | null>(null);
  const [addingColumn, setAddingColumn] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const [pendingFiles, setPendingFiles] = useState<readonly File[]>([]);

  const columns = useMemo(() => attributeColumns(attributeNames, extra), [attributeNames, extra]);

  return (
    <section className="panel sources" aria-labelledby="sources-title">
      <header className="panel-header">
        <h2 id="sources-title" className="panel-title">
          {t('sources.title')} <span className="muted count">{sources.length}</span>
        </h2>
        <div className="panel-actions">
          <button
            type="button"
            className="button small"
            title={t('sources.importHint')}
            onClick={() => fileInput.current?.click()}
          >
            {t('sources.import')}
          </button>
          <input
            ref={fileInput}
            id="import-files"
            className="visually-hidden"
            type="file"
            multiple
            accept=".txt,.md,text/plain,text/markdown"
            aria-label={t('sources.importHint')}
            tabIndex={-1}
            onChange={(event) => {
              const files = Array.from(event.target.files ?? []);
              event.target.value = '';
              if (files.length > 0) setPendingFiles(files);
            }}
          />
        </div>
      </header>
      <ImportPanel files={pendingFiles} onClose={() => setPendingFiles([])} />
      <div className="panel-body">
        {sources.length === 0 ? (
          <p className="placeholder small">{t('sources.empty')}</p>
        ) : (
          <table className="grid-table" aria-label={t('sources.table')}>
            <thead>
              <tr>
                <th scope="col">{t('sources.col.name')}</th>
                <th scope="col">{t('sources.col.kind')}</th>
                {columns.map((column) => (
                  <th scope="col" key={column}>
                    {column}
                  </th>
                ))}
                <th scope="col" className="num">
                  {t('sources.col.codings')}
                </th>
                <th scope="col" className="add-column">
                  {addingColumn ? (
                    <CellInput
                      initial=""
                      label={t('sources.newAttribute')}
                      onDone={(value) => {
                        setAddingColumn(false);
                        if (value !== null) addAttributeColumn(value);
                      }}
                    />
                  ) : (
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={t('sources.col.addAttribute')}
                      title={t('sources.col.addAttribute')}
                      onClick={() => setAddingColumn(true)}
                    >
                      +
                    </button>
                  )}
                </th>
              </tr>
            </thead>
            <tbody>
              {sources.map((source) => (
                <SourceRow
                  key={source.id}
                  source={source}
                  columns={columns}
                  open={source.id === openSourceId}
                  editing={editing?.sourceId === source.id ? editing.name : null}
                  onOpen={() => void openSource(source.id)}
                  onEdit={(name) => setEditing({ sourceId: source.id, name })}
                  onCommit={(name, value) => {
                    setEditing(null);
                    const before = source.attributes[name] ?? '';
                    if (value !== null && value.trim() !== before) void setAttribute(source.id, name, value);
                  }}
                />
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}

type SourceRowProps = Readonly<{
  source: SourceSummary;
  columns: readonly string[];
  open: boolean;
  editing: string | null;
  onOpen(): void;
  onEdit(name: string): void;
  onCommit(name: string, value: string | null): void;
}>;

function SourceRow({ source, columns, open, editing, onOpen, onEdit, onCommit }: SourceRowProps) {
  return (
    <tr className={open ? 'open' : undefined} aria-current={open ? 'true' : undefined} data-source-name={source.name}>
      <td className="name-cell">
        <button
          type="button"
          className="link-button"
          title={source.name}
          aria-label={t('sources.open', { name: source.name })}
          onClick={onOpen}
        >
          {source.name}
        </button>
      </td>
      <td className="muted">{t(`sources.kind.${source.kind}`)}</td>
      {columns.map((column) => (
        <td key={column} className="attribute-cell" data-attribute={column}>
          {editing === column ? (
            <CellInput
              initial={source.attributes[column] ?? ''}
              label={t('sources.editCell', { attribute: column, source: source.name })}
              onDone={(value) => onCommit(column, value)}
            />
          ) : (
            <button
              type="button"
              className="cell-button"
              aria-label={t('sources.editCell', { attribute: column, source: source.name })}
              onClick={() => onEdit(column)}
            >
              {source.attributes[column] ?? <span className="muted">{t('sources.emptyCell')}</span>}
            </button>
          )}
        </td>
      ))}
      <td className="num muted">{source.codingCount}</td>
      <td />
    </tr>
  );
}

/** A text input inside a cell: Enter or leaving it commits, Escape cancels (null). */
function CellInput({ initial, label, onDone }: { initial: string; label: string; onDone(value: string | null): void }) {
  const [value, setValue] = useState(initial);
  const done = useRef(false);
  const finish = (next: string | null): void => {
    if (done.current) return;
    done.current = true;
    onDone(next);
  };
  return (
    <input
      className="inline-input cell-input"
      aria-label={label}
      value={value}
      autoFocus
      onFocus={(event) => event.currentTarget.select()}
      onChange={(event) => setValue(event.target.value)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') finish(value);
        if (event.key === 'Escape') finish(null);
      }}
      onBlur={() => finish(value)}
    />
  );
}
