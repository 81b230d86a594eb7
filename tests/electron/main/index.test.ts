import { EventEmitter } from 'node:events';
import { isAbsolute } from 'node:path';
import type { BrowserWindowConstructorOptions, MenuItemConstructorOptions } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackendEvent, Host } from '../../../electron/backend/backend';
import { fail, ok, type Result } from '../../../shared/ipc/result';
import type { RecentProject } from '../../../shared/domain/types';

// The main process's wiring, run against a fake Electron (the real one cannot be downloaded
// here, TOOLCHAIN.md P1) and a fake backend. Each test imports electron/main/index.ts afresh.

const h = vi.hoisted(() => ({
  electron: undefined as unknown as ReturnType<typeof makeElectron>,
  backend: undefined as unknown as ReturnType<typeof makeBackend>,
  createBackend: undefined as unknown as (host: Host) => unknown,
}));

vi.mock('electron', () => ({
  get app() {
    return h.electron.app;
  },
  get BrowserWindow() {
    return h.electron.BrowserWindow;
  },
  get dialog() {
    return h.electron.dialog;
  },
  get ipcMain() {
    return h.electron.ipcMain;
  },
  get Menu() {
    return h.electron.Menu;
  },
  get protocol() {
    return h.electron.protocol;
  },
  get session() {
    return h.electron.session;
  },
  get shell() {
    return h.electron.shell;
  },
}));
vi.mock('../../../electron/backend/backend', () => ({ createBackend: (host: Host) => h.createBackend(host) }));
vi.mock('../../../electron/util/logger', () => ({ logger: { info: vi.fn(), warn: vi.fn(), error: vi.fn() } }));

type Deferred = { promise: Promise<void>; resolve: () => void };
function deferred(): Deferred {
  let resolve = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

type FakeContents = EventEmitter & {
  id: number;
  send: ReturnType<typeof vi.fn>;
  setWindowOpenHandler: ReturnType<typeof vi.fn>;
};

function fakeContents(id: number): FakeContents {
  return Object.assign(new EventEmitter(), { id, send: vi.fn(), setWindowOpenHandler: vi.fn() });
}

function makeElectron() {
  const ready = deferred();
  const windows: FakeWindow[] = [];
  let nextId = 1;

  class FakeWindow extends EventEmitter {
    readonly options: BrowserWindowConstructorOptions;
    readonly webContents: FakeContents;
    loadURL = vi.fn(async (_url: string) => {});
    show = vi.fn();
    focus = vi.fn();
    restore = vi.fn();
    isMinimized = vi.fn(() => true);
    isDestroyed = vi.fn(() => false);

    constructor(options: BrowserWindowConstructorOptions) {
      super();
      this.options = options;
      this.webContents = fakeContents(nextId++);
      windows.push(this);
    }

    static getAllWindows(): FakeWindow[] {
      return windows;
    }
  }

  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    requestSingleInstanceLock: vi.fn(() => true),
    quit: vi.fn(),
    whenReady: vi.fn(() => ready.promise),
    getPath: vi.fn((name: string) => `/home/r/${name}`),
    getVersion: vi.fn(() => '0.1.0'),
    getAppPath: vi.fn(() => '/app'),
  });

  return {
    ready,
    windows,
    app,
    BrowserWindow: FakeWindow,
    dialog: {
      showMessageBox: vi.fn(async (..._args: unknown[]) => ({ response: 0 })),
      showErrorBox: vi.fn(),
      showSaveDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true })),
      showOpenDialog: vi.fn(async (..._args: unknown[]) => ({
        canceled: false,
        filePaths: ['/home/r/chosen.marginalia'],
      })),
    },
    ipcMain: { handle: vi.fn() },
    Menu: {
      buildFromTemplate: vi.fn((template: MenuItemConstructorOptions[]) => template),
      setApplicationMenu: vi.fn(),
    },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    session: { defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() } },
    shell: { openPath: vi.fn(async () => '') },
  };
}

