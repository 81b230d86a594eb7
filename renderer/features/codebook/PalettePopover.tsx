import { useEffect, useRef } from 'react';
import { CODE_PALETTE } from '../../../shared/domain/palette';
import { t, type MessageKey } from '../../i18n';

type PalettePopoverProps = Readonly<{
  current: string;
  label: string;
  onPick(color: string): void;
  /** Escape (the focus goes back to the code) or a click elsewhere (it stays where the click put it). */
  onClose(reason: 'escape' | 'outside'): void;
}>;

/** Swatches per row of the grid (styles.css lays out six columns). */
const COLUMNS = 6;
const STEPS: Readonly<Record<string, number>> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: COLUMNS, ArrowUp: -COLUMNS };

/** The twelve code colours as a small grid; arrow keys and Tab move, Enter picks, Escape closes. */
export function PalettePopover({ current, label, onPick, onClose }: PalettePopoverProps) {
  const ref = useRef<HTMLDivElement>(null);
  // The latest onClose without re-running the effect: that would move the focus back to the
  // current colour on every render of the tree (counts refresh while the popover is open).
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  }, [onClose]);
  useEffect(() => {
    const element = ref.current;
    const target = element?.querySelector('[aria-checked="true"]') ?? element?.querySelector('button');
    (target as HTMLElement | null | undefined)?.focus();
    const onPointer = (event: MouseEvent): void => {
      if (element && !element.contains(event.target as Node)) onCloseRef.current('outside');
    };
    document.addEventListener('mousedown', onPointer, true);
    return () => document.removeEventListener('mousedown', onPointer, true);
  }, []);
  return (
    <div
      className="palette"
      role="dialog"
      aria-label={label}
      ref={ref}
      // A click on a colour is not a click on the code's row (which would apply the code).
      onClick={(event) => event.stopPropagation()}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onClose('escape');
        }
        const step = STEPS[event.key];
        if (step !== undefined) {
          const buttons = Array.from(ref.current?.querySelectorAll('button') ?? []);
          const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
          const next = buttons[(index + step + buttons.length) % buttons.length];
          next?.focus();
          event.preventDefault();
        }
      }}
    >
      <div className="palette-grid" role="radiogroup" aria-label={t('codebook.palette')}>
        {CODE_PALETTE.map((color, index) => (
          <button
            key={color}
            type="button"
            role="radio"
            aria-checked={color.toLowerCase() === current.toLowerCase()}
            // A colour's name for screen readers (the catalogue names the twelve palette colours).
            aria-label={t(`codebook.colour.${index}` as MessageKey)}
            title={t(`codebook.colour.${index}` as MessageKey)}
            className="palette-swatch"
            style={{ background: color }}
            onClick={() => onPick(color)}
          />
        ))}
      </div>
    </div>
  );
}
