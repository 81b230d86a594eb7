import type { StateCreator } from 'zustand';
import { t } from '../i18n';
import { createPendingWrites } from './pendingWrites';
import type { AppState } from './types';

export type HistorySlice = {
  undo(): Promise<void>;
  redo(): Promise<void>;
  /** Re-reads everything an undo or redo may have changed. */
  reloadAll(): Promise<void>;
  /**
   * Notes a write a feature holds back for a moment (a debounced edit), so that undo, redo and
   * closing the project make it first. Release it once it is made or dropped.
   */
  holdWrite(key: string, write: () => Promise<unknown>): void;
  releaseWrite(key: string): void;
  /** Marks a write under way: `flushPendingWrites` waits for it. Hands back the same promise. */
  trackWrite<T>(write: Promise<T>): Promise<T>;
  /** Makes every held write now and waits for those under way; call before changing the project. */
  flushPendingWrites(): Promise<void>;
};

/** Undo and redo go to the backend's change log; the renderer then reloads what it shows. */
export const createHistorySlice: StateCreator<AppState, [], [], HistorySlice> = (_set, get) => {
  const pending = createPendingWrites();
  const step = async (channel: 'history:undo' | 'history:redo'): Promise<void> => {
    if (get().project === null) return;
    // A held write (a coding's end moved by the keys a moment ago) is written first, so that
    // undo takes back that write rather than the action before it.
    await pending.flush();
    const result = await get().requestQuietly(channel, {});
    if (!result.ok) {
      get().notify('error', result.error.message);
      return;
    }
    if (result.value === null) {
      get().notify('info', t(channel === 'history:undo' ? 'workspace.nothingToUndo' : 'workspace.nothingToRedo'));
      return;
    }
    get().notify(
      'info',
      t(channel === 'history:undo' ? 'workspace.undone' : 'workspace.redone', {
        description: result.value.description,
      }),
    );
    await get().reloadAll();
  };
  return {
    undo: () => step('history:undo'),
    redo: () => step('history:redo'),
    async reloadAll() {
      const state = get();
      get().selectCoding(null);
      await Promise.all([
        state.loadCodes(),
        state.loadSources(),
        state.loadAttributes(),
        state.reloadDocument(),
        state.view === 'frequencies' ? state.loadFrequencies() : Promise.resolve(),
      ]);
    },
    holdWrite: (key, write) => pending.hold(key, write),
    releaseWrite: (key) => pending.release(key),
    trackWrite: (write) => pending.track(write),
    flushPendingWrites: () => pending.flush(),
  };
};
