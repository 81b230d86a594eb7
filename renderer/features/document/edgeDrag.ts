import type { RefObject } from 'react';
import type { CodingId } from '../../../shared/domain/ids';
import type { AppStore } from '../../store';
import { placeEdge, type Edge } from './boundaries';
import { pointToOffset } from './selection';

/** Within this many pixels of the text's top or bottom edge, a dragged end scrolls the text. */
const AUTOSCROLL_EDGE_PX = 36;
const AUTOSCROLL_MAX_STEP_PX = 18;

/**
 * Where across the text a dragged end is read. `pointer`: the character under the pointer (a
 * handle on the text). `line`: the start or the end of the line at the pointer's height (a grip
 * on a stripe in the margin, which moves an end by whole lines, as margins do in QDA tools).
 */
export type DragAcross = 'pointer' | 'line';

export type EdgeDrag = Readonly<{
  store: AppStore;
  codingId: CodingId;
  edge: Edge;
  across: DragAcross;
  textRef: RefObject<HTMLElement | null>;
  scrollerRef: RefObject<HTMLElement | null>;
  /** Called once when the drag ends, whether it was written or cancelled. */
  onEnd(): void;
}>;

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
 * Drags one end of a coding from a pointer press. The end snaps to a character boundary
 * (boundaries.ts), the highlight and stripe follow as it moves, held near the top or bottom
 * of the text it scrolls, and the new range is written once, on release (one undo step);
 * Escape or a cancelled pointer puts it back. Returns the function that stops the drag
 * without writing (for a component that goes away mid-drag).
 */
export function dragEdge(start: { clientX: number; clientY: number }, drag: EdgeDrag): () => void {
  const { store, codingId, edge, across, textRef, scrollerRef } = drag;
  const cursorClass = across === 'line' ? 'doc-dragging-line' : 'doc-dragging-edge';
  document.body.classList.add(cursorClass);
  let pointer = { x: start.clientX, y: start.clientY };
  let frame = 0;
  let ended = false;

  const follow = (): void => {
    const root = textRef.current;
    if (!root) return;
    const box = root.getBoundingClientRect();
    // Over the margin or the gutter, the nearest text is at the text column's edge.
    const x =
      across === 'line'
        ? edge === 'start'
          ? box.left + 1
          : box.right - 1
        : Math.max(box.left + 1, Math.min(box.right - 1, pointer.x));
    const caret = caretAt(x, pointer.y);
    if (!caret) return;
    const offset = pointToOffset(caret.node, caret.offset, root);
    if (offset === null) return;
    const state = store.getState();
    const current = state.model?.codings.get(codingId);
    if (!state.model || !current) return;
    state.previewCodingRange(codingId, placeEdge(state.model.text, current, edge, offset));
  };
  // Held near the top or bottom of the text, the end scrolls it, faster the closer it is, so
  // it can be dragged to a passage that is not on screen yet.
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
  const move = (event: PointerEvent): void => {
    pointer = { x: event.clientX, y: event.clientY };
    follow();
    if (frame === 0) frame = requestAnimationFrame(scrollStep);
  };
  const stop = (): void => {
    if (ended) return;
    ended = true;
    window.removeEventListener('pointermove', move);
    window.removeEventListener('pointerup', up);
    window.removeEventListener('pointercancel', cancel);
    window.removeEventListener('keydown', escape, true);
    if (frame !== 0) cancelAnimationFrame(frame);
    document.body.classList.remove(cursorClass);
    drag.onEnd();
  };
  const finish = (commit: boolean): void => {
    if (ended) return;
    stop();
    if (commit) void store.getState().commitCodingRange();
    else store.getState().cancelCodingRange();
  };
  const up = (): void => finish(true);
  const cancel = (): void => finish(false);
  const escape = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    finish(false);
  };
  window.addEventListener('pointermove', move);
  window.addEventListener('pointerup', up);
  window.addEventListener('pointercancel', cancel);
  window.addEventListener('keydown', escape, true);
  return () => finish(false);
}
