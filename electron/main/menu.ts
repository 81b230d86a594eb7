import type { MenuItemConstructorOptions } from 'electron';
import type { RecentProject } from '../../shared/domain/types';
import type { MenuCommand } from './channels';

// The native menu as a pure function of its inputs, so its items and accelerators are tested
// without Electron. Commands the renderer owns (undo, import, …) are sent to it; the rest are
// actions main carries out itself.

export type MenuActions = Readonly<{
  /** Forwards a command to the renderer (`marginalia:menu`). */
  sendCommand(command: MenuCommand): void;
  openRecent(path: string): void;
  closeProject(): void;
  showAbout(): void;
  openUserGuide(): void;
}>;

export type MenuOptions = Readonly<{
  recents: readonly RecentProject[];
  actions: MenuActions;
  /** Development build: adds Reload and the developer tools. */
  isDev: boolean;
  platform: NodeJS.Platform;
}>;

/** How many recent projects the Open Recent submenu lists. */
export const MAX_RECENT_ITEMS = 10;

/** The Open Recent submenu: one item per recent project, missing files greyed out. */
export function recentProjectItems(
  recents: readonly RecentProject[],
  openRecent: (path: string) => void,
): MenuItemConstructorOptions[] {
  if (recents.length === 0) return [{ label: 'No Recent Projects', enabled: false }];
  return recents.slice(0, MAX_RECENT_ITEMS).map((recent) => ({
    // '&' marks a mnemonic on Windows and Linux; double it so a name like "R&D" shows as written.
    label: recent.exists ? recent.name.replaceAll('&', '&&') : `${recent.name.replaceAll('&', '&&')} (missing)`,
    toolTip: recent.path,
    enabled: recent.exists,
    click: () => openRecent(recent.path),
  }));
}

/** The whole application menu template. */
export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const { actions, isDev, platform, recents } = options;
  const isMac = platform === 'darwin';
  const send = (command: MenuCommand) => () => actions.sendCommand(command);

  const fileMenu: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { id: 'new-project', label: 'New Project…', accelerator: 'CmdOrCtrl+N', click: send('new-project') },
      { id: 'open-project', label: 'Open…', accelerator: 'CmdOrCtrl+O', click: send('open-project') },
      { id: 'open-recent', label: 'Open Recent', submenu: recentProjectItems(recents, actions.openRecent) },
      { id: 'new-from-exchange', label: 'New Project from Exchange File…', click: send('new-from-exchange') },
      { type: 'separator' },
      // Not Ctrl+I: in the document that key codes the selection in vivo, and a menu accelerator would take it first.
      { id: 'import', label: 'Import…', accelerator: 'CmdOrCtrl+Shift+O', click: send('import') },
      { id: 'export-frequencies', label: 'Export Frequencies CSV…', click: send('export-frequencies') },
      { type: 'separator' },
      {
        id: 'share-export',
        label: 'Export for a Colleague or Another Tool…',
        accelerator: 'CmdOrCtrl+Shift+E',
        click: send('share-export'),
      },
      {
        id: 'share-merge',
        label: 'Merge a Colleague’s Work…',
        accelerator: 'CmdOrCtrl+Shift+M',
        click: send('share-merge'),
      },
      { id: 'share-agreement', label: 'Inter-coder Agreement', click: send('share-agreement') },
      { type: 'separator' },
      { id: 'close-project', label: 'Close Project', click: () => actions.closeProject() },
      // On macOS Quit lives in the application menu.
      ...(isMac
        ? []
        : [{ type: 'separator' } as const, { id: 'quit', role: 'quit', accelerator: 'CmdOrCtrl+Q' } as const]),
    ],
  };

  const editMenu: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [
      // Project-level undo lives in the backend's log, so the renderer decides what Undo means
      // instead of the native 'undo' role. On Linux and Windows the keys are shown but not
      // grabbed, so Ctrl+Z still reaches the page: a text field keeps its own undo and the
      // page's shortcut handler undoes codings elsewhere. (macOS always grabs key equivalents.)
      {
        id: 'undo',
        label: 'Undo',
        accelerator: 'CmdOrCtrl+Z',
        registerAccelerator: isMac,
        click: send('undo'),
      },
      {
        id: 'redo',
        label: 'Redo',
        accelerator: 'CmdOrCtrl+Shift+Z',
        registerAccelerator: isMac,
        click: send('redo'),
      },
      { type: 'separator' },
      { id: 'cut', role: 'cut' },
      { id: 'copy', role: 'copy' },
      { id: 'paste', role: 'paste' },
      { id: 'select-all', role: 'selectAll' },
    ],
  };

  const viewMenu: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      ...(isDev
        ? [
            { id: 'reload', role: 'reload' } as const,
            { id: 'toggle-dev-tools', role: 'toggleDevTools' } as const,
            { type: 'separator' } as const,
          ]
        : []),
      { id: 'reset-zoom', role: 'resetZoom' },
      { id: 'zoom-in', role: 'zoomIn' },
      { id: 'zoom-out', role: 'zoomOut' },
      { type: 'separator' },
      { id: 'toggle-full-screen', role: 'togglefullscreen' },
    ],
  };

  const helpMenu: MenuItemConstructorOptions = {
    label: '&Help',
    role: 'help',
    submenu: [
      { id: 'user-guide', label: 'User Guide', click: () => actions.openUserGuide() },
      { id: 'about', label: 'About Marginalia', click: () => actions.showAbout() },
    ],
  };

  const appMenu: MenuItemConstructorOptions[] = isMac ? [{ role: 'appMenu' }] : [];
  return [...appMenu, fileMenu, editMenu, viewMenu, helpMenu];
}
