import {
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type PointerEvent,
  type RefObject,
} from 'react';
import type { Coding } from '../../../shared/domain/types';
import { t } from '../../i18n';
import { useAppStoreApi } from '../../store';
import { placeEdge, type Edge } from './boundaries';
import { blockAt, type DocumentModel } from './model';
import { pointInBlock, pointToOffset } from './selection';

type HandlePlace = Readonly<{ left: number; top: number; height: number }>;

type BoundaryHandlesProps = Readonly<{
  model: DocumentModel;
  coding: Coding;
  color: string;
  /** Bumped when blocks mount or change height: the handles are placed again. */
  version: number;
  elements: ReadonlyMap<number, HTMLElement>;
  contentRef: RefObject<HTMLElement | null>;
  textRef: RefObject<HTMLElement | null>;
  scrollerRef: RefObject<HTMLElement | null>;
}>;

/** Within this many pixels of the text's top or bottom edge, a dragged handle scrolls the text. */
const AUTOSCROLL_EDGE_PX = 36;
const AUTOSCROLL_MAX_STEP_PX = 18;

/** The screen box of the character beside a text offset, relative to `origin`; null when not mounted. */
function placeOf(
  model: DocumentModel,
  elements: ReadonlyMap<number, HTMLElement>,
  offset: number,
  edge: Edge,
  origin: DOMRect,
): HandlePlace | null {
  // The start handle sits before the first character, the end handle after the last.
  const index = blockAt(model.blocks, edge === 'start' ? offset : Math.max(0, offset - 1));
  const element = elements.get(index);
  if (!element) return null;
  const point = pointInBlock(element, offset, edge === 'end');
  if (!point) return null;
  const range = document.createRange();
  if (edge === 'start') {
    range.setStart(point.node, point.offset);
    range.setEnd(point.node, Math.min(point.node.length, point.offset + 1));
  } else {
    range.setStart(point.node, Math.max(0, point.offset - 1));
    range.setEnd(point.node, point.offset);
  }
  const rects = range.getClientRects();
  const rect = edge === 'start' ? rects[0] : rects[rects.length - 1];
  range.detach();
  if (!rect) return null;
  return {
    left: (edge === 'start' ? rect.left : rect.right) - origin.left,
    top: rect.top - origin.top,
    height: rect.height,
  };
}

/** The caret position under a screen point (Chromium's caretRangeFromPoint, or the standard one). */
function caretAt(x: number, y: number): { node: Node; offset: number } | null {
  const withPosition = document as Document & {
    caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null;
  };
  if (typeof withPosition.caretPositionFromPoint === 'function') {
    const position = withPosition.caretPositionFromPoint(x, y);
    return position ? { node: position.offsetNode, offset: position.offset } : null;
  }
  const range = document.caretRangeFromPoint?.(x, y);
  return range ? { node: range.startContainer, offset: range.startOffset } : null;
}

/**
 * Handles on the two ends of the selected coding. Drag one to move that end: it snaps to the
 * nearest character boundary under the pointer, the highlight follows as it moves, and the
 * new range is written once, on release (one undo step). Each handle is also a slider for the
 * keyboard: focus it and press ← or →.
 */
