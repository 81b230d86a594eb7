import {
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type DragEvent as ReactDragEvent,
  type KeyboardEvent as ReactKeyboardEvent,
  type ReactNode,
} from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { CodeId } from '../../../shared/domain/ids';
import type { TextRange } from '../document/selection';
import type { Code } from '../../../shared/domain/types';
import type { CodebookFormat, CodebookImportPreview, MergeSummary } from '../../../shared/ipc/channels/codebook';
import { ConfirmDialog } from '../../app/ConfirmDialog';
import { t, tn } from '../../i18n';
import { useAppStore, useAppStoreApi } from '../../store';
import { bytesToBase64, downloadText } from '../../lib/files';
import { isEditableTarget } from '../../lib/keys';
import { liveTextSelection } from '../document/DocumentBody';
import { clearDomSelectionIf } from '../document/selection';
import {
  CodebookMenu,
  DescribeDialog,
  ImportPreviewDialog,
  KeysDialog,
  MergePicker,
  type MenuItem,
} from './CodebookDialogs';
import {
  descendantCodes,
  dropPlacement,
  dropZoneAt,
  insertionIndex,
  isWithin,
  keyboardMove,
  parentsOf,
  visibleCodes,
  type DropZone,
  type Placement,
  type TreeMove,
} from './codeTree';
import type { CodeTotals } from './codebookSlice';
import { PalettePopover } from './PalettePopover';
import { shortcutKeys } from './recentCodes';
import './codebook.css';

/** The drag type of a code being moved in the tree (text dragged from a document has none). */
const CODE_DRAG_TYPE = 'application/x-marginalia-code';

type Drop = Readonly<{ codeId: CodeId | null; zone: DropZone | 'code' | 'end'; invalid?: boolean }>;
type Menu = Readonly<{ at: { x: number; y: number }; code: Code | null }>;
type MergeAsk = Readonly<{ source: Code; target: Code; summary: MergeSummary }>;
type ImportAsk = Readonly<{ preview: CodebookImportPreview; file: { fileName: string; dataBase64: string } }>;

type Adding = Readonly<{ parentId: CodeId | null }>;

/**
 * The codebook tree: apply, add, rename, recolour, describe, move (drag or Alt+arrows), merge
 * and delete codes; import and export the codebook.
 */
