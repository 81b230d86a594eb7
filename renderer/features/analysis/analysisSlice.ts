import type { StateCreator } from 'zustand';
import type { AppState } from '../../store/types';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in as the feature grows
export type AnalysisSlice = {};

/** State reset whenever a project opens or closes. */
export const analysisInitial = {};

/** The analysis feature's state and actions. */
export const createAnalysisSlice: StateCreator<AppState, [], [], AnalysisSlice> = () => ({ ...analysisInitial });
