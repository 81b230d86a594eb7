import { logger } from '../lib/logger';

/**
 * Writes a feature holds back for a moment and must make before anything else changes the
 * project. A burst of arrow-key presses moving a coding's end is written once, when the keys
 * rest; an undo pressed before then must take back that move, not the action before it. So a
 * feature notes such a write here while it is held, and undo, redo, closing the project or
 * the window first make every held write (and wait for writes already on their way).
 */
export type PendingWrites = Readonly<{
  /** Notes a held write under `key` (replacing one held there before). */
  hold(key: string, write: () => Promise<unknown>): void;
  /** Forgets the write held under `key`: it was made another way, or dropped. */
  release(key: string): void;
  /** Marks a write under way, so that `flush` waits for it; hands back the same promise. */
  track<T>(write: Promise<T>): Promise<T>;
  /** True while a write is held or under way. */
  busy(): boolean;
  /** Makes every held write now and resolves once they and the ones under way are done. */
  flush(): Promise<void>;
}>;

/** An empty set of held writes, one per store. */
export function createPendingWrites(): PendingWrites {
  const held = new Map<string, () => Promise<unknown>>();
  const underWay = new Set<Promise<unknown>>();

  const track = <T>(write: Promise<T>): Promise<T> => {
    const settled = write.then(
      () => undefined,
      // A write reports its own failure to the researcher; here it only must not stall a flush.
      (error: unknown) => logger.warn(`a held write failed: ${String(error)}`),
    );
    underWay.add(settled);
    void settled.finally(() => underWay.delete(settled));
    return write;
  };

  return {
    hold(key, write) {
      held.set(key, write);
    },
    release(key) {
      held.delete(key);
    },
    track,
    busy() {
      return held.size > 0 || underWay.size > 0;
    },
    async flush() {
      // A write may hold or start another as it goes (a move written while the next is
      // dragged), so keep going until nothing is held and nothing is on its way.
      while (held.size > 0 || underWay.size > 0) {
        const writes = [...held.values()];
        held.clear();
        for (const write of writes) void track(Promise.resolve().then(write));
        await Promise.all([...underWay]);
      }
    },
  };
}

/**
 * Makes the held writes when the page is being left (the window or tab closed, reloaded, or
 * hidden). Best effort: nothing may hold a closing window open, so the writes are started,
 * not waited for; they must start in this event's own task (no timer in between), where the
 * browser-mode bridge sends them with `keepalive` so the page going does not cancel them
 * (bridge/httpBridge.ts). Returns the function that stops listening.
 */
export function flushWhenLeaving(target: Window, flush: () => Promise<void>): () => void {
  const leaving = (): void => void flush();
  const hidden = (): void => {
    if (target.document.visibilityState === 'hidden') void flush();
  };
  target.addEventListener('beforeunload', leaving);
  target.addEventListener('pagehide', leaving);
  target.document.addEventListener('visibilitychange', hidden);
  return () => {
    target.removeEventListener('beforeunload', leaving);
    target.removeEventListener('pagehide', leaving);
    target.document.removeEventListener('visibilitychange', hidden);
  };
}
