import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { CodeId, CodingId } from '../../../shared/domain/ids';
import type { Code } from '../../../shared/domain/types';
import { t } from '../../i18n';
import { useAppStore, useAppStoreApi } from '../../store';
import type { AppState } from '../../store/types';
import { isEditableTarget, isPrimaryModifier } from '../../lib/keys';
import { shortcutCodes } from '../codebook/recentCodes';
import { BlockView, type Emphasis } from './BlockView';
import { BoundaryHandles } from './BoundaryHandles';
import { filterModel, shownCoders } from './coderView';
import { blockAt, blocksOf, type DocumentModel } from './model';
import { clearDomSelectionIf, selectionToRange, selectTextRange, type TextRange } from './selection';
import { StripeMargin } from './StripeMargin';
import { useFindHighlights } from './useFindHighlights';
import { useVirtualBlocks } from './useVirtualBlocks';

type DocumentBodyProps = Readonly<{ model: DocumentModel }>;

/**
 * The passage selected in the open document as the page has it now, else the remembered one.
 * The store's `textSelection` follows the page a frame later, which a loaded machine can delay
 * past a key pressed elsewhere (Enter on a code), as the number keys here already allow for.
 */
export function liveTextSelection(state: Pick<AppState, 'model' | 'textSelection'>): TextRange | null {
  const root = document.querySelector('.doc-text');
  const live = root && state.model ? selectionToRange(window.getSelection(), root, state.model.text) : null;
  return live ?? state.textSelection;
}

