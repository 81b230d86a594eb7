import { BRIDGE_GLOBAL } from '../../shared/ipc/bridge';
import { createElectronBridge, type PreloadApi } from './electronBridge';
import { createHttpBridge, takeToken } from './httpBridge';
import type { RendererBridge } from './types';

export { createElectronBridge } from './electronBridge';
export { createHttpBridge, takeToken } from './httpBridge';
export type { MenuCommand, RendererBridge } from './types';

/**
 * Picks the front door at start: the Electron preload's `window.marginalia` when present,
 * otherwise the local HTTP server that served this page. Null when a browser page has no token.
 */
export function pickBridge(win: Window): RendererBridge | null {
  const preload = (win as unknown as Record<string, PreloadApi | undefined>)[BRIDGE_GLOBAL];
  if (preload && typeof preload.invoke === 'function') return createElectronBridge(preload);
  const token = takeToken({ location: win.location, history: win.history, storage: win.sessionStorage });
  return token ? createHttpBridge({ token }) : null;
}
