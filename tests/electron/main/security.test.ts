import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import {
  APP_ENTRY_URL,
  CONTENT_SECURITY_POLICY,
  denyAllPermissions,
  hardenWebContents,
  isAppUrl,
  isTrustedSender,
  windowOptions,
  type HardenableContents,
  type PermissionSession,
} from '../../../electron/main/security';

/** A stand-in webContents: real events, a recorded window-open handler. */
function fakeContents() {
  const emitter = new EventEmitter();
  let openHandler: ((details: { url: string }) => { action: string }) | null = null;
  const contents = Object.assign(emitter, {
    setWindowOpenHandler: (handler: typeof openHandler) => {
      openHandler = handler;
    },
  });
  return { contents, openHandler: () => openHandler };
}

function navigationEvent(url: string) {
  return { url, preventDefault: vi.fn() };
}

describe('windowOptions', () => {
  const options = windowOptions('/app/out/preload/index.cjs');
  const web = options.webPreferences ?? {};

  it('isolates the page, sandboxes it and gives it no Node', () => {
    expect(web.contextIsolation).toBe(true);
    expect(web.sandbox).toBe(true);
    expect(web.nodeIntegration).toBe(false);
    expect(web.nodeIntegrationInWorker).toBe(false);
    expect(web.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and refuses insecure content, webviews and drag-drop navigation', () => {
    expect(web.webSecurity).not.toBe(false);
    expect(web.allowRunningInsecureContent).not.toBe(true);
    expect(web.webviewTag).not.toBe(true);
    expect(web.experimentalFeatures).not.toBe(true);
    expect(web.navigateOnDragDrop).toBe(false);
  });

  it('loads the CommonJS preload it is given', () => {
    expect(web.preload).toBe('/app/out/preload/index.cjs');
    expect(web.preload?.endsWith('preload/index.cjs')).toBe(true);
  });

  it('waits for the first paint before showing the window', () => {
    expect(options.show).toBe(false);
  });
});

describe('CONTENT_SECURITY_POLICY', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );

  it('defaults to nothing and allows scripts only from the bundle', () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
  });

  it('lets nothing reach the network or embed the app', () => {
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|\*|unsafe-eval/);
  });
});

describe('isTrustedSender', () => {
  const windowId = 7;
  const ours = { frameUrl: APP_ENTRY_URL, isMainFrame: true, webContentsId: windowId };

  it('trusts our window showing our app:// page', () => {
    expect(isTrustedSender(ours, windowId)).toBe(true);
  });

  it('refuses a foreign page in our window', () => {
    expect(isTrustedSender({ ...ours, frameUrl: 'https://evil.example/index.html' }, windowId)).toBe(false);
    expect(isTrustedSender({ ...ours, frameUrl: 'file:///etc/passwd' }, windowId)).toBe(false);
    expect(isTrustedSender({ ...ours, frameUrl: 'app://evil/index.html' }, windowId)).toBe(false);
    expect(isTrustedSender({ ...ours, frameUrl: 'app://user@marginalia/index.html' }, windowId)).toBe(false);
  });

  it('refuses our page in another webContents, in an iframe, or from a vanished frame', () => {
    expect(isTrustedSender({ ...ours, webContentsId: 8 }, windowId)).toBe(false);
    expect(isTrustedSender({ ...ours, isMainFrame: false }, windowId)).toBe(false);
    expect(isTrustedSender({ ...ours, frameUrl: undefined }, windowId)).toBe(false);
  });

  it('refuses everything while there is no window', () => {
    expect(isTrustedSender(ours, undefined)).toBe(false);
  });

  it('recognises app URLs by scheme and host, not by prefix', () => {
    expect(isAppUrl('app://marginalia/assets/index.js')).toBe(true);
    expect(isAppUrl('app://marginalia.evil.example/')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});

describe('hardenWebContents', () => {
  it('prevents navigation, frame navigation and redirects to anywhere', () => {
    const { contents } = fakeContents();
    hardenWebContents(contents as unknown as HardenableContents);
    for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      for (const url of ['https://evil.example/', APP_ENTRY_URL]) {
        const event = navigationEvent(url);
        contents.emit(name, event, url);
        expect(event.preventDefault, `${name} to ${url}`).toHaveBeenCalled();
      }
    }
  });

  it('denies every window.open', () => {
    const { contents, openHandler } = fakeContents();
    hardenWebContents(contents as unknown as HardenableContents);
    const handler = openHandler();
    expect(handler).not.toBeNull();
    expect(handler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(handler?.({ url: APP_ENTRY_URL })).toEqual({ action: 'deny' });
  });

  it('refuses to attach a <webview>', () => {
    const { contents } = fakeContents();
    hardenWebContents(contents as unknown as HardenableContents);
    const event = navigationEvent('https://evil.example/');
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });
});

describe('denyAllPermissions', () => {
  it('answers every permission request and check with no', () => {
    const session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() };
    denyAllPermissions(session as unknown as PermissionSession);

    const request = session.setPermissionRequestHandler.mock.calls[0]?.[0] as (
      contents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
    ) => void;
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal']) {
      const callback = vi.fn();
      request({}, permission, callback);
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
    }
    const check = session.setPermissionCheckHandler.mock.calls[0]?.[0] as (...args: unknown[]) => boolean;
    expect(check({}, 'media', 'app://marginalia', {})).toBe(false);
  });
});
