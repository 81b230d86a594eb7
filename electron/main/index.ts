import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell } from 'electron';
import { createBackend, type Backend } from '../backend/backend';
import { logger } from '../util/logger';
import { projectPathFromArgv } from './argv';
import { EVENT_CHANNEL, INVOKE_CHANNEL, MENU_CHANNEL, type MenuCommand } from './channels';
import { createDialogHost } from './host';
import { createInvokeHandler } from './ipc';
import { buildMenuTemplate, type MenuActions } from './menu';
import { APP_SCHEME_PRIVILEGES, appResponse } from './protocol';
import { APP_ENTRY_URL, APP_SCHEME, denyAllPermissions, hardenWebContents, windowOptions } from './security';

// The Electron main process: the only file here with side effects. It wires the pure parts
// (security.ts, protocol.ts, ipc.ts, menu.ts, host.ts, argv.ts) to Electron and the backend.
// electron-vite bundles it to out/main/index.js (ESM) and shims __dirname.

const RENDERER_ROOT = join(__dirname, '../renderer');
const PRELOAD_PATH = join(__dirname, '../preload/index.cjs');

let mainWindow: BrowserWindow | null = null;
let backend: Backend | null = null;
/** Project files handed to us (argv, macOS open-file) before the backend existed. */
const pendingProjectPaths: string[] = [];

function liveWindow(): BrowserWindow | null {
  return mainWindow && !mainWindow.isDestroyed() ? mainWindow : null;
}

function showError(title: string, message: string): void {
  const window = liveWindow();
  const options = { type: 'error' as const, title, message: title, detail: message };
  const shown = window ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options);
  shown.catch((error: unknown) => logger.error('could not show an error dialog', error));
}

function refreshMenu(): void {
  const template = buildMenuTemplate({
    recents: backend?.recentProjects() ?? [],
    actions: menuActions,
    isDev: !app.isPackaged,
    platform: process.platform,
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

/** Opens a project named from outside the page: argv, a second instance, open-file, the recents menu. */
async function openProjectFromOutside(path: string): Promise<void> {
  if (!backend) {
    pendingProjectPaths.push(path);
    return;
  }
  // The backend emits project:changed on success, which tells the renderer to reload.
  const result = await backend.openProjectAt(path);
  refreshMenu();
  if (!result.ok) showError('Could not open the project', result.error.message);
}

function openInBackground(path: string): void {
  openProjectFromOutside(path).catch((error: unknown) => logger.error(`could not open ${path}`, error));
}

function userGuidePath(): string {
  // Packaged: docs/ is copied beside app.asar by extraResources; in development it is in the repo.
  const base = app.isPackaged ? process.resourcesPath : app.getAppPath();
  return join(base, 'docs', 'USER-GUIDE.md');
}

const menuActions: MenuActions = {
  sendCommand(command: MenuCommand) {
    const window = liveWindow();
    // On macOS the app lives on with no window; the command then just brings a window back.
    if (!window) {
      createMainWindow();
      return;
    }
    window.webContents.send(MENU_CHANNEL, command);
  },
  openRecent: openInBackground,
  closeProject() {
    if (!backend) return;
    backend
      .invoke('projects:close', {})
      .then(refreshMenu)
      .catch((error: unknown) => logger.error('could not close the project', error));
  },
  showAbout() {
    const detail =
      'Offline qualitative coding for researchers.\n\n' +
      `Electron ${process.versions.electron ?? '?'} · Chromium ${process.versions.chrome ?? '?'} · Node ${process.versions.node}`;
    const window = liveWindow();
    const options = {
      type: 'info' as const,
      title: 'About Marginalia',
      message: `Marginalia ${app.getVersion()}`,
      detail,
    };
    const shown = window ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options);
    shown.catch((error: unknown) => logger.error('could not show About', error));
  },
  openUserGuide() {
    const path = userGuidePath();
    shell
      .openPath(path)
      .then((problem) => {
        if (problem) showError('Could not open the user guide', `${problem}\n${path}`);
      })
      .catch((error: unknown) => logger.error('could not open the user guide', error));
  },
};

function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow(windowOptions(PRELOAD_PATH));
  mainWindow = window;
  hardenWebContents(window.webContents);
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  window.loadURL(APP_ENTRY_URL).catch((error: unknown) => logger.error('could not load the window', error));
  return window;
}

async function onReady(): Promise<void> {
  denyAllPermissions(session.defaultSession);
  protocol.handle(APP_SCHEME, (request) => appResponse(RENDERER_ROOT, request));

  // better-sqlite3 must be the Electron-ABI build (TOOLCHAIN.md P3). `npm start` builds it into
  // out/native and names it in MARGINALIA_SQLITE_BINDING; a packaged app ships it under
  // resources/native. electron/store/database.ts passes it to better-sqlite3 as `nativeBinding`.
  const packagedBinding = join(process.resourcesPath ?? '', 'native', 'better_sqlite3.node');
  if (!process.env.MARGINALIA_SQLITE_BINDING && app.isPackaged && existsSync(packagedBinding)) {
    process.env.MARGINALIA_SQLITE_BINDING = packagedBinding;
  }
  const host = createDialogHost({ dialog, window: liveWindow, defaultDirectory: () => app.getPath('documents') });
  const created = createBackend(host);
  backend = created;

  created.onEvent((event) => {
    liveWindow()?.webContents.send(EVENT_CHANNEL, event.name, event.payload);
  });
  ipcMain.handle(
    INVOKE_CHANNEL,
    createInvokeHandler({
      backend: created,
      trustedWebContentsId: () => liveWindow()?.webContents.id,
      onProjectCall: refreshMenu,
    }),
  );
  refreshMenu();

  // Open a project given at start (argv, or open-file before ready) before the page asks for
  // the current project, so the first screen already shows it.
  const fromArgv = projectPathFromArgv(process.argv, process.cwd());
  const startPath = pendingProjectPaths.splice(0).pop() ?? fromArgv;
  if (startPath) await openProjectFromOutside(startPath);

  createMainWindow();
  app.on('activate', () => {
    if (!liveWindow()) createMainWindow();
  });
}

function focusMainWindow(): void {
  const window = liveWindow();
  if (!window) return;
  if (window.isMinimized()) window.restore();
  window.focus();
}

/** Registers everything with Electron; a second instance hands its file over and quits. */
function startMainProcess(): void {
  // Must happen before 'ready': privileges cannot be granted to a scheme afterwards.
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

  // One process per user: a second one would fight over project locks and the recents file.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  app.on('second-instance', (_event, argv, workingDirectory) => {
    focusMainWindow();
    const path = projectPathFromArgv(argv, workingDirectory);
    if (path) openInBackground(path);
  });
  // macOS delivers double-clicked files this way, possibly before 'ready'.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    openInBackground(path);
  });
  // Covers every webContents, including any a bug or a library might create later.
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    backend?.close();
    backend = null;
  });

  app
    .whenReady()
    .then(onReady)
    .catch((error: unknown) => {
      logger.error('Marginalia could not start', error);
      dialog.showErrorBox('Marginalia could not start', error instanceof Error ? error.message : String(error));
      app.quit();
    });
}

startMainProcess();
