import {
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type DOMAttributes,
  type FormEvent,
  type KeyboardEvent as ReactKeyboardEvent,
  type ReactNode,
  type RefObject,
} from 'react';

/** What can take the focus inside a dialog, in document order. */
const FOCUSABLE = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  '[contenteditable="true"]',
  '[tabindex]',
]
  .map((selector) => `${selector}:not([tabindex="-1"])`)
  .join(', ');

/** The controls Tab moves through: hidden ones (display: none, a closed <details>) are skipped. */
function focusables(box: HTMLElement): HTMLElement[] {
  return Array.from(box.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
    (element) => !element.closest('[hidden], [inert]') && element.getClientRects().length > 0,
  );
}

// The open dialogs, the last on top: only that one answers Escape and Tab, so a question asked
// over a dialog (a confirmation) keeps the keys to itself.
const openDialogs: symbol[] = [];

export type DialogProps = Readonly<{
  title: ReactNode;
  /** Read by screen readers with the title (aria-describedby); shown under it. */
  description?: ReactNode;
  /** 'alertdialog' for a question that interrupts (a confirmation). */
  role?: 'dialog' | 'alertdialog';
  /** small (the default, a question), medium (a form), large (a form with a long list; scrolls). */
  size?: 'small' | 'medium' | 'large';
  /** The feature's own class for the box, for its layout inside. */
  className?: string;
  titleClassName?: string;
  /** Shown beside the title in a row of class `headClassName` (a byline, a close button). */
  headExtra?: ReactNode;
  headClassName?: string;
  /**
   * Where the focus goes when the dialog opens: an element, or 'first' (the default: the element
   * marked data-autofocus, else the first control, else the box), 'box', or 'none' (a child
   * focuses itself, such as an editor with autoFocus).
   */
  initialFocus?: RefObject<HTMLElement | null> | 'first' | 'box' | 'none';
  /** Escape, a click outside, or a close button: the dialog goes away. */
  onClose(): void;
  /**
   * Asked before Escape or a click outside closes the dialog; false keeps it open (the dialog
   * then asks the researcher itself, about unsaved edits or work that is running).
   */
  beforeClose?(): boolean;
  /** Work runs that closing would break: Escape and a click outside do nothing; aria-busy. */
  busy?: boolean;
  /** False when a stray click outside must not close it (a dialog with a long job). */
  closeOnBackdrop?: boolean;
  /** Makes the box a form (Enter in a field submits). */
  onSubmit?(event: FormEvent<HTMLFormElement>): void;
  /** The buttons, at the bottom right. */
  footer?: ReactNode;
  /** Other handlers for the box (keys caught before the fields, a drop of files). */
  boxProps?: Pick<
    DOMAttributes<HTMLElement>,
    'onKeyDown' | 'onKeyDownCapture' | 'onDragOver' | 'onDragLeave' | 'onDrop'
  >;
  children?: ReactNode;
}>;

/**
 * The app's modal dialog: a titled box over a dimmed window. The focus goes in when it opens,
 * Tab and Shift+Tab stay inside, Escape or a click outside closes it (unless it is busy, or
 * `beforeClose` says no), and the focus goes back to what opened it when it closes.
 */
export function Dialog({
  title,
  description,
  role = 'dialog',
  size = 'small',
  className,
  titleClassName,
  headExtra,
  headClassName,
  initialFocus = 'first',
  onClose,
  beforeClose,
  busy = false,
  closeOnBackdrop = true,
  onSubmit,
  footer,
  boxProps,
  children,
}: DialogProps) {
  const titleId = useId();
  const descriptionId = useId();
  const boxRef = useRef<HTMLElement>(null);
  // Taken while the dialog first renders, before an autoFocus child moves the focus in.
  const [opener] = useState(() => document.activeElement as HTMLElement | null);
  const [key] = useState(() => Symbol('dialog'));

  const requestClose = (): void => {
    if (busy || (beforeClose && !beforeClose())) return;
    onClose();
  };
  const onTop = (): boolean => openDialogs[openDialogs.length - 1] === key;
  // Tab from the last control goes to the first, Shift+Tab from the first to the last; from
  // outside the dialog (the focus fell to the page when a button was disabled) into it.
  const trapTab = (event: KeyboardEvent | ReactKeyboardEvent, box: HTMLElement): void => {
    const all = focusables(box);
    const active = document.activeElement;
    if (all.length === 0) {
      event.preventDefault();
      box.focus();
      return;
    }
    const first = all[0];
    const last = all[all.length - 1];
    if (!box.contains(active) || (event.shiftKey ? active === first || active === box : active === last)) {
      event.preventDefault();
      event.stopPropagation();
      (event.shiftKey ? last : first).focus();
    }
  };

  useLayoutEffect(() => {
    openDialogs.push(key);
    return () => {
      openDialogs.splice(openDialogs.indexOf(key), 1);
    };
  }, [key]);

  useEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    if (typeof initialFocus === 'object') (initialFocus.current ?? box).focus();
    else if (initialFocus === 'box') box.focus();
    else if (initialFocus === 'first') {
      (box.querySelector<HTMLElement>('[data-autofocus]') ?? focusables(box)[0] ?? box).focus();
    }
    return () => opener?.focus?.();
    // The focus is placed once, when the dialog opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Keys pressed while the focus is outside the dialog (on the page behind) still belong to it.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      const box = boxRef.current;
      if (!box || !onTop() || box.contains(document.activeElement)) return;
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        requestClose();
      } else if (event.key === 'Tab') trapTab(event, box);
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  });

  const onKeyDown = (event: ReactKeyboardEvent<HTMLElement>): void => {
    boxProps?.onKeyDown?.(event);
    const box = boxRef.current;
    if (!box || event.defaultPrevented || !onTop()) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      requestClose();
    } else if (event.key === 'Tab') trapTab(event, box);
  };

  const heading = (
    <h2 id={titleId} className={titleClassName ? `dialog-title ${titleClassName}` : 'dialog-title'}>
      {title}
    </h2>
  );
  const content = (
    <>
      {headExtra === undefined ? (
        heading
      ) : (
        <div className={headClassName}>
          {heading}
          {headExtra}
        </div>
      )}
      {description !== undefined && (
        <div id={descriptionId} className="dialog-body">
          {description}
        </div>
      )}
      {children}
      {footer !== undefined && <div className="dialog-actions">{footer}</div>}
    </>
  );
  const shared = {
    ...boxProps,
    className: ['dialog', `dialog-${size}`, className].filter(Boolean).join(' '),
    role,
    'aria-modal': true,
    'aria-labelledby': titleId,
    'aria-describedby': description === undefined ? undefined : descriptionId,
    'aria-busy': busy || undefined,
    tabIndex: -1,
    onKeyDown,
  } as const;
  return (
    <div
      className={size === 'large' ? 'overlay overlay-tall' : 'overlay'}
      onMouseDown={(event) => closeOnBackdrop && event.target === event.currentTarget && requestClose()}
    >
      {onSubmit ? (
        <form ref={boxRef as RefObject<HTMLFormElement>} {...shared} onSubmit={onSubmit}>
          {content}
        </form>
      ) : (
        <div ref={boxRef as RefObject<HTMLDivElement>} {...shared}>
          {content}
        </div>
      )}
    </div>
  );
}
