import {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent as ReactKeyboardEvent,
  type ReactNode,
} from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { CodeId } from '../../../shared/domain/ids';
import type { Code } from '../../../shared/domain/types';
import { ConfirmDialog } from '../../app/ConfirmDialog';
import { t, tn } from '../../i18n';
import { useAppStore, useAppStoreApi } from '../../store';
import { isEditableTarget } from '../../lib/keys';
import { clearDomSelection } from '../document/selection';
import { descendantCodes, insertionIndex, parentsOf, visibleCodes } from './codeTree';
import { PalettePopover } from './PalettePopover';
import { shortcutKeys } from './recentCodes';

type Adding = Readonly<{ parentId: CodeId | null }>;

/** The codebook tree: apply, add, rename, recolour and delete codes. */
export function CodebookPanel() {
  const store = useAppStoreApi();
  const codes = useAppStore((state) => state.codes);
  const collapsed = useAppStore((state) => state.collapsedCodes);
  const selectedCodeId = useAppStore((state) => state.selectedCodeId);
  const recent = useAppStore((state) => state.recentCodeIds);
  const focusRequest = useAppStore((state) => state.codeFocusRequest);
  const actions = useAppStore(
    useShallow((state) => ({
      selectCode: state.selectCode,
      toggle: state.toggleCodeCollapsed,
      createCode: state.createCode,
      updateCode: state.updateCode,
      deleteCode: state.deleteCode,
    })),
  );

  const [adding, setAdding] = useState<Adding | null>(null);
  const [renamingId, setRenamingId] = useState<CodeId | null>(null);
  const [paletteFor, setPaletteFor] = useState<CodeId | null>(null);
  const [deleting, setDeleting] = useState<Code | null>(null);
  const rowRefs = useRef(new Map<CodeId, HTMLDivElement>());

  const parents = useMemo(() => parentsOf(codes), [codes]);
  const visible = useMemo(() => visibleCodes(codes, collapsed), [codes, collapsed]);
  const shortcutOf = useMemo(() => shortcutKeys(codes, recent), [codes, recent]);
  const focusId = visible.some((code) => code.id === selectedCodeId) ? selectedCodeId : (visible[0]?.id ?? null);

  const focusRow = useCallback(
    (codeId: CodeId) => {
      actions.selectCode(codeId);
      // A row already on screen takes the focus at once: deferring it lost keys typed quickly
      // (a second ↓ went to the row being left). A row still to be drawn (just created, or
      // inside a code being opened) gets it after the next frame.
      const row = rowRefs.current.get(codeId);
      if (row) row.focus();
      else requestAnimationFrame(() => rowRefs.current.get(codeId)?.focus());
    },
    [actions],
  );

  // The palette (or another part of the window) asked to show a code: focus and scroll to its row.
  useEffect(() => {
    if (!focusRequest) return;
    const frame = requestAnimationFrame(() => {
      const row = rowRefs.current.get(focusRequest.codeId);
      row?.scrollIntoView({ block: 'nearest' });
      row?.focus({ preventScroll: true });
    });
    return () => cancelAnimationFrame(frame);
  }, [focusRequest]);

  // Alt+N adds a top-level code, Alt+Shift+N a sub-code of the selected one, from anywhere in
  // the workspace (MAXQDA's key for a new code). Matched on the key's position: on a Mac,
  // Option turns N into a dead key.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (!event.altKey || event.ctrlKey || event.metaKey || event.code !== 'KeyN') return;
      if (isEditableTarget(event.target)) return;
      event.preventDefault();
      const selected = store.getState().selectedCodeId;
      setAdding({ parentId: event.shiftKey ? selected : null });
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);

  const focusTree = useCallback(() => {
    requestAnimationFrame(() => {
      const state = store.getState();
      const id = state.selectedCodeId ?? state.codes[0]?.id;
      if (id) rowRefs.current.get(id)?.focus();
    });
  }, [store]);

  const applyToSelection = useCallback(
    (code: Code) => {
      const state = store.getState();
      if (!state.textSelection) return false;
      void state.applyCode(code.id).then((applied) => {
        if (applied) clearDomSelection();
      });
      return true;
    },
    [store],
  );

  const onRowKeyDown = (event: ReactKeyboardEvent<HTMLDivElement>, code: Code): void => {
    if (renamingId !== null || event.target !== event.currentTarget) return;
    const index = visible.findIndex((entry) => entry.id === code.id);
    const move = (target: Code | undefined): void => {
      if (target) focusRow(target.id);
      event.preventDefault();
    };
    switch (event.key) {
      case 'ArrowDown':
        return move(visible[index + 1]);
      case 'ArrowUp':
        return move(visible[index - 1]);
      case 'Home':
        return move(visible[0]);
      case 'End':
        return move(visible[visible.length - 1]);
      case 'ArrowRight':
        if (parents.has(code.id) && collapsed[code.id]) actions.toggle(code.id, false);
        else if (parents.has(code.id)) move(visible[index + 1]);
        event.preventDefault();
        return;
      case 'ArrowLeft':
        if (parents.has(code.id) && !collapsed[code.id]) actions.toggle(code.id, true);
        else if (code.parentId !== null) move(visible.find((entry) => entry.id === code.parentId));
        event.preventDefault();
        return;
      case 'Enter':
        if (!applyToSelection(code)) setRenamingId(code.id);
        event.preventDefault();
        return;
      case 'F2':
        setRenamingId(code.id);
        event.preventDefault();
        return;
      case 'Delete':
        setDeleting(code);
        event.preventDefault();
        return;
      case 'Insert':
        setAdding({ parentId: code.id });
        event.preventDefault();
        return;
      default:
        if (event.altKey && event.code === 'KeyC' && !event.ctrlKey && !event.metaKey) {
          setPaletteFor(code.id);
          event.preventDefault();
        }
    }
  };

  const rows: ReactNode[] = visible.map((code) => (
    <CodeRow
      key={code.id}
      code={code}
      hasChildren={parents.has(code.id)}
      collapsed={Boolean(collapsed[code.id])}
      selected={code.id === selectedCodeId}
      focusable={code.id === focusId}
      shortcut={shortcutOf.get(code.id) ?? null}
      renaming={renamingId === code.id}
      paletteOpen={paletteFor === code.id}
      registerRow={(element) => {
        if (element) rowRefs.current.set(code.id, element);
        else rowRefs.current.delete(code.id);
      }}
      onKeyDown={(event) => onRowKeyDown(event, code)}
      onClick={() => {
        actions.selectCode(code.id);
        rowRefs.current.get(code.id)?.focus({ preventScroll: true });
        applyToSelection(code);
      }}
      onSelect={() => actions.selectCode(code.id)}
      onToggle={() => actions.toggle(code.id)}
      onStartRename={() => setRenamingId(code.id)}
      onRename={(name) => {
        setRenamingId(null);
        focusRow(code.id);
        if (name.trim().length > 0 && name.trim() !== code.name)
          void actions.updateCode(code.id, { name: name.trim() });
      }}
      onOpenPalette={() => setPaletteFor(paletteFor === code.id ? null : code.id)}
      onPickColor={(color) => {
        setPaletteFor(null);
        focusRow(code.id);
        if (color !== code.color) void actions.updateCode(code.id, { color });
      }}
      onClosePalette={(reason) => {
        setPaletteFor(null);
        if (reason === 'escape') focusRow(code.id);
      }}
    />
  ));
  if (adding) {
    const at = insertionIndex(visible, codes, adding.parentId);
    const parent = adding.parentId === null ? null : codes.find((code) => code.id === adding.parentId);
    rows.splice(
      at,
      0,
      <NewCodeRow
        key="new-code"
        depth={parent ? parent.depth + 1 : 0}
        onDone={(name) => {
          setAdding(null);
          if (name.trim().length === 0) {
            focusTree();
            return;
          }
          void actions.createCode(adding.parentId, name).then((created) => {
            if (created) focusRow(created.id);
          });
        }}
      />,
    );
  }

  const selectedCode = codes.find((code) => code.id === selectedCodeId) ?? null;
  const deleteLines = deleting ? deleteConfirmation(codes, deleting) : [];

  return (
    <section className="panel codebook" aria-labelledby="codebook-title">
      <header className="panel-header">
        <h2 id="codebook-title" className="panel-title">
          {t('codebook.title')}
        </h2>
        <div className="panel-actions">
          <button
            type="button"
            className="button small"
            title={t('codebook.addRootHint')}
            onClick={() => setAdding({ parentId: null })}
          >
            + {t('codebook.addRoot')}
          </button>
          <button
            type="button"
            className="button small"
            disabled={!selectedCode}
            title={selectedCode ? t('codebook.addChildOf', { name: selectedCode.name }) : undefined}
            onClick={() => selectedCode && setAdding({ parentId: selectedCode.id })}
          >
            + {t('codebook.addChild')}
          </button>
          <button
            type="button"
            className="button small quiet"
            disabled={!selectedCode}
            title={t('codebook.delete')}
            onClick={() => selectedCode && setDeleting(selectedCode)}
          >
            {t('codebook.deleteShort')}
          </button>
        </div>
      </header>
      <div className="panel-body">
        {codes.length === 0 && !adding ? (
          <p className="placeholder small">{t('codebook.empty')}</p>
        ) : (
          <div className="tree" role="tree" aria-label={t('codebook.tree')}>
            {rows}
          </div>
        )}
      </div>
      {deleting && (
        <ConfirmDialog
          title={t('codebook.deleteTitle', { name: deleting.path })}
          lines={deleteLines}
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const target = deleting;
            setDeleting(null);
            void actions.deleteCode(target.id);
          }}
        />
      )}
    </section>
  );
}

