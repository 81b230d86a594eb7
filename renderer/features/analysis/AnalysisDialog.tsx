import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A modal dialog of the Analysis tab: Escape or a click outside cancels; the first field has
 * the focus, and goes back where it was when the dialog closes.
 */
export function AnalysisDialog({
  title,
  onCancel,
  className,
  children,
}: Readonly<{ title: string; onCancel(): void; className?: string; children: ReactNode }>) {
  const titleId = useId();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    box.current?.querySelector<HTMLElement>('input, select, textarea, button')?.focus();
    return () => previous?.focus?.();
  }, []);
  return (
    <div className="overlay" onMouseDown={(event) => event.target === event.currentTarget && onCancel()}>
      <div
        ref={box}
        className={className ? `dialog analysis-dialog ${className}` : 'dialog analysis-dialog'}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.stopPropagation();
            onCancel();
          }
        }}
      >
        <h2 id={titleId} className="dialog-title">
          {title}
        </h2>
        {children}
      </div>
    </div>
  );
}
