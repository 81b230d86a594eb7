// @vitest-environment happy-dom
import { act, useRef, useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfirmDialog } from '../../renderer/app/ConfirmDialog';
import { Dialog } from '../../renderer/app/Dialog';
import { press } from './support/render';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | null = null;
afterEach(() => {
  act(() => root?.unmount());
  root = null;
  document.body.innerHTML = '';
});

type Log = { closes: number; asked: number };

/** A page with an opener button; the dialog shows while `open` and records how it was closed. */
function Page({ log, veto = false, busy = false }: Readonly<{ log: Log; veto?: boolean; busy?: boolean }>) {
  const [open, setOpen] = useState(false);
  const [asking, setAsking] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" id="opener" onClick={() => setOpen(true)}>
        Open
      </button>
      {open && (
        <Dialog
          title="Rename the code"
          description={<p>The new name shows everywhere.</p>}
          initialFocus={nameRef}
          busy={busy}
          onClose={() => {
            log.closes += 1;
            setOpen(false);
          }}
          beforeClose={() => {
            log.asked += 1;
            if (veto) setAsking(true);
            return !veto;
          }}
          footer={
            <>
              <button type="button" id="cancel">
                Cancel
              </button>
              <button type="button" id="save">
                Save
              </button>
            </>
          }
        >
          <input id="name" ref={nameRef} aria-label="Name" />
          <button type="button" id="disabled" disabled>
            Never reached
          </button>
          {asking && (
            <ConfirmDialog
              title="Discard the edits?"
              lines={['The new name is lost.']}
              onConfirm={() => setOpen(false)}
              onCancel={() => setAsking(false)}
            />
          )}
        </Dialog>
      )}
    </>
  );
}

async function open(log: Log, props: { veto?: boolean; busy?: boolean } = {}): Promise<HTMLButtonElement> {
  const container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  await act(async () => root?.render(<Page log={log} {...props} />));
  const opener = document.getElementById('opener') as HTMLButtonElement;
  opener.focus();
  await act(async () => opener.click());
  return opener;
}

const active = (): string => (document.activeElement as HTMLElement | null)?.id ?? '';
const dialogs = (): HTMLElement[] => Array.from(document.querySelectorAll<HTMLElement>('[aria-modal="true"]'));

describe('the app dialog', () => {
  it('is named by its title, described by its description, and focuses the given field', async () => {
    await open({ closes: 0, asked: 0 });
    const [dialog] = dialogs();
    expect(dialog.getAttribute('role')).toBe('dialog');
    expect(document.getElementById(dialog.getAttribute('aria-labelledby') ?? '')?.textContent).toBe('Rename the code');
    expect(document.getElementById(dialog.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'The new name shows everywhere.',
    );
    expect(active()).toBe('name');
  });

  it('keeps Tab and Shift+Tab inside, skipping disabled buttons', async () => {
    await open({ closes: 0, asked: 0 });
    (document.getElementById('save') as HTMLButtonElement).focus();
    act(() => press(document.activeElement as Element, 'Tab'));
    expect(active()).toBe('name');
    act(() => press(document.activeElement as Element, 'Tab', { shiftKey: true }));
    expect(active()).toBe('save');
    // The focus fell behind the dialog (a button was disabled under it): Tab brings it back in.
    (document.getElementById('opener') as HTMLButtonElement).focus();
    act(() => press(document.activeElement as Element, 'Tab'));
    expect(active()).toBe('name');
  });

  it('closes on Escape and gives the focus back to the button that opened it', async () => {
    const log = { closes: 0, asked: 0 };
    const opener = await open(log);
    act(() => press(document.activeElement as Element, 'Escape'));
    expect(log).toEqual({ closes: 1, asked: 1 });
    expect(dialogs()).toHaveLength(0);
    expect(document.activeElement).toBe(opener);
  });

  it('closes on a click beside it, not on a click inside it', async () => {
    const log = { closes: 0, asked: 0 };
    await open(log);
    const [dialog] = dialogs();
    act(() => {
      dialog.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    });
    expect(log.closes).toBe(0);
    act(() => {
      dialog.parentElement?.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    });
    expect(log.closes).toBe(1);
  });

  it('stays open when the ask-before-closing hook says no, and the question takes the keys', async () => {
    const log = { closes: 0, asked: 0 };
    await open(log, { veto: true });
    act(() => press(document.activeElement as Element, 'Escape'));
    expect(log).toEqual({ closes: 0, asked: 1 });
    // The question is on top: its Cancel has the focus, Tab stays in it, Escape closes only it.
    expect(dialogs()).toHaveLength(2);
    expect(dialogs()[1].getAttribute('role')).toBe('alertdialog');
    expect(document.activeElement?.textContent).toBe('Cancel');
    const question = dialogs()[1];
    act(() => press(document.activeElement as Element, 'Tab', { shiftKey: true }));
    expect(question.contains(document.activeElement)).toBe(true);
    act(() => press(document.activeElement as Element, 'Escape'));
    expect(dialogs()).toHaveLength(1);
    expect(log).toEqual({ closes: 0, asked: 1 });
    expect(active()).toBe('name');
  });

  it('ignores Escape while busy', async () => {
    const log = { closes: 0, asked: 0 };
    await open(log, { busy: true });
    act(() => press(document.activeElement as Element, 'Escape'));
    expect(log).toEqual({ closes: 0, asked: 0 });
    expect(dialogs()[0].getAttribute('aria-busy')).toBe('true');
  });
});
