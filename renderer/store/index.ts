import { createContext, useContext } from 'react';
import { createStore, useStore, type StoreApi } from 'zustand';
import type { RendererBridge } from '../bridge/types';
import { createCoreSlice } from './coreSlice';
import { createHistorySlice } from './historySlice';
import { createProjectSlice } from '../features/start/projectSlice';
import { createSourcesSlice } from '../features/sources/sourcesSlice';
import { createCodebookSlice } from '../features/codebook/codebookSlice';
import { createDocumentSlice } from '../features/document/documentSlice';
import { createFindSlice } from '../features/document/findSlice';
import { createFrequenciesSlice } from '../features/frequencies/frequenciesSlice';
import { createPaletteSlice } from '../features/palette/paletteSlice';
import { createSettingsSlice } from '../features/settings/settingsSlice';
import { createAnalysisSlice } from '../features/analysis/analysisSlice';
import { createSharingSlice } from '../features/sharing/sharingSlice';
import { createSearchSlice } from '../features/search/searchSlice';
import { createRetrievalSlice } from '../features/retrieval/retrievalSlice';
import { createMemosSlice } from '../features/memos/memosSlice';
import type { AppState } from './types';

export type { AppState } from './types';
export type AppStore = StoreApi<AppState>;

/** Builds the one renderer store from its slices, talking to the backend through `bridge`. */
export function createAppStore(bridge: RendererBridge): AppStore {
  return createStore<AppState>()((...args) => ({
    ...createCoreSlice(bridge)(...args),
    ...createProjectSlice(...args),
    ...createSourcesSlice(...args),
    ...createCodebookSlice(...args),
    ...createDocumentSlice(...args),
    ...createFindSlice(...args),
    ...createFrequenciesSlice(...args),
    ...createPaletteSlice(...args),
    ...createSettingsSlice(...args),
    ...createAnalysisSlice(...args),
    ...createSharingSlice(...args),
    ...createSearchSlice(...args),
    ...createRetrievalSlice(...args),
    ...createMemosSlice(...args),
    ...createHistorySlice(...args),
  }));
}

export const StoreContext = createContext<AppStore | null>(null);

/** The store given to the tree by `<StoreContext value={store}>`. */
export function useAppStoreApi(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppStore needs a StoreContext provider');
  return store;
}

/** Selects from the store; pass `useShallow(...)` for selectors that build lists or objects. */
export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(useAppStoreApi(), selector);
}
