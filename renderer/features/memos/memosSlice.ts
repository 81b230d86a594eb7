import type { StateCreator } from 'zustand';
import type { AppState } from '../../store/types';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in as the feature grows
export type MemosSlice = {};

/** State reset whenever a project opens or closes. */
export const memosInitial = {};

/** The memos feature's state and actions. */
export const createMemosSlice: StateCreator<AppState, [], [], MemosSlice> = () => ({ ...memosInitial });
