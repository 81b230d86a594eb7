import type { StateCreator } from 'zustand';
import type { AppState } from '../../store/types';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in as the feature grows
export type RetrievalSlice = {};

/** State reset whenever a project opens or closes. */
export const retrievalInitial = {};

/** The retrieval feature's state and actions. */
export const createRetrievalSlice: StateCreator<AppState, [], [], RetrievalSlice> = () => ({ ...retrievalInitial });