function makeBackend() {
  const listeners = new Set<(event: BackendEvent) => void>();
  return {
    invoke: vi.fn(async (_channel: string, _args: unknown): Promise<Result<unknown>> => ok(null)),
    onEvent: vi.fn((listener: (event: BackendEvent) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    }),
    openProjectAt: vi.fn(async (path: string) => ok({ path }) as Result<never>),
    recentProjects: vi.fn((): RecentProject[] => []),
    session: vi.fn(() => null),
    close: vi.fn(),
    emit(event: BackendEvent) {
      for (const listener of listeners) listener(event);
    },
  };
}

type InvokeHandler = (event: unknown, channel: unknown, args: unknown) => Promise<Result<unknown>>;

/** Imports the main process and, unless told otherwise, makes the app ready and waits for the window. */
async function start(options: { ready?: boolean } = {}) {
  await import('../../../electron/main/index');
  const electron = h.electron;
  if (options.ready !== false) {
    electron.ready.resolve();
    await vi.waitFor(() => expect(electron.windows).toHaveLength(1));
  }
  return electron;
}

function mainWindow() {
  const window = h.electron.windows[0];
  if (!window) throw new Error('no window was created');
  return window;
}

function invokeHandler(): InvokeHandler {
  const call = h.electron.ipcMain.handle.mock.calls.find(([channel]) => channel === 'marginalia:invoke');
  if (!call) throw new Error('marginalia:invoke has no handler');
  return call[1] as InvokeHandler;
}

function installedMenu(): MenuItemConstructorOptions[] {
  const calls = h.electron.Menu.setApplicationMenu.mock.calls;
  return calls[calls.length - 1]?.[0] as MenuItemConstructorOptions[];
}

function findItem(items: MenuItemConstructorOptions[], id: string): MenuItemConstructorOptions | undefined {
  for (const item of items) {
    if (item.id === id) return item;
    if (Array.isArray(item.submenu)) {
      const found = findItem(item.submenu, id);
      if (found) return found;
    }
  }
  return undefined;
}

const originalArgv = process.argv;

beforeEach(() => {
  vi.resetModules();
  h.electron = makeElectron();
  h.backend = makeBackend();
  h.createBackend = vi.fn(() => h.backend);
});

afterEach(() => {
  process.argv = originalArgv;
});

describe('main process start-up', () => {
  it('registers app:// as a privileged scheme before the app is ready, and opens no window yet', async () => {
    const electron = await start({ ready: false });
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledOnce();
    const [schemes] = electron.protocol.registerSchemesAsPrivileged.mock.calls[0] as [Array<{ scheme: string }>];
    expect(schemes.map((scheme) => scheme.scheme)).toEqual(['app']);
    expect(electron.windows).toHaveLength(0);
    expect(electron.protocol.handle).not.toHaveBeenCalled();
  });

  it('creates one window with isolation, sandbox, no Node, web security and the CJS preload', async () => {
    await start();
    const web = mainWindow().options.webPreferences ?? {};
    expect(web.contextIsolation).toBe(true);
    expect(web.sandbox).toBe(true);
    expect(web.nodeIntegration).toBe(false);
    expect(web.webSecurity).not.toBe(false);
    expect(web.preload).toMatch(/[\\/]preload[\\/]index\.cjs$/);
    expect(isAbsolute(web.preload ?? '')).toBe(true);
  });

  it('loads the page from app://, never from file:// or the network', async () => {
    await start();
    expect(mainWindow().loadURL).toHaveBeenCalledExactlyOnceWith('app://marginalia/index.html');
  });

  it('gives up and quits when another instance holds the lock', async () => {
    h.electron.app.requestSingleInstanceLock.mockReturnValue(false);
    const electron = await start({ ready: false });
    electron.ready.resolve();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(electron.app.quit).toHaveBeenCalled();
    expect(electron.app.whenReady).not.toHaveBeenCalled();
    expect(electron.windows).toHaveLength(0);
    expect(electron.ipcMain.handle).not.toHaveBeenCalled();
  });

  it('creates the backend with a dialog host that attaches dialogs to the window', async () => {
    const electron = await start();
    const host = (h.createBackend as ReturnType<typeof vi.fn>).mock.calls[0]?.[0] as Host;
    expect(host.mode).toBe('electron');
    expect(host.projectsDir).toBeNull();
    expect(await host.chooseProjectToOpen()).toBe('/home/r/chosen.marginalia');
    expect(electron.dialog.showOpenDialog.mock.calls[0]?.[0]).toBe(mainWindow());
  });

  it('closes the backend when the app quits', async () => {
    const electron = await start();
    electron.app.emit('will-quit');
    expect(h.backend.close).toHaveBeenCalledOnce();
  });
});

