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
import type { Edge } from './boundaries';
import { dragEdge } from './edgeDrag';
import { blockAt, type DocumentModel } from './model';
import { pointInBlock } from './selection';

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
    cleanup.current?.();
    setDragging(edge);
    cleanup.current = dragEdge(event, {
      store,
      codingId: coding.id,
      edge,
      across: 'pointer',
      textRef,
      scrollerRef,
      onEnd: () => {
        cleanup.current = null;
        setDragging(null);
      },
    });
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
