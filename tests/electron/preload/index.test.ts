import { EventEmitter } from 'node:events';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { ElectronBridge } from '../../../electron/preload/index';

// The preload against a fake contextBridge and ipcRenderer: what the page can reach, and that
// it never receives Electron's event object.

const h = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  ipcRenderer: undefined as unknown as EventEmitter & { invoke: ReturnType<typeof vi.fn> },
}));

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => {
      h.exposed.set(key, api);
    },
  },
  get ipcRenderer() {
    return h.ipcRenderer;
  },
}));

let bridge: ElectronBridge;

beforeAll(async () => {
  h.ipcRenderer = Object.assign(new EventEmitter(), {
    invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, value: [] })),
  });
  await import('../../../electron/preload/index');
  bridge = h.exposed.get('marginalia') as ElectronBridge;
});

describe('preload', () => {
  it('exposes exactly one global, window.marginalia, with invoke, call, on and onMenu', () => {
    expect([...h.exposed.keys()]).toEqual(['marginalia']);
    expect(Object.keys(bridge).sort()).toEqual(['call', 'invoke', 'on', 'onMenu']);
  });

  it('sends every call over the single marginalia:invoke channel', async () => {
    const result = await bridge.invoke('codes:list', {});
    expect(result).toEqual({ ok: true, value: [] });
    expect(h.ipcRenderer.invoke).toHaveBeenLastCalledWith('marginalia:invoke', 'codes:list', {});
    await bridge.call('sources:get', { sourceId: '4d1c5b0e-8f1a-4c55-9a57-2f4f3f1e9b10' });
    expect(h.ipcRenderer.invoke).toHaveBeenLastCalledWith('marginalia:invoke', 'sources:get', {
      sourceId: '4d1c5b0e-8f1a-4c55-9a57-2f4f3f1e9b10',
    });
  });

  it('delivers only the subscribed event, with its payload alone, until unsubscribed', () => {
    const listener = vi.fn();
    const unsubscribe = bridge.on('import:progressed', listener);
    const ipcEvent = { sender: 'secret' };
    h.ipcRenderer.emit('marginalia:event', ipcEvent, 'project:changed', { what: 'codes' });
    h.ipcRenderer.emit('marginalia:event', ipcEvent, 'import:progressed', { done: 1, total: 2, file: 'a.txt' });
    expect(listener).toHaveBeenCalledExactlyOnceWith({ done: 1, total: 2, file: 'a.txt' });

    unsubscribe();
    h.ipcRenderer.emit('marginalia:event', ipcEvent, 'import:progressed', { done: 2, total: 2, file: 'b.txt' });
    expect(listener).toHaveBeenCalledOnce();
    expect(h.ipcRenderer.listenerCount('marginalia:event')).toBe(0);
  });

  it('passes known menu commands to the page and drops anything else', () => {
    const listener = vi.fn();
    const unsubscribe = bridge.onMenu(listener);
    h.ipcRenderer.emit('marginalia:menu', {}, 'undo');
    h.ipcRenderer.emit('marginalia:menu', {}, 'rm -rf');
    h.ipcRenderer.emit('marginalia:menu', {}, 'export-frequencies');
    expect(listener.mock.calls).toEqual([['undo'], ['export-frequencies']]);
    unsubscribe();
    expect(h.ipcRenderer.listenerCount('marginalia:menu')).toBe(0);
  });
});