describe('window hardening', () => {
  it('prevents the window from navigating anywhere', async () => {
    await start();
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://marginalia/other.html']) {
      const event = { url, preventDefault: vi.fn() };
      mainWindow().webContents.emit('will-navigate', event, url);
      expect(event.preventDefault, url).toHaveBeenCalled();
    }
  });

  it('denies window.open', async () => {
    await start();
    const handlers = mainWindow().webContents.setWindowOpenHandler.mock.calls.map(([handler]) => handler);
    expect(handlers.length).toBeGreaterThan(0);
    for (const handler of handlers) expect(handler({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('hardens any other webContents that gets created', async () => {
    const electron = await start();
    const other = fakeContents(42);
    electron.app.emit('web-contents-created', {}, other);
    const event = { url: 'https://evil.example/', preventDefault: vi.fn() };
    other.emit('will-navigate', event, event.url);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(other.setWindowOpenHandler).toHaveBeenCalled();
  });

  it('denies every permission request and check', async () => {
    const electron = await start();
    const { setPermissionRequestHandler, setPermissionCheckHandler } = electron.session.defaultSession;
    const request = setPermissionRequestHandler.mock.calls[0]?.[0] as (
      contents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
    ) => void;
    const callback = vi.fn();
    request(mainWindow().webContents, 'media', callback);
    expect(callback).toHaveBeenCalledExactlyOnceWith(false);
    const check = setPermissionCheckHandler.mock.calls[0]?.[0] as (...args: unknown[]) => boolean;
    expect(check(mainWindow().webContents, 'notifications', 'app://marginalia', {})).toBe(false);
  });

  it('serves app:// with the CSP header and refuses traversal', async () => {
    const electron = await start();
    const call = electron.protocol.handle.mock.calls[0] as [string, (request: Request) => Promise<Response>];
    expect(call[0]).toBe('app');
    const response = await call[1](new Request('app://marginalia/..%2f..%2fpackage.json'));
    expect(response.status).toBe(400);
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
  });
});

describe('IPC', () => {
  const fromOurPage = () => ({
    sender: mainWindow().webContents,
    senderFrame: { url: 'app://marginalia/index.html', parent: null },
  });

  it('registers one invoke channel', async () => {
    const electron = await start();
    expect(electron.ipcMain.handle.mock.calls.map(([channel]) => channel)).toEqual(['marginalia:invoke']);
  });

  it('passes a call from our page to the backend and returns its result', async () => {
    await start();
    h.backend.invoke.mockResolvedValueOnce(ok([{ id: 'c1' }]));
    const result = await invokeHandler()(fromOurPage(), 'codes:list', {});
    expect(result).toEqual({ ok: true, value: [{ id: 'c1' }] });
    expect(h.backend.invoke).toHaveBeenCalledExactlyOnceWith('codes:list', {});
  });

  it('refuses a call from a foreign URL with an error value, without calling the backend', async () => {
    await start();
    const event = { ...fromOurPage(), senderFrame: { url: 'https://evil.example/', parent: null } };
    const result = await invokeHandler()(event, 'codes:list', {});
    expect(result.ok).toBe(false);
    expect(h.backend.invoke).not.toHaveBeenCalled();
  });

  it('refuses a call from another webContents even when it shows our URL', async () => {
    await start();
    const event = { ...fromOurPage(), sender: fakeContents(999) };
    const result = await invokeHandler()(event, 'codes:list', {});
    expect(result.ok).toBe(false);
    expect(h.backend.invoke).not.toHaveBeenCalled();
  });

  it('refuses a renderer-supplied path that is not a recent project', async () => {
    await start();
    const result = await invokeHandler()(fromOurPage(), 'projects:open', { path: '/home/r/.ssh/id_rsa' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
    expect(h.backend.openProjectAt).not.toHaveBeenCalled();
    expect(h.backend.invoke).not.toHaveBeenCalled();
  });

  it('forwards backend events to the window', async () => {
    await start();
    h.backend.emit({ name: 'import:progressed', payload: { done: 1, total: 3, file: '访谈.docx' } });
    expect(mainWindow().webContents.send).toHaveBeenCalledWith('marginalia:event', 'import:progressed', {
      done: 1,
      total: 3,
      file: '访谈.docx',
    });
  });
});

describe('menu', () => {
  it('installs the application menu, and Undo sends a command to the renderer', async () => {
    await start();
    const undo = findItem(installedMenu(), 'undo');
    expect(undo?.accelerator).toBe('CmdOrCtrl+Z');
    (undo?.click as () => void)();
    expect(mainWindow().webContents.send).toHaveBeenCalledWith('marginalia:menu', 'undo');
  });

  it('lists recent projects and opens one through the backend', async () => {
    h.backend.recentProjects.mockReturnValue([
      { path: '/home/r/乡村.marginalia', name: '乡村', openedAt: '2025-01-01T00:00:00Z', exists: true },
    ]);
    await start();
    const recent = findItem(installedMenu(), 'open-recent');
    const first = (recent?.submenu as MenuItemConstructorOptions[])[0];
    expect(first?.label).toBe('乡村');
    (first?.click as () => void)();
    await vi.waitFor(() => expect(h.backend.openProjectAt).toHaveBeenCalledWith('/home/r/乡村.marginalia'));
  });

  it('closes the project through the backend', async () => {
    await start();
    (findItem(installedMenu(), 'close-project')?.click as () => void)();
    await vi.waitFor(() => expect(h.backend.invoke).toHaveBeenCalledWith('projects:close', {}));
  });
});

describe('project files from outside', () => {
  it('opens a .marginalia path given on the command line before showing the window', async () => {
    process.argv = ['/opt/Marginalia/marginalia', '/home/r/study.marginalia'];
    await start();
    expect(h.backend.openProjectAt).toHaveBeenCalledExactlyOnceWith('/home/r/study.marginalia');
    const opened = h.backend.openProjectAt.mock.invocationCallOrder[0] ?? Infinity;
    expect(opened).toBeLessThan(mainWindow().loadURL.mock.invocationCallOrder[0] ?? -Infinity);
  });

  it('focuses the window and opens the file a second instance was given', async () => {
    const electron = await start();
    electron.app.emit('second-instance', {}, ['marginalia', 'interviews.marginalia'], '/home/r/work', {});
    expect(mainWindow().restore).toHaveBeenCalled();
    expect(mainWindow().focus).toHaveBeenCalled();
    await vi.waitFor(() =>
      expect(h.backend.openProjectAt).toHaveBeenCalledExactlyOnceWith('/home/r/work/interviews.marginalia'),
    );
  });

  it('only focuses when the second instance was started without a project', async () => {
    const electron = await start();
    electron.app.emit('second-instance', {}, ['marginalia', '--no-sandbox'], '/home/r', {});
    expect(mainWindow().focus).toHaveBeenCalled();
    expect(h.backend.openProjectAt).not.toHaveBeenCalled();
  });

  it('keeps a macOS open-file that arrives before ready and opens it once ready', async () => {
    const electron = await start({ ready: false });
    const event = { preventDefault: vi.fn() };
    electron.app.emit('open-file', event, '/Users/r/policy.marginalia');
    expect(event.preventDefault).toHaveBeenCalled();
    expect(h.backend.openProjectAt).not.toHaveBeenCalled();
    electron.ready.resolve();
    await vi.waitFor(() => expect(electron.windows).toHaveLength(1));
    expect(h.backend.openProjectAt).toHaveBeenCalledExactlyOnceWith('/Users/r/policy.marginalia');
  });

  it('tells the researcher when a project cannot be opened', async () => {
    h.backend.openProjectAt.mockResolvedValueOnce(fail('project-locked', 'Another Marginalia has this project open.'));
    const electron = await start();
    electron.app.emit('open-file', { preventDefault: vi.fn() }, '/Users/r/locked.marginalia');
    await vi.waitFor(() => expect(electron.dialog.showMessageBox).toHaveBeenCalled());
    const options = electron.dialog.showMessageBox.mock.calls[0]?.at(-1) as { detail: string };
    expect(options.detail).toContain('Another Marginalia has this project open.');
  });
});