/**
 * What deleting a code takes with it, from the counts `codes:list` gave (the backend reports
 * the real number only after the fact).
 */
export function deleteConfirmation(codes: readonly Code[], code: Code): string[] {
  const below = descendantCodes(codes, code.id);
  const lines: string[] = [];
  if (below.length === 0) {
    lines.push(tn('codebook.deleteCodings', code.segmentCount));
  } else {
    const codings = below.reduce((total, child) => total + child.segmentCount, code.segmentCount);
    lines.push(tn('codebook.deleteWithChildren', below.length, { codings }));
  }
  lines.push(t('codebook.deleteUndo'));
  return lines;
}

type CodeRowProps = Readonly<{
  code: Code;
  hasChildren: boolean;
  collapsed: boolean;
  selected: boolean;
  focusable: boolean;
  shortcut: number | null;
  renaming: boolean;
  paletteOpen: boolean;
  registerRow(element: HTMLDivElement | null): void;
  onKeyDown(event: ReactKeyboardEvent<HTMLDivElement>): void;
  onClick(): void;
  onSelect(): void;
  onToggle(): void;
  onStartRename(): void;
  onRename(name: string): void;
  onOpenPalette(): void;
  onPickColor(color: string): void;
  onClosePalette(reason: 'escape' | 'outside'): void;
}>;