/** The scrolling text of one source with its coding stripes; keyed by source, so it starts at the top. */
export function DocumentBody({ model }: DocumentBodyProps) {
  const store = useAppStoreApi();
  const codes = useAppStore((state) => state.codes);
  const selectedCodingId = useAppStore((state) => state.selectedCodingId);
  const hoveredCodingId = useAppStore((state) => state.hoveredCodingId);
  const selectCoding = useAppStore((state) => state.selectCoding);
  const hoverCoding = useAppStore((state) => state.hoverCoding);
  const removeCoding = useAppStore((state) => state.removeCoding);
  const coderView = useAppStore((state) => state.coderView);
  const coders = useAppStore((state) => state.coders);

  const scrollerRef = useRef<HTMLDivElement>(null);
  const contentRef = useRef<HTMLDivElement>(null);
  const textRef = useRef<HTMLDivElement>(null);
  const [pinned, setPinned] = useState<number | null>(null);
  const virtual = useVirtualBlocks(model.blocks, scrollerRef, textRef, pinned);

  // Only the chosen coders' codings are painted; in a comparison each has a column of stripes.
  const shown = useMemo(() => filterModel(model, shownCoders(coderView)), [model, coderView]);
  const columns = useMemo(() => {
    if (coderView.mode !== 'compare') return null;
    return coderView.coderIds.map((coderId) => ({
      coderId,
      name: coders.find((coder) => coder.id === coderId)?.name ?? '?',
      model: filterModel(shown, new Set([coderId])),
    }));
  }, [coderView, coders, shown]);

  const codeById = useMemo(() => new Map<CodeId, Code>(codes.map((code) => [code.id, code])), [codes]);
  // Colours change only on a recolour, not when counts refresh, so keep the map stable by content.
  const colorKey = codes.map((code) => `${code.id}:${code.color}`).join(',');
  const colors = useMemo(
    () =>
      new Map<CodeId, string>(
        colorKey
          .split(',')
          .filter(Boolean)
          .map((entry) => entry.split(':') as [CodeId, string]),
      ),
    [colorKey],
  );

  // Keep the remembered selection in step with the DOM selection inside this text.
  useEffect(() => {
    let frame = 0;
    const update = (): void => {
      frame = 0;
      const root = textRef.current;
      if (!root) return;
      const selection = window.getSelection();
      const range = selectionToRange(selection, root, model.text);
      store.getState().setTextSelection(range);
      setPinned(range === null ? null : blockAt(model.blocks, anchorOffset(selection, root) ?? range.start));
    };
    const onChange = (): void => {
      if (frame === 0) frame = requestAnimationFrame(update);
    };
    document.addEventListener('selectionchange', onChange);
    return () => {
      document.removeEventListener('selectionchange', onChange);
      if (frame !== 0) cancelAnimationFrame(frame);
    };
  }, [model.text, model.blocks, store]);

  // A passage the store asks to select (a widened selection, or the palette closing).
  // Only requests made while this view is shown: one left in the store from before (another
  // source, or the views re-created for a new language) must not select text here.
  const selectionRequest = useAppStore((state) => state.selectionRequest);
  const [mountedSerial] = useState(() => selectionRequest?.serial ?? 0);
  useEffect(() => {
    const root = textRef.current;
    if (!root || !selectionRequest || selectionRequest.serial <= mountedSerial) return;
    selectTextRange(root, selectionRequest.range);
  }, [selectionRequest, mountedSerial]);

  // Number keys apply a code, Ctrl/Cmd+I codes in vivo, Alt+S and Alt+P widen to the sentence
  // or paragraph, Delete removes the selected coding, Escape deselects.
  useEffect(() => {
    const currentRange = (): ReturnType<typeof selectionToRange> => {
      const root = textRef.current;
      return (root && selectionToRange(window.getSelection(), root, model.text)) ?? store.getState().textSelection;
    };
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || isEditableTarget(event.target)) return;
      const state = store.getState();
      if (state.paletteOpen) return;
      if (isPrimaryModifier(event) && !event.altKey && !event.shiftKey && event.code === 'KeyI') {
        const range = currentRange();
        if (!range) return;
        event.preventDefault();
        void state.codeInVivo(range).then((coded) => {
          if (coded) clearDomSelectionIf(range, model.text);
        });
        return;
      }
      // Alt with a letter: matched on the key's position (event.code), since on a Mac Option
      // turns the letter into another character.
      if (event.altKey && !event.ctrlKey && !event.metaKey && (event.code === 'KeyS' || event.code === 'KeyP')) {
        // The page's selection as it is now: the store's follows it a frame later.
        const range = currentRange();
        if (state.selectedCodingId === null && !range) return;
        event.preventDefault();
        void state.extendSelection(event.code === 'KeyS' ? 'sentence' : 'paragraph', range);
        return;
      }
      // Shift+Alt+← → move the selected coding's end, Shift+Alt+↑ ↓ its start, a character a press.
      if (event.altKey && event.shiftKey && !event.ctrlKey && !event.metaKey && state.selectedCodingId !== null) {
        const moves: Record<string, ['start' | 'end', number]> = {
          ArrowLeft: ['end', -1],
          ArrowRight: ['end', 1],
          ArrowUp: ['start', -1],
          ArrowDown: ['start', 1],
        };
        const move = moves[event.key];
        if (move) {
          event.preventDefault();
          state.nudgeCodingEdge(move[0], move[1]);
          return;
        }
      }
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (/^[1-9]$/.test(event.key)) {
        const code = shortcutCodes(state.codes, state.recentCodeIds)[Number(event.key) - 1];
        const range = currentRange();
        if (!range) return;
        event.preventDefault();
        if (!code) {
          state.notify('info', t('document.noCodeForKey', { key: event.key }));
          return;
        }
        void state.applyCode(code.id, range).then((applied) => {
          if (applied) clearDomSelectionIf(range, model.text);
        });
      } else if ((event.key === 'Delete' || event.key === 'Backspace') && state.selectedCodingId !== null) {
        event.preventDefault();
        void state.removeCoding(state.selectedCodingId);
      } else if (event.key === 'Escape' && state.boundaryDraft !== null) {
        state.cancelCodingRange();
      } else if (event.key === 'Escape' && state.selectedCodingId !== null) {
        state.selectCoding(null);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [model.text, store]);

  useFindHighlights(model, virtual, scrollerRef, textRef);

  // The selected (else hovered) coding, and the blocks it spans: only those blocks re-render.
  const emphasisId: CodingId | null = selectedCodingId ?? hoveredCodingId;
  const emphasisCoding = emphasisId === null ? undefined : shown.codings.get(emphasisId);
  const emphasisColor = emphasisCoding ? (codeById.get(emphasisCoding.codeId)?.color ?? '#888888') : null;
  const emphasis = useMemo<Emphasis | null>(
    () => (emphasisId !== null && emphasisColor !== null ? { codingId: emphasisId, color: emphasisColor } : null),
    [emphasisId, emphasisColor],
  );
  const [emphasisFirst, emphasisLast] = emphasisCoding ? blocksOf(model.blocks, emphasisCoding) : [-1, -2];

  const onRemove = useCallback((codingId: CodingId) => void removeCoding(codingId), [removeCoding]);
  // The margin follows the text a render behind while scrolling fast: laying out a hundred
  // stripes in the same task as mounting new blocks made long tasks (bench/document.ts).
  const marginWindow = useDeferredValue(
    useMemo(
      () => ({ first: virtual.first, last: virtual.last, version: virtual.version }),
      [virtual.first, virtual.last, virtual.version],
    ),
  );

  const selectedCoding = selectedCodingId === null ? undefined : shown.codings.get(selectedCodingId);
  const marginProps = {
    first: marginWindow.first,
    last: marginWindow.last,
    version: marginWindow.version,
    layout: virtual.layout,
    elements: virtual.elements,
    textRef,
    scrollerRef,
    codeById,
    selectedCodingId,
    hoveredCodingId,
    onSelect: selectCoding,
    onHover: hoverCoding,
    onRemove,
  };

  const mounted = [];
  for (let index = virtual.first; index <= virtual.last && index < model.blocks.length; index += 1) {
    const block = model.blocks[index];
    mounted.push(
      <BlockView
        key={index}
        block={block}
        text={model.text}
        codings={shown.byBlock[index]}
        colors={colors}
        emphasis={index >= emphasisFirst && index <= emphasisLast ? emphasis : null}
        register={virtual.register}
      />,
    );
  }

  return (
    <div className="doc-scroller" ref={scrollerRef} onScroll={virtual.onScroll}>
      <div className="doc-content" ref={contentRef}>
        <div
          className="doc-text"
          ref={textRef}
          role="document"
          aria-label={t('document.text', { name: model.source.name })}
          tabIndex={0}
        >
          <div className="doc-spacer" style={{ height: virtual.topPad }} aria-hidden="true" />
          {mounted}
          <div className="doc-spacer" style={{ height: virtual.bottomPad }} aria-hidden="true" />
        </div>
        {columns ? (
          columns.map((column) => (
            <StripeMargin key={column.coderId} {...marginProps} model={column.model} header={column.name} compact />
          ))
        ) : (
          <StripeMargin {...marginProps} model={shown} />
        )}
        {selectedCoding && (
          <BoundaryHandles
            model={shown}
            coding={selectedCoding}
            color={codeById.get(selectedCoding.codeId)?.color ?? '#888888'}
            version={virtual.version}
            elements={virtual.elements}
            contentRef={contentRef}
            textRef={textRef}
            scrollerRef={scrollerRef}
          />
        )}
      </div>
    </div>
  );
}

/** The text offset of the selection's anchor (where the drag began), to keep its block mounted. */
function anchorOffset(selection: Selection | null, root: Element): number | null {
  const node = selection?.anchorNode;
  if (!node || !root.contains(node)) return null;
  const element = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
  const block = element?.closest('[data-start]');
  return block ? Number(block.getAttribute('data-start')) : null;
}
