import type { StateCreator } from 'zustand';
import type { AppState } from '../../store/types';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in as the feature grows
export type SearchSlice = {};

/** State reset whenever a project opens or closes. */
export const searchInitial = {};

/** The search feature's state and actions. */
export const createSearchSlice: StateCreator<AppState, [], [], SearchSlice> = () => ({ ...searchInitial });
