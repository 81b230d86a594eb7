import type { StateCreator } from 'zustand';
import type { AppState } from '../../store/types';
import type { TextRange } from '../document/selection';

export type PaletteSlice = {
  paletteOpen: boolean;
  /**
   * The passage selected when the palette opened. Focusing the palette's input takes the
   * browser's selection away from the text, so the palette keeps its own copy to code.
   */
  paletteTarget: TextRange | null;
  openPalette(): void;
  /** Closes the palette; when nothing was coded, the passage is selected again in the text. */
  closePalette(options?: { restoreSelection?: boolean }): void;
};

export const paletteInitial = {
  paletteOpen: false,
  paletteTarget: null as TextRange | null,
};

/** The command palette (Ctrl/Cmd+K): fuzzy search over code paths. */
export const createPaletteSlice: StateCreator<AppState, [], [], PaletteSlice> = (set, get) => ({
  ...paletteInitial,
  openPalette() {
    if (get().phase !== 'workspace' || get().paletteOpen) return;
    const model = get().model;
    const target = model && get().view === 'document' ? get().textSelection : null;
    set({ paletteOpen: true, paletteTarget: target, findOpen: false });
  },
  closePalette(options) {
    const target = get().paletteTarget;
    set({ paletteOpen: false, paletteTarget: null });
    if (options?.restoreSelection && target) get().requestDomSelection(target);
  },
});
