import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';

// Pure security settings for the Electron shell (DESIGN.md §8). Only types come from
// 'electron' here, so everything in this file runs and is tested under plain Node.

export const APP_SCHEME = 'app';
export const APP_HOST = 'marginalia';
/** The origin every page of the app is served from; nothing else may talk to the backend. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Sent as a response header with every app:// response. Scripts come only from the bundle;
 * nothing reaches the network. Styles also allow 'unsafe-inline' because the document view
 * paints codings with per-code colours (style elements for ::highlight rules, inline styles);
 * CSS cannot run script, and with img-src/font-src/connect-src closed it cannot send data out.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "media-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Options for the main window: isolated, sandboxed, no Node in the page, web security on. */
export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 800,
    minHeight: 500,
    title: 'Marginalia',
    // Shown on 'ready-to-show' so the user never sees an empty white frame.
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      enableWebSQL: false,
      // A file dropped on the window must not replace the app with the file's contents.
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  };
}

/** Who sent an IPC message, as Electron reports it on the event. */
export type SenderInfo = Readonly<{
  /** URL of the frame that sent the message; undefined when the frame is already gone. */
  frameUrl: string | undefined;
  /** Whether that frame is the top frame of its page (not an iframe). */
  isMainFrame: boolean;
  /** `id` of the sending webContents. */
  webContentsId: number;
}>;

/** True when a URL belongs to our app:// origin (scheme and host both match). */
export function isAppUrl(url: string | undefined): boolean {
  if (typeof url !== 'string' || url.length === 0) return false;
  try {
    const parsed = new URL(url);
    // Compare parts, not `origin`: Node reports 'null' as the origin of non-special schemes.
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '';
  } catch {
    return false;
  }
}

/** True only for our window's own top frame showing our own app:// page. */
export function isTrustedSender(sender: SenderInfo, trustedWebContentsId: number | undefined): boolean {
  if (trustedWebContentsId === undefined) return false;
  return sender.webContentsId === trustedWebContentsId && sender.isMainFrame && isAppUrl(sender.frameUrl);
}

/** The parts of a WebContents that hardening touches (narrowed so tests can pass a fake). */
export type HardenableContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/** Denies every navigation, redirect, new window and <webview> for a webContents. */
export function hardenWebContents(contents: HardenableContents): void {
  // The app is a single page; any navigation would leave the CSP and the sender check behind.
  contents.on('will-navigate', (event) => event.preventDefault());
  // Programmatic loads (loadURL, reload) do not emit these events, so denying all is safe.
  contents.on('will-frame-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** The parts of a Session that permission hardening touches. */
export type PermissionSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>;

/** Refuses every permission (camera, notifications, clipboard-read, …): the app needs none. */
export function denyAllPermissions(session: PermissionSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
