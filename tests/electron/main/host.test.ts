import { join } from 'node:path';
import type { BrowserWindow } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import {
  createDialogHost,
  projectFileName,
  withProjectExtension,
  type DialogHostOptions,
} from '../../../electron/main/host';

function fakeDialog(save: { canceled: boolean; filePath?: string }, open: { canceled: boolean; filePaths: string[] }) {
  return {
    showSaveDialog: vi.fn(async (..._args: unknown[]) => save),
    showOpenDialog: vi.fn(async (..._args: unknown[]) => open),
  };
}

function host(dialog: ReturnType<typeof fakeDialog>, window: BrowserWindow | null = null) {
  return createDialogHost({
    dialog: dialog as unknown as DialogHostOptions['dialog'],
    window: () => window,
    defaultDirectory: () => '/home/r/Documents',
  });
}

describe('createDialogHost', () => {
  it('is an Electron host with no projects folder of its own', () => {
    const created = host(fakeDialog({ canceled: true }, { canceled: true, filePaths: [] }));
    expect(created.mode).toBe('electron');
    expect(created.projectsDir).toBeNull();
  });

  it('asks where to save a new project, suggesting its name in Documents', async () => {
    const dialog = fakeDialog(
      { canceled: false, filePath: '/home/r/Documents/基层治理' },
      { canceled: true, filePaths: [] },
    );
    const path = await host(dialog).chooseNewProjectPath('基层治理');
    // GTK does not append the filter's extension, so the host does.
    expect(path).toBe('/home/r/Documents/基层治理.marginalia');
    const options = dialog.showSaveDialog.mock.calls[0] as unknown[];
    expect(options.at(-1)).toMatchObject({
      defaultPath: join('/home/r/Documents', '基层治理.marginalia'),
      filters: [{ name: 'Marginalia project', extensions: ['marginalia'] }],
    });
  });

  it('attaches the dialogs to the window when there is one', async () => {
    const window = { id: 1 } as unknown as BrowserWindow;
    const dialog = fakeDialog({ canceled: true }, { canceled: false, filePaths: ['/p/a.marginalia'] });
    await host(dialog, window).chooseProjectToOpen();
    expect(dialog.showOpenDialog.mock.calls[0]?.[0]).toBe(window);
  });

  it('returns null when the researcher cancels either dialog', async () => {
    const dialog = fakeDialog({ canceled: true }, { canceled: true, filePaths: [] });
    expect(await host(dialog).chooseNewProjectPath('x')).toBeNull();
    expect(await host(dialog).chooseProjectToOpen()).toBeNull();
  });

  it('returns the file chosen in the Open dialog', async () => {
    const dialog = fakeDialog({ canceled: true }, { canceled: false, filePaths: ['/p/乡村.marginalia'] });
    expect(await host(dialog).chooseProjectToOpen()).toBe('/p/乡村.marginalia');
    expect(dialog.showOpenDialog.mock.calls[0]?.[0]).toMatchObject({ properties: ['openFile'] });
  });
});

describe('projectFileName', () => {
  it('keeps the name but removes path separators and reserved characters', () => {
    expect(projectFileName('乡村振兴 / 访谈: 第1轮?')).toBe('乡村振兴 访谈 第1轮.marginalia');
    expect(projectFileName('../../etc/passwd')).toBe('etc passwd.marginalia');
    expect(projectFileName('   ')).toBe('Untitled project.marginalia');
    expect(projectFileName('第一\u0000轮\n访谈\u007f')).toBe('第一 轮 访谈.marginalia');
    expect(projectFileName('.hidden.')).toBe('hidden.marginalia');
  });

  it('adds the extension only when missing', () => {
    expect(withProjectExtension('/a/b')).toBe('/a/b.marginalia');
    expect(withProjectExtension('/a/b.Marginalia')).toBe('/a/b.Marginalia');
  });
});
