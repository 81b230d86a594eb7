import {
  memo,
  startTransition,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type PointerEvent,
  type RefObject,
} from 'react';
import type { CodeId, CodingId } from '../../../shared/domain/ids';
import type { Code, Coding } from '../../../shared/domain/types';
import { t } from '../../i18n';
import { useAppStoreApi } from '../../store';
import type { BlockLayout } from './blockLayout';
import type { Edge } from './boundaries';
import { dragEdge } from './edgeDrag';
import { bottomOf, releaseMeasuringRange, topOf, type TextGeometry } from './geometry';
import { packLanes, placeLabels } from './lanes';
import { darken } from './paint';
import type { DocumentModel } from './model';
import { rootFontScale } from '../../lib/textMetrics';

export const MARGIN_WIDTH_PX = 212;
/** Each of two columns when two coders are compared side by side. */
export const COMPACT_MARGIN_WIDTH_PX = 168;
const LANES_MAX_PX = 84;
const LANE_STEP_PX = 7;
const LABEL_HEIGHT_PX = 17;
const MIN_STRIPE_PX = 8;

type Stripe = Readonly<{ coding: Coding; top: number; bottom: number; lane: number }>;
type MarginLayout = Readonly<{
  stripes: readonly Stripe[];
  labels: readonly { coding: Coding; top: number; more: readonly Coding[] }[];
  laneStep: number;
}>;

type StripeMarginProps = Readonly<{
  model: DocumentModel;
  first: number;
  last: number;
  version: number;
  layout: BlockLayout;
  elements: ReadonlyMap<number, HTMLElement>;
  textRef: RefObject<HTMLElement | null>;
  /** The scrolling text, which a dragged stripe end scrolls when held near its top or bottom. */
  scrollerRef: RefObject<HTMLElement | null>;
  codeById: ReadonlyMap<CodeId, Code>;
  selectedCodingId: CodingId | null;
  hoveredCodingId: CodingId | null;
  onSelect(codingId: CodingId | null): void;
  onHover(codingId: CodingId | null): void;
  onRemove(codingId: CodingId): void;
  /** A column header (the coder's name when two coders are compared). */
  header?: string;
  /** A narrower column, so that two fit beside the text. */
  compact?: boolean;
}>;

const EMPTY: MarginLayout = { stripes: [], labels: [], laneStep: LANE_STEP_PX };
const FALLBACK_COLOR = '#888888';

function sameMargin(a: MarginLayout, b: MarginLayout): boolean {
  if (a.laneStep !== b.laneStep || a.stripes.length !== b.stripes.length || a.labels.length !== b.labels.length) {
    return false;
  }
  const sameStripes = a.stripes.every((stripe, index) => {
    const other = b.stripes[index];
    return (
      stripe.coding === other.coding &&
      stripe.lane === other.lane &&
      Math.abs(stripe.top - other.top) < 0.5 &&
      Math.abs(stripe.bottom - other.bottom) < 0.5
    );
  });
  return (
    sameStripes &&
    a.labels.every((label, index) => {
      const other = b.labels[index];
      return (
        label.coding === other.coding &&
        Math.abs(label.top - other.top) < 0.5 &&
        label.more.length === other.more.length
      );
    })
  );
}

function codeName(code: Code | undefined): string {
  return code?.name ?? '?';
}

/**
 * Coding stripes beside the text: one bar per coding in its code's colour, packed into lanes
 * so overlapping codings sit side by side, with the code's name beside it. Only the codings
 * of the mounted blocks are laid out, from the positions of their first and last characters.
 */