export function CodebookPanel() {
  const store = useAppStoreApi();
  const codes = useAppStore((state) => state.codes);
  const totals = useAppStore((state) => state.codeTotals);
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
      moveCode: state.moveCode,
      mergeCodes: state.mergeCodes,
      revealCode: state.revealCode,
      notify: state.notify,
      request: state.request,
      loadCodes: state.loadCodes,
      openMemo: state.openMemo,
    })),
  );

  const [adding, setAdding] = useState<Adding | null>(null);
  const [renamingId, setRenamingId] = useState<CodeId | null>(null);
  const [paletteFor, setPaletteFor] = useState<CodeId | null>(null);
  const [deleting, setDeleting] = useState<Code | null>(null);
  const [menu, setMenu] = useState<Menu | null>(null);
  const [mergeSource, setMergeSource] = useState<Code | null>(null);
  const [mergeAsk, setMergeAsk] = useState<MergeAsk | null>(null);
  const [describing, setDescribing] = useState<Code | null>(null);
  const [importAsk, setImportAsk] = useState<ImportAsk | null>(null);
  const [showKeys, setShowKeys] = useState(false);
  const [drop, setDrop] = useState<Drop | null>(null);
  const rowRefs = useRef(new Map<CodeId, HTMLDivElement>());
  const fileInputId = useId();
  const moreButton = useRef<HTMLButtonElement>(null);
  /** The code being dragged in the tree, or the passage being dragged from the document. */
  const dragged = useRef<CodeId | null>(null);
  const textDrag = useRef<TextRange | null>(null);

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

  // A passage dragged out of the document codes the code it is dropped on. The document view
  // is not ours to change, so the passage is noted when a drag starts inside its text.
  useEffect(() => {
    const onDragStart = (event: DragEvent): void => {
      const target = event.target instanceof Node ? event.target : null;
      const element = target instanceof Element ? target : (target?.parentElement ?? null);
      textDrag.current = element?.closest('.doc-text') ? store.getState().textSelection : null;
    };
    const onDragEnd = (): void => {
      textDrag.current = null;
      dragged.current = null;
      setDrop(null);
    };
    window.addEventListener('dragstart', onDragStart, true);
    window.addEventListener('dragend', onDragEnd, true);
    window.addEventListener('drop', onDragEnd);
    return () => {
      window.removeEventListener('dragstart', onDragStart, true);
      window.removeEventListener('dragend', onDragEnd, true);
      window.removeEventListener('drop', onDragEnd);
    };
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
      const range = liveTextSelection(state);
      if (!range) return false;
      const text = state.model?.text ?? '';
      void state.applyCode(code.id, range).then((applied) => {
        if (applied) clearDomSelectionIf(range, text);
      });
      return true;
    },
    [store],
  );

  const place = useCallback(
    async (code: Code, placement: Placement) => {
      if (await actions.moveCode(code.id, placement.parentId, placement.position)) actions.revealCode(code.id);
    },
    [actions],
  );

  const moveByKey = (code: Code, move: TreeMove): void => {
    const placement = keyboardMove(codes, code, move);
    if (typeof placement !== 'string') {
      void place(code, placement);
      return;
    }
    const refusal = {
      first: 'codebook.alreadyFirst',
      last: 'codebook.alreadyLast',
      'no-previous': 'codebook.noPrevious',
      top: 'codebook.alreadyTop',
    } as const;
    actions.notify('info', t(refusal[placement], { name: code.name }));
  };

  const askMerge = async (source: Code, target: Code): Promise<void> => {
    setMergeSource(null);
    const summary = await actions.request('codes:previewMerge', { sourceCodeId: source.id, targetCodeId: target.id });
    if (summary) setMergeAsk({ source, target, summary });
  };

  const exportAs = async (format: CodebookFormat): Promise<void> => {
    const file = await actions.request('codebooks:export', { format });
    if (!file) return;
    downloadText(file.fileName, file.content, file.mimeType);
    actions.notify('info', t('codebook.exported', { file: file.fileName }));
  };

  const previewImport = async (chosen: File): Promise<void> => {
    const file = { fileName: chosen.name, dataBase64: bytesToBase64(new Uint8Array(await chosen.arrayBuffer())) };
    const preview = await actions.request('codebooks:previewImport', { file });
    if (preview) setImportAsk({ preview, file });
  };

  const runImport = async (ask: ImportAsk): Promise<void> => {
    setImportAsk(null);
    const result = await actions.request('codebooks:import', { file: ask.file });
    if (!result) return;
    await actions.loadCodes();
    actions.notify('info', t('codebook.imported', { added: result.added, updated: result.updated }));
  };

  const menuItems = (code: Code | null): (MenuItem | 'separator')[] => {
    const codeItems: (MenuItem | 'separator')[] = code
      ? [
          { label: t('codebook.menu.describe'), keys: 'Alt+Enter', run: () => setDescribing(code) },
          { label: t('codebook.menu.memo'), run: () => actions.openMemo({ type: 'code', id: code.id }) },
          { label: t('codebook.menu.rename'), keys: 'F2', run: () => setRenamingId(code.id) },
          { label: t('codebook.menu.merge'), keys: 'Alt+M', run: () => setMergeSource(code) },
          'separator',
          { label: t('codebook.menu.moveUp'), keys: 'Alt+↑', run: () => moveByKey(code, 'up') },
          { label: t('codebook.menu.moveDown'), keys: 'Alt+↓', run: () => moveByKey(code, 'down') },
          { label: t('codebook.menu.indent'), keys: 'Alt+→', run: () => moveByKey(code, 'in') },
          { label: t('codebook.menu.outdent'), keys: 'Alt+←', run: () => moveByKey(code, 'out') },
          'separator',
          { label: t('codebook.deleteShort'), keys: 'Delete', run: () => setDeleting(code) },
          'separator',
        ]
      : [];
    return [
      ...codeItems,
      {
        label: t('codebook.menu.import'),
        run: () => (document.getElementById(fileInputId) as HTMLInputElement | null)?.click(),
      },
      { label: t('codebook.menu.exportCsv'), disabled: codes.length === 0, run: () => void exportAs('csv') },
      { label: t('codebook.menu.exportMd'), disabled: codes.length === 0, run: () => void exportAs('md') },
      'separator',
      { label: t('codebook.menu.keys'), run: () => setShowKeys(true) },
    ];
  };

  const openMenuAtRow = (code: Code): void => {
    const rect = rowRefs.current.get(code.id)?.getBoundingClientRect();
    setMenu({ at: { x: (rect?.left ?? 0) + 24, y: rect?.bottom ?? 0 }, code });
  };

  const onRowKeyDown = (event: ReactKeyboardEvent<HTMLDivElement>, code: Code): void => {
    if (renamingId !== null || event.target !== event.currentTarget) return;
    const index = visible.findIndex((entry) => entry.id === code.id);
    const move = (target: Code | undefined): void => {
      if (target) focusRow(target.id);
      event.preventDefault();
    };
    // Alt+arrows move the code itself (as outliners and VS Code move lines); plain arrows move the focus.
    if (event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
      const treeMove = { ArrowUp: 'up', ArrowDown: 'down', ArrowRight: 'in', ArrowLeft: 'out' }[event.key] as
        TreeMove | undefined;
      if (treeMove) {
        event.preventDefault();
        moveByKey(code, treeMove);
        return;
      }
      if (event.key === 'Enter') {
        event.preventDefault();
        setDescribing(code);
        return;
      }
      if (event.code === 'KeyM') {
        event.preventDefault();
        setMergeSource(code);
        return;
      }
    }
    if ((event.key === 'F10' && event.shiftKey) || event.key === 'ContextMenu') {
      event.preventDefault();
      openMenuAtRow(code);
      return;
    }
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

  /** What dropping here would do: code a passage, or move a code before, into or after this row. */
  const onRowDragOver = (event: ReactDragEvent<HTMLDivElement>, code: Code): void => {
    const isCode = event.dataTransfer.types.includes(CODE_DRAG_TYPE) && dragged.current !== null;
    if (!isCode && !textDrag.current) return;
    event.preventDefault();
    event.stopPropagation();
    if (!isCode) {
      event.dataTransfer.dropEffect = 'copy';
      if (drop?.codeId !== code.id || drop.zone !== 'code') setDrop({ codeId: code.id, zone: 'code' });
      return;
    }
    event.dataTransfer.dropEffect = 'move';
    const rect = event.currentTarget.getBoundingClientRect();
    const zone = dropZoneAt(event.clientY - rect.top, rect.height);
    const invalid =
      isWithin(codes, code.id, dragged.current as CodeId) && !(code.id === dragged.current && zone !== 'inside');
    if (drop?.codeId !== code.id || drop.zone !== zone || drop.invalid !== invalid)
      setDrop({ codeId: code.id, zone, invalid });
  };

  const onRowDrop = (event: ReactDragEvent<HTMLDivElement>, code: Code): void => {
    event.preventDefault();
    event.stopPropagation();
    const zone = drop?.codeId === code.id ? drop.zone : null;
    const range = textDrag.current;
    const movingId = dragged.current;
    setDrop(null);
    dragged.current = null;
    textDrag.current = null;
    if (movingId === null) {
      if (range) {
        actions.selectCode(code.id);
        const text = store.getState().model?.text ?? '';
        void store
          .getState()
          .applyCode(code.id, range)
          .then((applied) => applied && clearDomSelectionIf(range, text));
      }
      return;
    }
    const moving = codes.find((entry) => entry.id === movingId);
    if (!moving || zone === null || zone === 'code' || zone === 'end') return;
    // Dropped on its own row's edge: it stays where it is.
    if (moving.id === code.id && zone !== 'inside') return;
    void place(moving, dropPlacement(codes, moving.id, code, zone, parents.has(code.id) && !collapsed[code.id]));
  };

  const rows: ReactNode[] = visible.map((code) => (
    <CodeRow
      key={code.id}
      code={code}
      totals={totals[code.id] ?? { segments: code.segmentCount, documents: code.documentCount }}
      hasChildren={parents.has(code.id)}
      collapsed={Boolean(collapsed[code.id])}
      selected={code.id === selectedCodeId}
      focusable={code.id === focusId}
      shortcut={shortcutOf.get(code.id) ?? null}
      renaming={renamingId === code.id}
      paletteOpen={paletteFor === code.id}
      drop={drop?.codeId === code.id ? drop : null}
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
      // Keep a passage selected in the document: a click here applies the code to it. Without
      // one, the press is left alone, so that the row can be dragged.
      onMouseDown={(event) => {
        if (liveTextSelection(store.getState()) && !(event.target as Element).closest('input')) event.preventDefault();
      }}
      onContextMenu={(event) => {
        event.preventDefault();
        actions.selectCode(code.id);
        setMenu({ at: { x: event.clientX, y: event.clientY }, code });
      }}
      onDragStart={(event) => {
        dragged.current = code.id;
        textDrag.current = null;
        event.dataTransfer.setData(CODE_DRAG_TYPE, code.id);
        event.dataTransfer.setData('text/plain', code.path);
        event.dataTransfer.effectAllowed = 'move';
      }}
      onDragOver={(event) => onRowDragOver(event, code)}
      onDrop={(event) => onRowDrop(event, code)}
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
            title={selectedCode ? t('codebook.addChildOf', { name: selectedCode.name }) : t('codebook.addChild')}
            aria-label={t('codebook.addChild')}
            onClick={() => selectedCode && setAdding({ parentId: selectedCode.id })}
          >
            + {t('codebook.addChildShort')}
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
          <button
            ref={moreButton}
            type="button"
            className="button small quiet codebook-more"
            title={t('codebook.moreHint')}
            aria-label={t('codebook.more')}
            aria-haspopup="menu"
            aria-expanded={menu !== null}
            onClick={() => {
              const rect = moreButton.current?.getBoundingClientRect();
              setMenu(
                menu ? null : { at: { x: (rect?.right ?? 0) - 240, y: (rect?.bottom ?? 0) + 4 }, code: selectedCode },
              );
            }}
          >
            ⋯
          </button>
        </div>
      </header>
      <div className="panel-body">
        {codes.length === 0 && !adding ? (
          <p className="placeholder small">{t('codebook.empty')}</p>
        ) : (
          <>
            <div className="codebook-columns muted" aria-hidden="true">
              <span>{t('codebook.columns.codings')}</span>
              <span>{t('codebook.columns.documents')}</span>
            </div>
            <div
              className={drop?.zone === 'end' ? 'tree drop-end' : 'tree'}
              role="tree"
              aria-label={t('codebook.tree')}
              title={t('codebook.dragHint')}
              // Below the last row: the code goes to the end of the top level.
              onDragOver={(event) => {
                if (!event.dataTransfer.types.includes(CODE_DRAG_TYPE) || dragged.current === null) return;
                event.preventDefault();
                if (drop?.zone !== 'end') setDrop({ codeId: null, zone: 'end' });
              }}
              onDragLeave={(event) => {
                if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDrop(null);
              }}
              onDrop={(event) => {
                event.preventDefault();
                const moving = codes.find((code) => code.id === dragged.current);
                setDrop(null);
                dragged.current = null;
                if (moving) {
                  const top = codes.filter((code) => code.parentId === null && code.id !== moving.id).length;
                  void place(moving, { parentId: null, position: top });
                }
              }}
            >
              {rows}
            </div>
          </>
        )}
      </div>
      <input
        id={fileInputId}
        type="file"
        hidden
        accept=".csv,.md,.markdown,.txt,text/csv,text/markdown"
        aria-label={t('codebook.menu.import')}
        onChange={(event) => {
          const chosen = event.target.files?.[0];
          event.target.value = '';
          if (chosen) void previewImport(chosen);
        }}
      />
      {menu && <CodebookMenu items={menuItems(menu.code)} at={menu.at} onClose={() => setMenu(null)} />}
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
      {mergeSource && (
        <MergePicker
          codes={codes}
          source={mergeSource}
          onCancel={() => setMergeSource(null)}
          onPick={(target) => void askMerge(mergeSource, target)}
        />
      )}
      {mergeAsk && (
        <ConfirmDialog
          title={t('codebook.mergeConfirmTitle', { source: mergeAsk.source.path, target: mergeAsk.target.path })}
          lines={mergeConfirmation(mergeAsk)}
          confirmLabel={t('codebook.mergeConfirm')}
          onCancel={() => setMergeAsk(null)}
          onConfirm={() => {
            const ask = mergeAsk;
            setMergeAsk(null);
            void actions.mergeCodes(ask.source.id, ask.target.id);
          }}
        />
      )}
      {describing && (
        <DescribeDialog
          code={describing}
          onCancel={() => setDescribing(null)}
          onSave={(markdown) => {
            const code = describing;
            setDescribing(null);
            if (markdown === code.description) return;
            void actions.updateCode(code.id, { description: markdown }).then((saved) => {
              if (saved) actions.notify('info', t('codebook.described', { name: code.name }));
            });
          }}
        />
      )}
      {importAsk && (
        <ImportPreviewDialog
          preview={importAsk.preview}
          onCancel={() => setImportAsk(null)}
          onImport={() => void runImport(importAsk)}
        />
      )}
      {showKeys && <KeysDialog onClose={() => setShowKeys(false)} />}
    </section>
  );
}

/** The lines of the merge confirmation, from the backend's own count of what will move. */
export function mergeConfirmation({ source, target, summary }: MergeAsk): string[] {
  const names = { source: source.name, target: target.name };
  const lines = [tn('codebook.mergeMoves', summary.moved, names)];
  if (summary.collapsed > 0) lines.push(tn('codebook.mergeCollapses', summary.collapsed, names));
  if (summary.children > 0) lines.push(tn('codebook.mergeChildren', summary.children, names));
  if (summary.mergedChildren > 0) lines.push(tn('codebook.mergeTwins', summary.mergedChildren, names));
  lines.push(t('codebook.mergeRemoved', names));
  return lines;
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
  totals: CodeTotals;
  drop: Drop | null;
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
  onMouseDown(event: React.MouseEvent<HTMLDivElement>): void;
  onContextMenu(event: React.MouseEvent<HTMLDivElement>): void;
  onDragStart(event: ReactDragEvent<HTMLDivElement>): void;
  onDragOver(event: ReactDragEvent<HTMLDivElement>): void;
  onDrop(event: ReactDragEvent<HTMLDivElement>): void;
  onSelect(): void;
  onToggle(): void;
  onStartRename(): void;
  onRename(name: string): void;
  onOpenPalette(): void;
  onPickColor(color: string): void;
  onClosePalette(reason: 'escape' | 'outside'): void;
}>;

/** The tooltip of a code's figures: with its sub-codes, and its own when they differ. */
function totalsText(code: Code, totals: CodeTotals): string {
  if (totals.segments === code.segmentCount && totals.documents === code.documentCount) {
    return t('codebook.totalsLeaf', { segments: totals.segments, documents: totals.documents });
  }
  return t('codebook.totals', {
    segments: totals.segments,
    documents: totals.documents,
    ownSegments: code.segmentCount,
    ownDocuments: code.documentCount,
  });
}

/** A description's first lines, as plain text for a tooltip. */
function descriptionHint(description: string): string {
  const plain = description.replace(/[*_`>#]+/g, '').trim();
  return plain.length > 280 ? `${plain.slice(0, 280)}…` : plain;
}

function CodeRow(props: CodeRowProps) {
  const { code, totals, drop, hasChildren, collapsed, selected, focusable, shortcut, renaming, registerRow } = props;
  const {
    onClick,
    onMouseDown,
    onContextMenu,
    onDragStart,
    onDragOver,
    onDrop,
    onSelect,
    onStartRename,
    onKeyDown,
    onToggle,
    onOpenPalette,
    onRename,
    onPickColor,
    onClosePalette,
  } = props;
  const figures = totalsText(code, totals);
  const description = descriptionHint(code.description);
  const classes = ['code-row'];
  if (selected) classes.push('selected');
  if (drop) classes.push(`drop-${drop.zone}`);
  if (drop?.invalid) classes.push('drop-invalid');
  return (
    <div
      ref={registerRow}
      role="treeitem"
      aria-level={code.depth + 1}
      aria-expanded={hasChildren ? !collapsed : undefined}
      aria-selected={selected}
      aria-label={code.name}
      aria-description={description || undefined}
      tabIndex={focusable ? 0 : -1}
      className={classes.join(' ')}
      data-code-id={code.id}
      style={{ paddingLeft: 4 + code.depth * 16 }}
      draggable={!renaming}
      onMouseDown={onMouseDown}
      onClick={onClick}
      onContextMenu={onContextMenu}
      onDoubleClick={onStartRename}
      onKeyDown={onKeyDown}
      onDragStart={onDragStart}
      onDragOver={onDragOver}
      onDrop={onDrop}
      // The tree selects what has the focus (one selected code, as in a file tree).
      onFocus={(event) => {
        if (event.target === event.currentTarget && !selected) onSelect();
      }}
      title={description ? `${figures}\n\n${description}` : figures}
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
        <span className="code-name">
          {code.name}
          {description && <span className="code-described" aria-hidden="true" />}
        </span>
      )}
      {shortcut !== null && (
        <kbd className="code-key" title={t('codebook.shortcut', { key: shortcut })}>
          {shortcut}
        </kbd>
      )}
      <span className="code-count" aria-label={figures}>
        {totals.segments}
      </span>
      <span className="code-docs" aria-label={t('codebook.documentsLabel', { documents: totals.documents })}>
        {totals.documents}
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
