import { useEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { SourceId } from '../../../shared/domain/ids';
import type { SourceSummary } from '../../../shared/domain/types';
import { t } from '../../i18n';
import { isEditableTarget, isPrimaryModifier } from '../../lib/keys';
import { useAppStore, useAppStoreApi } from '../../store';
import { ImportDialog, dragHasFiles, droppedFiles, pickedFromInput } from './ImportDialog';
import { PRIMARY_ATTRIBUTE } from './sourcesSlice';

type Editing = Readonly<{ sourceId: SourceId; name: string }>;
type Cell = Readonly<{ row: number; column: number }>;

/** Ctrl/Cmd+Shift+O opens the import dialog (the menu's Import… accelerator; Ctrl+O opens a project). */
function useImportShortcut(): void {
  const store = useAppStoreApi();
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (!isPrimaryModifier(event) || !event.shiftKey || event.altKey || event.code !== 'KeyO') return;
      if (isEditableTarget(event.target)) return;
      const state = store.getState();
      if (state.phase !== 'workspace') return;
      event.preventDefault();
      state.openImportDialog();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
}

/** The element a grid cell hands the focus to: its button, else the cell itself. */
function focusTarget(cell: Element): HTMLElement | null {
  return (cell.querySelector('button') as HTMLElement | null) ?? (cell as HTMLElement);
}

/**
 * Arrow keys between the cells of the sources grid (one tab stop for the whole table, as the
 * ARIA grid pattern asks): ↑ ↓ rows, ← → columns, Home/End ends of the row (with Ctrl: of the
 * table), F2 edits an attribute cell. Returns the cell to move to, or null for other keys.
 */
export function gridMove(key: string, ctrl: boolean, from: Cell, rows: number, columns: number): Cell | null {
  const clamp = (cell: Cell): Cell => ({
    row: Math.max(0, Math.min(rows - 1, cell.row)),
    column: Math.max(0, Math.min(columns - 1, cell.column)),
  });
  switch (key) {
    case 'ArrowDown':
      return clamp({ ...from, row: from.row + 1 });
    case 'ArrowUp':
      return clamp({ ...from, row: from.row - 1 });
    case 'ArrowRight':
      return clamp({ ...from, column: from.column + 1 });
    case 'ArrowLeft':
      return clamp({ ...from, column: from.column - 1 });
    case 'Home':
      return clamp(ctrl ? { row: 0, column: 0 } : { ...from, column: 0 });
    case 'End':
      return clamp(ctrl ? { row: rows - 1, column: columns - 1 } : { ...from, column: columns - 1 });
    case 'PageDown':
      return clamp({ ...from, row: from.row + 10 });
    case 'PageUp':
      return clamp({ ...from, row: from.row - 10 });
    default:
      return null;
  }
}

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
  const { openSource, setAttribute, addAttributeColumn, openImportDialog } = useAppStore(
    useShallow((state) => ({
      openSource: state.openSource,
      setAttribute: state.setAttribute,
      addAttributeColumn: state.addAttributeColumn,
      openImportDialog: state.openImportDialog,
    })),
  );
  const importDialogOpen = useAppStore((state) => state.importDialogOpen);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [addingColumn, setAddingColumn] = useState(false);
  const [dragging, setDragging] = useState(false);
  useImportShortcut();
  const [activeCell, setActiveCell] = useState<Cell>({ row: 0, column: 0 });
  const bodyRef = useRef<HTMLTableSectionElement>(null);

  const columns = useMemo(() => attributeColumns(attributeNames, extra), [attributeNames, extra]);
  // Name, kind, the attributes, codings.
  const columnCount = columns.length + 3;
  const active: Cell = {
    row: Math.min(activeCell.row, Math.max(0, sources.length - 1)),
    column: Math.min(activeCell.column, columnCount - 1),
  };

  const cellAt = (cell: Cell): Element | null =>
    bodyRef.current?.querySelector(`tr[data-row="${cell.row}"] > [data-column="${cell.column}"]`) ?? null;
  const cellOf = (target: EventTarget | null): Cell | null => {
    const element = (target as Element | null)?.closest?.('[data-column]');
    const row = element?.closest('tr')?.getAttribute('data-row');
    if (!element || row === null || row === undefined) return null;
    return { row: Number(row), column: Number(element.getAttribute('data-column')) };
  };
  const onGridKeyDown = (event: ReactKeyboardEvent<HTMLTableSectionElement>): void => {
    if (editing || (event.target as Element).closest('input')) return;
    const from = cellOf(event.target);
    if (!from) return;
    if (event.key === 'F2') {
      (cellAt(from)?.querySelector('.cell-button') as HTMLElement | null)?.click();
      event.preventDefault();
      return;
    }
    const next = gridMove(event.key, event.ctrlKey || event.metaKey, from, sources.length, columnCount);
    if (!next) return;
    event.preventDefault();
    setActiveCell(next);
    const cell = cellAt(next);
    if (cell) focusTarget(cell)?.focus();
  };

  return (
    <section
      className={dragging ? 'panel sources import-dropping' : 'panel sources'}
      aria-labelledby="sources-title"
      onDragOver={(event) => {
        if (!dragHasFiles(event) || importDialogOpen) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
        setDragging(true);
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={(event) => {
        if (!dragHasFiles(event) || importDialogOpen) return;
        event.preventDefault();
        setDragging(false);
        openImportDialog();
        void droppedFiles(event).then((picked) => openImportDialog(picked));
      }}
    >
      <header className="panel-header">
        <h2 id="sources-title" className="panel-title">
          {t('sources.title')} <span className="muted count">{sources.length}</span>
        </h2>
        <div className="panel-actions">
          <button
            type="button"
            className="button small"
            title={t('importDialog.openHint')}
            aria-haspopup="dialog"
            onClick={() => openImportDialog()}
          >
            {t('importDialog.open')}
          </button>
          {/* The menu's Import… command clicks this input (App.tsx), and tests hand it files
              directly: either way the dialog opens, with any files given. */}
          <input
            id="import-files"
            className="visually-hidden"
            type="file"
            multiple
            aria-label={t('importDialog.addFiles')}
            tabIndex={-1}
            onClick={(event) => {
              event.preventDefault();
              openImportDialog();
            }}
            onChange={(event) => {
              const picked = pickedFromInput(event.target.files);
              event.target.value = '';
              openImportDialog(picked);
            }}
          />
        </div>
      </header>
      {importDialogOpen && <ImportDialog />}
      {dragging && (
        <div className="import-panel-drop" aria-hidden="true">
          {t('importDialog.dropHere')}
        </div>
      )}
      <div className="panel-body">
        {sources.length === 0 ? (
          <p className="placeholder small">{t('importDialog.emptySources')}</p>
        ) : (
          <table
            className="grid-table"
            role="grid"
            aria-label={t('sources.table')}
            aria-rowcount={sources.length + 1}
            aria-colcount={columnCount}
          >
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
            <tbody
              ref={bodyRef}
              onKeyDown={onGridKeyDown}
              onFocus={(event) => {
                const cell = cellOf(event.target);
                if (cell && (cell.row !== active.row || cell.column !== active.column)) setActiveCell(cell);
              }}
            >
              {sources.map((source, row) => (
                <SourceRow
                  key={source.id}
                  row={row}
                  activeColumn={row === active.row ? active.column : null}
                  source={source}
                  columns={columns}
                  open={source.id === openSourceId}
                  editing={editing?.sourceId === source.id ? editing.name : null}
                  onOpen={() => void openSource(source.id)}
                  onEdit={(name) => setEditing({ sourceId: source.id, name })}
                  onCommit={(name, value, byKey) => {
                    setEditing(null);
                    if (byKey) {
                      requestAnimationFrame(() => {
                        const cell = cellAt(active);
                        if (cell) focusTarget(cell)?.focus();
                      });
                    }
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
  row: number;
  /** The column holding the grid's one tab stop, when it is in this row. */
  activeColumn: number | null;
  source: SourceSummary;
  columns: readonly string[];
  open: boolean;
  editing: string | null;
  onOpen(): void;
  onEdit(name: string): void;
  onCommit(name: string, value: string | null, byKey: boolean): void;
}>;

function SourceRow({ row, activeColumn, source, columns, open, editing, onOpen, onEdit, onCommit }: SourceRowProps) {
  const tab = (column: number): 0 | -1 => (activeColumn === column ? 0 : -1);
  const codingsColumn = columns.length + 2;
  return (
    <tr
      className={open ? 'open' : undefined}
      aria-rowindex={row + 2}
      aria-selected={open}
      data-row={row}
      data-source-name={source.name}
    >
      <td className="name-cell" data-column={0}>
        <button
          type="button"
          className="link-button"
          tabIndex={tab(0)}
          title={source.name}
          aria-label={t('sources.open', { name: source.name })}
          aria-current={open ? 'true' : undefined}
          onClick={onOpen}
        >
          {source.name}
        </button>
      </td>
      <td className="muted" data-column={1} tabIndex={tab(1)}>
        {t(`sources.kind.${source.kind}`)}
      </td>
      {columns.map((column, index) => (
        <td key={column} className="attribute-cell" data-attribute={column} data-column={index + 2}>
          {editing === column ? (
            <CellInput
              initial={source.attributes[column] ?? ''}
              label={t('sources.editCell', { attribute: column, source: source.name })}
              onDone={(value, byKey) => onCommit(column, value, byKey)}
            />
          ) : (
            <button
              type="button"
              className="cell-button"
              tabIndex={tab(index + 2)}
              aria-label={t('sources.editCell', { attribute: column, source: source.name })}
              onClick={() => onEdit(column)}
            >
              {source.attributes[column] ?? <span className="muted">{t('sources.emptyCell')}</span>}
            </button>
          )}
        </td>
      ))}
      <td className="num muted" data-column={codingsColumn} tabIndex={tab(codingsColumn)}>
        {source.codingCount}
      </td>
      <td aria-hidden="true" />
    </tr>
  );
}

/** A text input inside a cell: Enter or leaving it commits, Escape cancels (null). */
function CellInput({
  initial,
  label,
  onDone,
}: {
  initial: string;
  label: string;
  /** `byKey`: finished with Enter or Escape (the focus goes back to the cell), not by leaving it. */
  onDone(value: string | null, byKey: boolean): void;
}) {
  const [value, setValue] = useState(initial);
  const done = useRef(false);
  const finish = (next: string | null, byKey: boolean): void => {
    if (done.current) return;
    done.current = true;
    onDone(next, byKey);
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
        if (event.key === 'Enter') finish(value, true);
        if (event.key === 'Escape') {
          // Escape cancels the edit only; it must not also deselect a coding in the document.
          event.stopPropagation();
          finish(null, true);
        }
      }}
      onBlur={() => finish(value, false)}
    />
  );
}