export const StripeMargin = memo(function StripeMargin(props: StripeMarginProps) {
  const { model, first, last, version, layout, elements, textRef, codeById } = props;
  const [margin, setMargin] = useState<MarginLayout>(EMPTY);
  // Labels are set in rem: with a larger system font they need more room, in both directions.
  const [scale] = useState(rootFontScale);
  const marginWidth = Math.round((props.compact ? COMPACT_MARGIN_WIDTH_PX : MARGIN_WIDTH_PX) * scale);

  useLayoutEffect(() => {
    if (!textRef.current) return;
    // Blocks that just mounted are measured by the parent right after this effect, which
    // then renders again: lay the stripes out once, on that render, not twice.
    for (let index = first; index <= last; index += 1) {
      if (elements.has(index) && !layout.isMeasured(index)) return;
    }
    const geometry: TextGeometry = { blocks: model.blocks, layout, elements, blockTops: new Map() };
    const seen = new Set<CodingId>();
    const extents: { id: string; top: number; bottom: number }[] = [];
    const byId = new Map<string, Coding>();
    for (let index = first; index <= last && index < model.byBlock.length; index += 1) {
      for (const coding of model.byBlock[index]) {
        if (seen.has(coding.id)) continue;
        seen.add(coding.id);
        const top = topOf(geometry, coding.start);
        const bottom = Math.max(top + MIN_STRIPE_PX, bottomOf(geometry, coding.end));
        extents.push({ id: coding.id, top, bottom });
        byId.set(coding.id, coding);
      }
    }
    releaseMeasuringRange();
    const packed = packLanes(extents);
    const laneStep = Math.max(3, Math.min(LANE_STEP_PX, LANES_MAX_PX / Math.max(1, packed.laneCount)));
    const next: MarginLayout = {
      stripes: packed.stripes.map((stripe) => ({
        coding: byId.get(stripe.id) as Coding,
        top: stripe.top,
        bottom: stripe.bottom,
        lane: stripe.lane,
      })),
      labels: placeLabels(extents, LABEL_HEIGHT_PX * scale).map((label) => ({
        coding: byId.get(label.id) as Coding,
        top: label.top,
        more: label.more.map((id) => byId.get(id) as Coding),
      })),
      laneStep,
    };
    // Re-measuring often finds the same picture (a scroll within the window): keep the old one.
    // A transition: re-rendering the bars yields to scrolling instead of blocking it.
    startTransition(() => setMargin((current) => (sameMargin(current, next) ? current : next)));
  }, [model, first, last, version, layout, elements, textRef, scale]);

  const { selectedCodingId, hoveredCodingId, onSelect, onHover, onRemove, header, scrollerRef } = props;
  const store = useAppStoreApi();
  const [dragging, setDragging] = useState<Edge | null>(null);
  const stopDrag = useRef<(() => void) | null>(null);
  useEffect(() => () => stopDrag.current?.(), []);
  const lanesWidth = Math.min(
    LANES_MAX_PX,
    margin.stripes.reduce((widest, stripe) => Math.max(widest, (stripe.lane + 1) * margin.laneStep), 0),
  );
  const barWidth = Math.max(2, margin.laneStep - 3);
  const labelLeft = lanesWidth + 8;
  const hovered =
    hoveredCodingId === null || dragging !== null
      ? null
      : margin.stripes.find((stripe) => stripe.coding.id === hoveredCodingId);
  const selectedStripe =
    selectedCodingId === null ? undefined : margin.stripes.find((stripe) => stripe.coding.id === selectedCodingId);

  // The grips on the selected stripe's ends move the coding's start or end a line at a time,
  // through the same snapping and one-step write as the handles on the text (edgeDrag.ts).
  const startGripDrag = (edge: Edge) => (event: PointerEvent<HTMLElement>) => {
    if (event.button !== 0 || !selectedStripe) return;
    event.preventDefault();
    event.stopPropagation();
    stopDrag.current?.();
    setDragging(edge);
    stopDrag.current = dragEdge(event, {
      store,
      codingId: selectedStripe.coding.id,
      edge,
      across: 'line',
      textRef,
      scrollerRef,
      onEnd: () => {
        stopDrag.current = null;
        setDragging(null);
      },
    });
  };

  return (
    <div
      className={header === undefined ? 'doc-margin' : 'doc-margin doc-margin-column'}
      role="group"
      aria-label={header === undefined ? t('document.margin') : t('document.marginOf', { coder: header })}
      data-coder={header}
      style={{ width: marginWidth }}
    >
      {header !== undefined && (
        <div className="doc-margin-header" title={header}>
          {header}
        </div>
      )}
      {margin.stripes.map((stripe) => {
        const code = codeById.get(stripe.coding.codeId);
        const selected = stripe.coding.id === selectedCodingId;
        return (
          <StripeBar
            key={stripe.coding.id}
            codingId={stripe.coding.id}
            codeId={stripe.coding.codeId}
            label={t('document.stripe', { code: code?.path ?? '?', coder: stripe.coding.coderName })}
            top={stripe.top}
            height={stripe.bottom - stripe.top}
            left={stripe.lane * margin.laneStep}
            width={selected ? barWidth + 2 : barWidth}
            color={code?.color ?? FALLBACK_COLOR}
            selected={selected}
            hasMemo={stripe.coding.memo.trim().length > 0}
            onSelect={onSelect}
            onHover={onHover}
          />
        );
      })}
      {selectedStripe &&
        (['start', 'end'] as const).map((edge) => (
          <span
            key={edge}
            className={`stripe-grip stripe-grip-${edge}${dragging === edge ? ' stripe-grip-dragging' : ''}`}
            data-edge={edge}
            aria-hidden="true"
            title={t(edge === 'start' ? 'document.grip.start' : 'document.grip.end')}
            style={{
              top: edge === 'start' ? selectedStripe.top : selectedStripe.bottom,
              left: selectedStripe.lane * margin.laneStep + (barWidth + 2) / 2,
              color: codeById.get(selectedStripe.coding.codeId)?.color ?? FALLBACK_COLOR,
            }}
            onPointerDown={startGripDrag(edge)}
            onMouseDown={(event) => event.preventDefault()}
            onClick={(event) => event.stopPropagation()}
          />
        ))}
      {margin.labels.map((label) => {
        const code = codeById.get(label.coding.codeId);
        return (
          <StripeLabel
            key={label.coding.id}
            codingId={label.coding.id}
            name={codeName(code)}
            color={code?.color ?? FALLBACK_COLOR}
            top={label.top}
            left={labelLeft}
            maxWidth={marginWidth - labelLeft - 4}
            more={label.more.map((coding) => codeById.get(coding.codeId)?.path ?? '?').join('\n')}
            moreCount={label.more.length}
            hasMemo={label.coding.memo.trim().length > 0}
            selected={label.coding.id === selectedCodingId}
            onSelect={onSelect}
            onHover={onHover}
            onRemove={onRemove}
          />
        );
      })}
      {hovered && (
        <div
          className="stripe-card"
          role="tooltip"
          style={{ top: hovered.top, left: labelLeft, width: marginWidth - labelLeft - 2 }}
        >
          <div className="stripe-card-path">
            <span className="swatch" style={{ background: codeById.get(hovered.coding.codeId)?.color }} />
            {codeById.get(hovered.coding.codeId)?.path ?? '?'}
          </div>
          <div className="stripe-card-row">
            <span className="muted">{t('document.card.coder')}</span> {hovered.coding.coderName}
          </div>
          <div className="stripe-card-row">
            {hovered.coding.memo.trim() ? (
              <>
                <span className="muted">{t('document.card.memo')}</span>{' '}
                <span className="stripe-card-memo">{hovered.coding.memo}</span>
              </>
            ) : (
              <span className="muted">{t('document.card.noMemo')}</span>
            )}
          </div>
          <div className="stripe-card-row muted">
            {t('document.card.range', { start: hovered.coding.start, end: hovered.coding.end })}
          </div>
          <div className="stripe-card-hint muted">
            {t(hovered.coding.id === selectedCodingId ? 'document.card.adjust' : 'document.card.select')}
          </div>
        </div>
      )}
    </div>
  );
});

