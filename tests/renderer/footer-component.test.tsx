// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { Dialog } from '../../renderer/app/Dialog';
import { ExportFooter, type ExportFooterProps } from '../../renderer/app/ExportFooter';
import { setLocale } from '../../renderer/i18n';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | null = null;
afterEach(() => {
  act(() => root?.unmount());
  root = null;
  document.body.innerHTML = '';
  setLocale('en');
});

type Log = { submits: number; cancels: number };

/** An export dialog as the Memos and Analysis tabs build it: a form with a choice, then the footer. */
async function render(log: Log, props: Omit<ExportFooterProps, 'onCancel'>): Promise<HTMLElement> {
  const container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  await act(async () =>
    root?.render(
      <Dialog title="Export memos" onClose={() => undefined}>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            log.submits += 1;
          }}
        >
          <input type="radio" name="format" aria-label="Markdown" defaultChecked />
          <ExportFooter
            {...props}
            onCancel={() => {
              log.cancels += 1;
            }}
          />
        </form>
      </Dialog>,
    ),
  );
  return document.querySelector('[role="dialog"]') as HTMLElement;
}

const buttons = (dialog: HTMLElement): HTMLButtonElement[] =>
  Array.from(dialog.querySelectorAll<HTMLButtonElement>('.dialog-actions button'));

describe('ExportFooter', () => {
  it('shows Cancel then Export, nothing else, while idle; Export submits the form, Cancel cancels', async () => {
    const log: Log = { submits: 0, cancels: 0 };
    const dialog = await render(log, { busy: false, error: null });
    const [cancel, save] = buttons(dialog);
    expect(buttons(dialog).map((button) => button.textContent)).toEqual(['Cancel', 'Export']);
    expect(save.type).toBe('submit');
    expect(cancel.type).toBe('button');
    expect(save.disabled).toBe(false);
    expect(dialog.querySelector('[role="status"]')).toBeNull();
    expect(dialog.querySelector('[role="alert"]')).toBeNull();
    await act(async () => save.click());
    await act(async () => cancel.click());
    expect(log).toEqual({ submits: 1, cancels: 1 });
  });

  it('shows the progress row while the file is made, Export waiting and Cancel still there', async () => {
    const log: Log = { submits: 0, cancels: 0 };
    const dialog = await render(log, { busy: true, error: null });
    const status = dialog.querySelector('[role="status"]') as HTMLElement;
    expect(status.textContent).toBe('Preparing the file…');
    expect(status.querySelector('progress')?.getAttribute('aria-label')).toBe('Preparing the file…');
    const [cancel, save] = buttons(dialog);
    expect(save.disabled).toBe(true);
    expect(cancel.disabled).toBe(false);
    await act(async () => cancel.click());
    expect(log.cancels).toBe(1);
  });

  it('says why the file could not be made, and Export can be tried again', async () => {
    const dialog = await render({ submits: 0, cancels: 0 }, { busy: false, error: 'The disk is full.' });
    expect(dialog.querySelector('[role="alert"]')?.textContent).toBe('The disk is full.');
    expect(buttons(dialog)[1].disabled).toBe(false);
  });

  it('keeps Export shut when there is nothing to export', async () => {
    const dialog = await render({ submits: 0, cancels: 0 }, { busy: false, error: null, canExport: false });
    expect(buttons(dialog)[1].disabled).toBe(true);
  });

  it('reads in Chinese', async () => {
    setLocale('zh-CN');
    const dialog = await render({ submits: 0, cancels: 0 }, { busy: true, error: null });
    expect(buttons(dialog).map((button) => button.textContent)).toEqual(['取消', '导出']);
    expect(dialog.querySelector('[role="status"]')?.textContent).toBe('正在生成文件…');
  });
});
