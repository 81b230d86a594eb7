import { describe, expect, it, vi } from 'vitest';
import { createHttpBridge, type LeavingPage } from '../../renderer/bridge/httpBridge';
import { createPendingWrites, flushWhenLeaving } from '../../renderer/store/pendingWrites';

/** A page stand-in that records listeners and can fire its leaving events. */
function fakePage(): LeavingPage & Window & { fire(type: string): void; setHidden(hidden: boolean): void } {
  const listeners: { target: 'window' | 'document'; type: string; listener: () => void; capture: boolean }[] = [];
  const add =
    (target: 'window' | 'document') =>
    (type: string, listener: () => void, options?: AddEventListenerOptions | boolean): void => {
      const capture = typeof options === 'boolean' ? options : !!options?.capture;
      listeners.push({ target, type, listener, capture });
    };
  const remove =
    (target: 'window' | 'document') =>
    (type: string, listener: () => void): void => {
      const at = listeners.findIndex(
        (entry) => entry.target === target && entry.type === type && entry.listener === listener,
      );
      if (at !== -1) listeners.splice(at, 1);
    };
  const document = {
    visibilityState: 'visible',
    addEventListener: add('document'),
    removeEventListener: remove('document'),
  };
  return {
    addEventListener: add('window'),
    removeEventListener: remove('window'),
    document,
    // As a browser does at the event's target: capture listeners first, then the others.
    fire(type: string) {
      const target = type === 'visibilitychange' ? 'document' : 'window';
      const matching = listeners.filter((entry) => entry.target === target && entry.type === type);
      for (const entry of [...matching.filter((one) => one.capture), ...matching.filter((one) => !one.capture)]) {
        entry.listener();
      }
    },
    setHidden(hidden: boolean) {
      document.visibilityState = hidden ? 'hidden' : 'visible';
    },
  } as unknown as LeavingPage & Window & { fire(type: string): void; setHidden(hidden: boolean): void };
}

const okResponse = (): Response =>
  new Response(JSON.stringify({ ok: true, value: {} }), { headers: { 'content-type': 'application/json' } });

describe('writes made while the page is being left (races2)', () => {
  it('sends a held write flushed on beforeunload, pagehide or hiding with keepalive, and others without', async () => {
    for (const leave of ['beforeunload', 'pagehide', 'visibilitychange']) {
      const page = fakePage();
      const fetch = vi.fn(async (_url: string, _init?: RequestInit) => okResponse());
      const bridge = createHttpBridge({ token: 't', fetch: fetch as unknown as typeof globalThis.fetch, page });
      const pending = createPendingWrites();
      flushWhenLeaving(page, () => pending.flush());
      const move = () => bridge.call('codings:update', { codingId: 'c1' as never, start: 1, end: 5 });

      // An ordinary call: no keepalive.
      await bridge.call('codes:list', {});
      expect(fetch.mock.calls[0][1]?.keepalive).toBeUndefined();

      // A move held back, then the page goes: the write starts at once, with keepalive.
      pending.hold('move', move);
      if (leave === 'visibilitychange') page.setHidden(true);
      page.fire(leave);
      await Promise.resolve();
      await Promise.resolve();
      expect(fetch).toHaveBeenCalledTimes(2);
      expect(fetch.mock.calls[1][0]).toContain('codings%3Aupdate');
      expect(fetch.mock.calls[1][1]?.keepalive).toBe(true);

      // A leave called off (the page came back): later calls are ordinary again.
      await new Promise((resolve) => setTimeout(resolve, 5));
      page.setHidden(false);
      await bridge.call('codes:list', {});
      expect(fetch.mock.calls[2][1]?.keepalive).toBeUndefined();
    }
  });

  it('does not mark anything when the page only becomes visible', async () => {
    const page = fakePage();
    const fetch = vi.fn(async (_url: string, _init?: RequestInit) => okResponse());
    const bridge = createHttpBridge({ token: 't', fetch: fetch as unknown as typeof globalThis.fetch, page });
    page.fire('visibilitychange');
    await bridge.call('codes:list', {});
    expect(fetch.mock.calls[0][1]?.keepalive).toBeUndefined();
  });
});