type StripeBarProps = Readonly<{
  codingId: CodingId;
  codeId: CodeId;
  label: string;
  top: number;
  height: number;
  left: number;
  width: number;
  color: string;
  selected: boolean;
  hasMemo: boolean;
  onSelect(codingId: CodingId | null): void;
  onHover(codingId: CodingId | null): void;
}>;

/** One coding's bar. Memoised on plain values: a scroll re-renders only bars that moved. */
const StripeBar = memo(function StripeBar(props: StripeBarProps) {
  const { codingId, codeId, label, top, height, left, width, color, selected, hasMemo, onSelect, onHover } = props;
  return (
    <button
      type="button"
      className={`stripe${selected ? ' stripe-selected' : ''}${hasMemo ? ' stripe-memo' : ''}`}
      data-coding-id={codingId}
      data-code-id={codeId}
      aria-pressed={selected}
      aria-label={hasMemo ? `${label} · ${t('document.hasMemo')}` : label}
      style={{ top, height, left, width, background: color }}
      onClick={() => onSelect(selected ? null : codingId)}
      onMouseEnter={() => onHover(codingId)}
      onMouseLeave={() => onHover(null)}
      onFocus={() => onHover(codingId)}
      onBlur={() => onHover(null)}
    />
  );
});

type StripeLabelProps = Readonly<{
  codingId: CodingId;
  name: string;
  color: string;
  top: number;
  left: number;
  maxWidth: number;
  /** Code paths of the stripes counted on this label ("+N"), one per line. */
  more: string;
  moreCount: number;
  hasMemo: boolean;
  selected: boolean;
  onSelect(codingId: CodingId | null): void;
  onHover(codingId: CodingId | null): void;
  onRemove(codingId: CodingId): void;
}>;

/** A stripe's code name beside the lanes; the selected coding's label carries a remove button. */
const StripeLabel = memo(function StripeLabel(props: StripeLabelProps) {
  const {
    codingId,
    name,
    color,
    top,
    left,
    maxWidth,
    more,
    moreCount,
    hasMemo,
    selected,
    onSelect,
    onHover,
    onRemove,
  } = props;
  return (
    <div
      className={selected ? 'stripe-label stripe-label-selected' : 'stripe-label'}
      style={{ top, left, maxWidth }}
      onMouseEnter={() => onHover(codingId)}
      onMouseLeave={() => onHover(null)}
    >
      <button
        type="button"
        tabIndex={-1}
        className="stripe-label-name"
        style={{ color: darken(color) }}
        onClick={() => onSelect(selected ? null : codingId)}
      >
        {name}
      </button>
      {hasMemo && (
        <span className="stripe-memo-mark" title={t('document.hasMemo')} aria-hidden="true">
          ✎
        </span>
      )}
      {moreCount > 0 && (
        <span className="stripe-more" title={more}>
          +{moreCount}
        </span>
      )}
      {selected && (
        <button
          type="button"
          className="stripe-remove"
          aria-label={t('document.removeCoding')}
          title={t('document.removeCodingHint')}
          onClick={() => onRemove(codingId)}
        >
          ×
        </button>
      )}
    </div>
  );
});
