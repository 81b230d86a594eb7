import { describe, expect, it, vi } from 'vitest';
import { createElectronBridge } from '../../renderer/bridge/electronBridge';
import { createHttpBridge, takeToken, TOKEN_HEADER } from '../../renderer/bridge/httpBridge';

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

describe('the HTTP bridge (browser mode)', () => {
  it('posts the arguments as JSON to /api/<channel> with the token header', async () => {
    const fetch = vi.fn(async () => jsonResponse({ ok: true, value: { id: 'x' } }));
    const bridge = createHttpBridge({ token: 'secret', baseUrl: 'http://127.0.0.1:9', fetch });
    const result = await bridge.call('codes:create', { parentId: null, name: 'Capacity' });
    expect(result).toEqual({ ok: true, value: { id: 'x' } });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('http://127.0.0.1:9/api/codes%3Acreate');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>)[TOKEN_HEADER]).toBe('secret');
    expect((init.headers as Record<string, string>)['content-type']).toBe('application/json');
    expect(JSON.parse(String(init.body))).toEqual({ parentId: null, name: 'Capacity' });
  });

  it('passes the backend’s error values through unchanged', async () => {
    const error = { code: 'conflict', message: 'A code with that name already exists here.' };
    const bridge = createHttpBridge({ token: 't', fetch: async () => jsonResponse({ ok: false, error }, 200) });
    expect(await bridge.call('codes:list', {})).toEqual({ ok: false, error });
  });

  it('turns a dead server into an error value with a sentence, never a throw', async () => {
    const bridge = createHttpBridge({
      token: 't',
      fetch: async () => {
        throw new TypeError('fetch failed');
      },
    });
    const result = await bridge.call('codes:list', {});
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toMatch(/could not be reached/);
  });

  it('reports an answer that is not a Result', async () => {
    const bridge = createHttpBridge({ token: 't', fetch: async () => new Response('Not found', { status: 404 }) });
    const result = await bridge.call('codes:list', {});
    expect(!result.ok && result.error.message).toContain('codes:list (404)');
  });

  it('opens one event stream with the token and routes events by name', () => {
    const handlers = new Map<string, (event: MessageEvent) => void>();
    const source = {
      addEventListener: (type: string, listener: (event: MessageEvent) => void) => handlers.set(type, listener),
      removeEventListener: (type: string) => handlers.delete(type),
      close: vi.fn(),
    };
    const createEventSource = vi.fn(() => source);
    const bridge = createHttpBridge({ token: 'a b', baseUrl: '', fetch: vi.fn(), createEventSource });
    const progress = vi.fn();
    const offProgress = bridge.on('import:progressed', progress);
    const offChanged = bridge.on('project:changed', vi.fn());
    expect(createEventSource).toHaveBeenCalledTimes(1);
    expect(createEventSource).toHaveBeenCalledWith('/api/events?token=a%20b');
    handlers.get('import:progressed')?.({ data: '{"done":1,"total":3,"file":"a.txt"}' } as MessageEvent);
    expect(progress).toHaveBeenCalledWith({ done: 1, total: 3, file: 'a.txt' });
    offProgress();
    expect(source.close).not.toHaveBeenCalled();
    offChanged();
    expect(source.close).toHaveBeenCalled();
  });
});

describe('the session token', () => {
  it('is read from ?token= once, kept in session storage and removed from the address', () => {
    const stored = new Map<string, string>();
    const replaceState = vi.fn();
    const env = {
      location: { href: 'http://127.0.0.1:5000/?token=abc123&x=1#top', search: '?token=abc123&x=1' },
      history: { replaceState, state: null },
      storage: {
        getItem: (key: string) => stored.get(key) ?? null,
        setItem: (key: string, value: string) => void stored.set(key, value),
      },
    };
    expect(takeToken(env)).toBe('abc123');
    expect(replaceState).toHaveBeenCalledWith(null, '', '/?x=1#top');
    const reloaded = { ...env, location: { href: 'http://127.0.0.1:5000/?x=1', search: '?x=1' } };
    expect(takeToken(reloaded)).toBe('abc123');
  });

  it('is null when the page was opened without one', () => {
    const env = {
      location: { href: 'http://127.0.0.1:5000/', search: '' },
      history: { replaceState: vi.fn(), state: null },
      storage: { getItem: () => null, setItem: vi.fn() },
    };
    expect(takeToken(env)).toBeNull();
  });
});

describe('the Electron bridge', () => {
  it('forwards calls to the preload and menus to their listener', async () => {
    const invoke = vi.fn(async () => ({ ok: true, value: [] }));
    let menuListener: ((command: 'undo') => void) | undefined;
    const bridge = createElectronBridge({
      invoke,
      on: () => () => undefined,
      onMenu: (listener) => {
        menuListener = listener as (command: 'undo') => void;
        return () => undefined;
      },
    });
    expect(bridge.mode).toBe('electron');
    expect(await bridge.call('codes:list', {})).toEqual({ ok: true, value: [] });
    expect(invoke).toHaveBeenCalledWith('codes:list', {});
    const onMenu = vi.fn();
    bridge.onMenu(onMenu);
    menuListener?.('undo');
    expect(onMenu).toHaveBeenCalledWith('undo');
  });

  it('turns a rejected invoke into an error value', async () => {
    const bridge = createElectronBridge({
      invoke: async () => {
        throw new Error('IPC closed');
      },
      on: () => () => undefined,
    });
    const result = await bridge.call('codes:list', {});
    expect(!result.ok && result.error.message).toContain('IPC closed');
  });
});
