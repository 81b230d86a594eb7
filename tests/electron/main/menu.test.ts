import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type { RecentProject } from '../../../shared/domain/types';
import { buildMenuTemplate, MAX_RECENT_ITEMS, type MenuActions } from '../../../electron/main/menu';

function actions() {
  return {
    sendCommand: vi.fn(),
    openRecent: vi.fn(),
    closeProject: vi.fn(),
    showAbout: vi.fn(),
    openUserGuide: vi.fn(),
  } satisfies MenuActions;
}

const recents: RecentProject[] = [
  { path: '/home/r/乡村振兴.marginalia', name: '乡村振兴', openedAt: '2025-01-02T00:00:00Z', exists: true },
  { path: '/media/usb/old.marginalia', name: 'R&D interviews', openedAt: '2025-01-01T00:00:00Z', exists: false },
];

function submenuOf(item: MenuItemConstructorOptions | undefined): MenuItemConstructorOptions[] {
  const submenu = item?.submenu;
  return Array.isArray(submenu) ? submenu : [];
}

function topLevel(template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions[] {
  return submenuOf(template.find((menu) => menu.label?.replace('&', '') === label));
}

function byId(items: MenuItemConstructorOptions[], id: string): MenuItemConstructorOptions {
  const found = items.find((item) => item.id === id);
  if (!found) throw new Error(`no menu item ${id}`);
  return found;
}

function click(item: MenuItemConstructorOptions): void {
  (item.click as (() => void) | undefined)?.();
}

describe('buildMenuTemplate', () => {
  const linux = (isDev = false, list = recents, handlers = actions()) =>
    buildMenuTemplate({ recents: list, actions: handlers, isDev, platform: 'linux' });

  it('has File, Edit, View and Help menus in that order', () => {
    expect(linux().map((menu) => menu.label)).toEqual(['&File', '&Edit', '&View', '&Help']);
  });

  it('binds the keyboard accelerators researchers expect', () => {
    const template = linux();
    const file = topLevel(template, 'File');
    const edit = topLevel(template, 'Edit');
    expect(byId(file, 'new-project').accelerator).toBe('CmdOrCtrl+N');
    expect(byId(file, 'open-project').accelerator).toBe('CmdOrCtrl+O');
    expect(byId(file, 'import').accelerator).toBe('CmdOrCtrl+Shift+O');
    expect(byId(edit, 'undo').accelerator).toBe('CmdOrCtrl+Z');
    expect(byId(edit, 'redo').accelerator).toBe('CmdOrCtrl+Shift+Z');
  });

  it('shows Undo and Redo keys without grabbing them on Linux and Windows, so text fields keep their own undo', () => {
    const edit = topLevel(linux(), 'Edit');
    expect(byId(edit, 'undo').registerAccelerator).toBe(false);
    expect(byId(edit, 'redo').registerAccelerator).toBe(false);
    const mac = buildMenuTemplate({ recents, actions: actions(), isDev: false, platform: 'darwin' });
    expect(byId(topLevel(mac, 'Edit'), 'undo').registerAccelerator).toBe(true);
  });

  it('sends renderer commands for New, Open, Import, Export, Share, Undo and Redo', () => {
    const handlers = actions();
    const template = linux(false, recents, handlers);
    const file = topLevel(template, 'File');
    const edit = topLevel(template, 'Edit');
    const expected: Array<[MenuItemConstructorOptions[], string]> = [
      [file, 'new-project'],
      [file, 'open-project'],
      [file, 'import'],
      [file, 'export-frequencies'],
      [file, 'new-from-exchange'],
      [file, 'share-export'],
      [file, 'share-merge'],
      [file, 'share-agreement'],
      [edit, 'undo'],
      [edit, 'redo'],
    ];
    for (const [menu, id] of expected) {
      handlers.sendCommand.mockClear();
      click(byId(menu, id));
      expect(handlers.sendCommand, id).toHaveBeenCalledExactlyOnceWith(id);
    }
  });

  it('closes the project and quits from the File menu', () => {
    const handlers = actions();
    const file = topLevel(linux(false, recents, handlers), 'File');
    click(byId(file, 'close-project'));
    expect(handlers.closeProject).toHaveBeenCalledOnce();
    expect(byId(file, 'quit').role).toBe('quit');
    expect(handlers.sendCommand).not.toHaveBeenCalled();
  });

  it('lists recent projects, greys out missing ones and opens the chosen path', () => {
    const handlers = actions();
    const recent = submenuOf(byId(topLevel(linux(false, recents, handlers), 'File'), 'open-recent'));
    expect(recent).toHaveLength(2);
    expect(recent[0]).toMatchObject({ label: '乡村振兴', enabled: true, toolTip: '/home/r/乡村振兴.marginalia' });
    expect(recent[1]).toMatchObject({ label: 'R&&D interviews (missing)', enabled: false });
    click(recent[0] ?? {});
    expect(handlers.openRecent).toHaveBeenCalledExactlyOnceWith('/home/r/乡村振兴.marginalia');
  });

  it('shows a disabled placeholder when there are no recent projects, and caps a long list', () => {
    const empty = submenuOf(byId(topLevel(linux(false, []), 'File'), 'open-recent'));
    expect(empty).toEqual([{ label: 'No Recent Projects', enabled: false }]);

    const many = Array.from(
      { length: 30 },
      (_, index) => ({ ...recents[0], path: `/p/${index}.marginalia` }) as RecentProject,
    );
    expect(submenuOf(byId(topLevel(linux(false, many), 'File'), 'open-recent'))).toHaveLength(MAX_RECENT_ITEMS);
  });

  it('has the standard clipboard roles in Edit', () => {
    const roles = topLevel(linux(), 'Edit')
      .map((item) => item.role)
      .filter(Boolean);
    expect(roles).toEqual(['cut', 'copy', 'paste', 'selectAll']);
  });

  it('offers Reload and developer tools only in development, zoom always', () => {
    const production = topLevel(linux(false), 'View').map((item) => item.role);
    expect(production).not.toContain('reload');
    expect(production).not.toContain('toggleDevTools');
    expect(production).toEqual(expect.arrayContaining(['resetZoom', 'zoomIn', 'zoomOut']));

    const development = topLevel(linux(true), 'View').map((item) => item.role);
    expect(development).toEqual(expect.arrayContaining(['reload', 'toggleDevTools', 'zoomIn']));
  });

  it('opens the user guide and About from Help', () => {
    const handlers = actions();
    const help = topLevel(linux(false, recents, handlers), 'Help');
    click(byId(help, 'user-guide'));
    click(byId(help, 'about'));
    expect(handlers.openUserGuide).toHaveBeenCalledOnce();
    expect(handlers.showAbout).toHaveBeenCalledOnce();
  });

  it('puts the application menu first on macOS and Quit there, not in File', () => {
    const template = buildMenuTemplate({ recents, actions: actions(), isDev: false, platform: 'darwin' });
    expect(template[0]?.role).toBe('appMenu');
    expect(topLevel(template, 'File').some((item) => item.role === 'quit')).toBe(false);
  });
});
