import type { StateCreator } from 'zustand';
import { t } from '../i18n';
import type { AppState } from './types';

export type HistorySlice = {
  undo(): Promise<void>;
  redo(): Promise<void>;
  /** Re-reads everything an undo or redo may have changed. */
  reloadAll(): Promise<void>;
};

/** Undo and redo go to the backend's change log; the renderer then reloads what it shows. */
export const createHistorySlice: StateCreator<AppState, [], [], HistorySlice> = (_set, get) => {
  const step = async (channel: 'history:undo' | 'history:redo'): Promise<void> => {
    if (get().project === null) return;
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
  };
};