function CodeRow(props: CodeRowProps) {
  const { code, hasChildren, collapsed, selected, focusable, shortcut, renaming, registerRow } = props;
  const {
    onClick,
    onSelect,
    onStartRename,
    onKeyDown,
    onToggle,
    onOpenPalette,
    onRename,
    onPickColor,
    onClosePalette,
  } = props;
  return (
    <div
      ref={registerRow}
      role="treeitem"
      aria-level={code.depth + 1}
      aria-expanded={hasChildren ? !collapsed : undefined}
      aria-selected={selected}
      aria-label={code.name}
      tabIndex={focusable ? 0 : -1}
      className={selected ? 'code-row selected' : 'code-row'}
      data-code-id={code.id}
      style={{ paddingLeft: 4 + code.depth * 16 }}
      // Keep the passage selected in the document: a click here applies the code to it.
      onMouseDown={(event) => {
        if (!(event.target as Element).closest('input')) event.preventDefault();
      }}
      onClick={onClick}
      onDoubleClick={onStartRename}
      onKeyDown={onKeyDown}
      // The tree selects what has the focus (one selected code, as in a file tree).
      onFocus={(event) => {
        if (event.target === event.currentTarget && !selected) onSelect();
      }}
      title={t('codebook.counts', { segments: code.segmentCount, documents: code.documentCount })}
    >
      <span
        className="twisty"
        aria-hidden="true"
        onClick={(event) => {
          event.stopPropagation();
          if (hasChildren) onToggle();
        }}
      >
        {hasChildren ? (collapsed ? '▸' : '▾') : ''}
      </span>
      <button
        type="button"
        tabIndex={-1}
        className="swatch-button"
        style={{ background: code.color }}
        aria-label={t('codebook.recolour', { name: code.name })}
        aria-haspopup="dialog"
        aria-expanded={props.paletteOpen}
        onClick={(event) => {
          event.stopPropagation();
          onOpenPalette();
        }}
      />
      {renaming ? (
        <RenameInput name={code.name} label={t('codebook.renameLabel', { name: code.name })} onDone={onRename} />
      ) : (
        <span className="code-name">{code.name}</span>
      )}
      {shortcut !== null && (
        <kbd className="code-key" title={t('codebook.shortcut', { key: shortcut })}>
          {shortcut}
        </kbd>
      )}
      <span
        className="code-count"
        aria-label={t('codebook.counts', { segments: code.segmentCount, documents: code.documentCount })}
      >
        {code.segmentCount}
      </span>
      {props.paletteOpen && (
        <PalettePopover
          current={code.color}
          label={t('codebook.recolour', { name: code.name })}
          onPick={onPickColor}
          onClose={onClosePalette}
        />
      )}
    </div>
  );
}

