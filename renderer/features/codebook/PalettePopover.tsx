import { useEffect, useRef } from 'react';
import { CODE_PALETTE } from '../../../shared/domain/palette';
import { t } from '../../i18n';

type PalettePopoverProps = Readonly<{
  current: string;
  label: string;
  onPick(color: string): void;
  onClose(): void;
}>;

/** The twelve code colours as a small grid; arrow keys and Tab move, Escape closes. */
export function PalettePopover({ current, label, onPick, onClose }: PalettePopoverProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = ref.current;
    const target = element?.querySelector('[aria-checked="true"]') ?? element?.querySelector('button');
    (target as HTMLElement | null | undefined)?.focus();
    const onPointer = (event: MouseEvent): void => {
      if (element && !element.contains(event.target as Node)) onClose();
    };
    document.addEventListener('mousedown', onPointer, true);
    return () => document.removeEventListener('mousedown', onPointer, true);
  }, [onClose]);
  return (
    <div
      className="palette"
      role="dialog"
      aria-label={label}
      ref={ref}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onClose();
        }
        if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
          const buttons = Array.from(ref.current?.querySelectorAll('button') ?? []);
          const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
          const next = buttons[(index + (event.key === 'ArrowRight' ? 1 : buttons.length - 1)) % buttons.length];
          next?.focus();
          event.preventDefault();
        }
      }}
    >
      <div className="palette-grid" role="radiogroup" aria-label={t('codebook.palette')}>
        {CODE_PALETTE.map((color) => (
          <button
            key={color}
            type="button"
            role="radio"
            aria-checked={color.toLowerCase() === current.toLowerCase()}
            aria-label={color}
            className="palette-swatch"
            style={{ background: color }}
            onClick={() => onPick(color)}
          />
        ))}
      </div>
    </div>
  );
}
