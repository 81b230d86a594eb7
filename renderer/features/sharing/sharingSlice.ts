import type { StateCreator } from 'zustand';
import type { AppState } from '../../store/types';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in as the feature grows
export type SharingSlice = {};

/** State reset whenever a project opens or closes. */
export const sharingInitial = {};

/** The sharing feature's state and actions. */
export const createSharingSlice: StateCreator<AppState, [], [], SharingSlice> = () => ({ ...sharingInitial });