function RenameInput({ name, label, onDone }: { name: string; label: string; onDone(name: string): void }) {
  const [value, setValue] = useState(name);
  const done = useRef(false);
  const finish = (next: string): void => {
    if (done.current) return;
    done.current = true;
    onDone(next);
  };
  return (
    <input
      className="inline-input"
      aria-label={label}
      value={value}
      autoFocus
      onFocus={(event) => event.currentTarget.select()}
      onChange={(event) => setValue(event.target.value)}
      onClick={(event) => event.stopPropagation()}
      onKeyDown={(event) => {
        event.stopPropagation();
        if (event.key === 'Enter') finish(value);
        if (event.key === 'Escape') finish(name);
      }}
      onBlur={() => finish(value)}
    />
  );
}

function NewCodeRow({ depth, onDone }: { depth: number; onDone(name: string): void }) {
  const [value, setValue] = useState('');
  const done = useRef(false);
  const finish = (next: string): void => {
    if (done.current) return;
    done.current = true;
    onDone(next);
  };
  return (
    <div className="code-row new-code" style={{ paddingLeft: 4 + depth * 16 }}>
      <span className="twisty" />
      <span className="swatch-button placeholder-swatch" />
      <input
        className="inline-input"
        aria-label={t('codebook.newName')}
        placeholder={t('codebook.newName')}
        value={value}
        autoFocus
        onChange={(event) => setValue(event.target.value)}
        onKeyDown={(event) => {
          event.stopPropagation();
          if (event.key === 'Enter') finish(value);
          if (event.key === 'Escape') finish('');
        }}
        onBlur={() => finish(value)}
      />
    </div>
  );
}
