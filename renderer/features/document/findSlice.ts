import type { StateCreator } from 'zustand';
import type { AppState } from '../../store/types';
import { findAll, firstMatchFrom } from './find';

export type FindSlice = {
  findOpen: boolean;
  findQuery: string;
  /** Start offsets of the matches in the open source, in text order. */
  findMatches: readonly number[];
  /** The current match (index into findMatches), or -1. */
  findIndex: number;
  /** Bumped on every step, so the view scrolls to the current match even when it is unchanged. */
  findSerial: number;
  openFind(): void;
  closeFind(): void;
  /** Searches the open source; the current match is the first at or after `from` (the top of the view). */
  setFindQuery(query: string, from?: number): void;
  /** Moves to the next (+1) or previous (-1) match, wrapping around. */
  stepFind(delta: 1 | -1): void;
};

export const findInitial = {
  findOpen: false,
  findQuery: '',
  findMatches: [] as readonly number[],
  findIndex: -1,
  findSerial: 0,
};

/** In-document find (Ctrl/Cmd+F): matches in the open source's text, stepped with Enter. */
export const createFindSlice: StateCreator<AppState, [], [], FindSlice> = (set, get) => ({
  ...findInitial,
  openFind() {
    if (get().phase !== 'workspace' || get().openSourceId === null) return;
    set({ findOpen: true, paletteOpen: false, view: 'document', findSerial: get().findSerial + 1 });
  },
  closeFind() {
    set({ findOpen: false, findMatches: [], findIndex: -1 });
  },
  setFindQuery(query, from = 0) {
    const text = get().model?.text ?? '';
    const matches = findAll(text, query);
    set({
      findQuery: query,
      findMatches: matches,
      findIndex: firstMatchFrom(matches, from),
      findSerial: get().findSerial + 1,
    });
  },
  stepFind(delta) {
    const { findMatches, findIndex } = get();
    if (findMatches.length === 0) return;
    const next = (findIndex + delta + findMatches.length) % findMatches.length;
    set({ findIndex: next, findSerial: get().findSerial + 1 });
  },
});