export function BoundaryHandles(props: BoundaryHandlesProps) {
  const { model, coding, color, version, elements, contentRef, textRef, scrollerRef } = props;
  const store = useAppStoreApi();
  const [places, setPlaces] = useState<{ start: HandlePlace | null; end: HandlePlace | null }>({
    start: null,
    end: null,
  });
  const [dragging, setDragging] = useState<Edge | null>(null);
  const cleanup = useRef<(() => void) | null>(null);

  useLayoutEffect(() => {
    const content = contentRef.current;
    if (!content) return;
    const origin = content.getBoundingClientRect();
    setPlaces({
      start: placeOf(model, elements, coding.start, 'start', origin),
      end: placeOf(model, elements, coding.end, 'end', origin),
    });
  }, [model, coding.start, coding.end, version, elements, contentRef]);

  useEffect(() => () => cleanup.current?.(), []);

  const startDrag = (edge: Edge) => (event: PointerEvent<HTMLElement>) => {
    if (event.button !== 0) return;
    event.preventDefault();
    event.stopPropagation();
    (event.currentTarget as HTMLElement).focus();
    setDragging(edge);
    document.body.classList.add('doc-dragging-edge');
    let pointer = { x: event.clientX, y: event.clientY };
    let frame = 0;
    const follow = (): void => {
      const root = textRef.current;
      if (!root) return;
      // Over the margin or the gutter, the nearest text is at the text column's edge.
      const box = root.getBoundingClientRect();
      const x = Math.max(box.left + 1, Math.min(box.right - 1, pointer.x));
      const caret = caretAt(x, pointer.y);
      if (!caret) return;
      const offset = pointToOffset(caret.node, caret.offset, root);
      if (offset === null) return;
      const state = store.getState();
      const current = state.model?.codings.get(coding.id);
      if (!state.model || !current) return;
      state.previewCodingRange(coding.id, placeEdge(state.model.text, current, edge, offset));
    };
    // Held near the top or bottom of the text, the handle scrolls it, faster the closer it is,
    // so an end can be dragged to a passage that is not on screen yet.
    const scrollStep = (): void => {
      frame = 0;
      const scroller = scrollerRef.current;
      if (!scroller) return;
      const box = scroller.getBoundingClientRect();
      const above = box.top + AUTOSCROLL_EDGE_PX - pointer.y;
      const below = pointer.y - (box.bottom - AUTOSCROLL_EDGE_PX);
      const step =
        above > 0
          ? -Math.min(AUTOSCROLL_MAX_STEP_PX, Math.ceil(above / 2))
          : below > 0
            ? Math.min(AUTOSCROLL_MAX_STEP_PX, Math.ceil(below / 2))
            : 0;
      if (step === 0) return;
      const before = scroller.scrollTop;
      scroller.scrollTop = before + step;
      if (scroller.scrollTop !== before) follow();
      frame = requestAnimationFrame(scrollStep);
    };
    const move = (moveEvent: globalThis.PointerEvent): void => {
      pointer = { x: moveEvent.clientX, y: moveEvent.clientY };
      follow();
      if (frame === 0) frame = requestAnimationFrame(scrollStep);
    };
    const finish = (commit: boolean): void => {
      cleanup.current?.();
      setDragging(null);
      if (commit) void store.getState().commitCodingRange();
      else store.getState().cancelCodingRange();
    };
    const up = (): void => finish(true);
    const cancel = (): void => finish(false);
    const escape = (keyEvent: globalThis.KeyboardEvent): void => {
      if (keyEvent.key === 'Escape') {
        keyEvent.preventDefault();
        keyEvent.stopPropagation();
        finish(false);
      }
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
    window.addEventListener('pointercancel', cancel);
    window.addEventListener('keydown', escape, true);
    cleanup.current = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      window.removeEventListener('pointercancel', cancel);
      window.removeEventListener('keydown', escape, true);
      if (frame !== 0) cancelAnimationFrame(frame);
      document.body.classList.remove('doc-dragging-edge');
      cleanup.current = null;
    };
  };

  const onKeyDown = (edge: Edge) => (event: KeyboardEvent<HTMLElement>) => {
    const step =
      event.key === 'ArrowLeft' || event.key === 'ArrowUp'
        ? -1
        : event.key === 'ArrowRight' || event.key === 'ArrowDown'
          ? 1
          : 0;
    if (step === 0 || event.ctrlKey || event.metaKey || event.altKey) return;
    event.preventDefault();
    event.stopPropagation();
    // Shift moves by ten characters, as in a long passage one at a time is slow.
    store.getState().nudgeCodingEdge(edge, event.shiftKey ? step * 10 : step);
  };

  const handle = (edge: Edge, place: HandlePlace | null) =>
    place && (
      <span
        key={edge}
        role="slider"
        tabIndex={0}
        className={`doc-edge doc-edge-${edge}${dragging === edge ? ' doc-edge-dragging' : ''}`}
        data-edge={edge}
        aria-label={t(edge === 'start' ? 'document.edge.start' : 'document.edge.end')}
        aria-valuemin={0}
        aria-valuemax={model.text.length}
        aria-valuenow={edge === 'start' ? coding.start : coding.end}
        aria-valuetext={t('document.edge.value', { offset: edge === 'start' ? coding.start : coding.end })}
        title={t('document.edge.hint')}
        style={{ left: place.left, top: place.top, height: place.height, color }}
        onPointerDown={startDrag(edge)}
        onMouseDown={(event) => event.preventDefault()}
        onKeyDown={onKeyDown(edge)}
      />
    );

  return (
    <div className="doc-edges" aria-label={t('document.edge.group')} role="group">
      {handle('start', places.start)}
      {handle('end', places.end)}
    </div>
  );
}
