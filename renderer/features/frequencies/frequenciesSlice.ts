import type { StateCreator } from 'zustand';
import type { FrequencyTable, FrequencyUnit } from '../../../shared/domain/types';
import type { AppState } from '../../store/types';
import { PRIMARY_ATTRIBUTE } from '../sources/sourcesSlice';

export type FrequenciesSlice = {
  frequencyBy: string;
  frequencyUnit: FrequencyUnit;
  /** Null counts every coder's codings. */
  frequencyCoder: string | null;
  frequencyTable: FrequencyTable | null;
  frequencyLoading: boolean;
  loadFrequencies(): Promise<void>;
  setFrequencyBy(by: string): void;
  setFrequencyUnit(unit: FrequencyUnit): void;
  setFrequencyCoder(coder: string | null): void;
  exportFrequencies(): Promise<{ fileName: string; content: string } | null>;
};

export const frequenciesInitial = {
  frequencyBy: PRIMARY_ATTRIBUTE,
  frequencyUnit: 'segments' as FrequencyUnit,
  frequencyCoder: null as string | null,
  frequencyTable: null as FrequencyTable | null,
  frequencyLoading: false,
};

/**
 * Code × attribute tables. Every number comes from `frequencies:get`, so the table equals
 * what the CLI and the exports print (DESIGN.md §6); the renderer only lays it out.
 */
export const createFrequenciesSlice: StateCreator<AppState, [], [], FrequenciesSlice> = (set, get) => {
  let generation = 0;
  const query = () => {
    const state = get();
    return { by: state.frequencyBy, unit: state.frequencyUnit, coder: state.frequencyCoder };
  };
  return {
    ...frequenciesInitial,
    async loadFrequencies() {
      if (get().project === null) return;
      generation += 1;
      const current = generation;
      set({ frequencyLoading: true });
      // The coder picker shares the document's list of coders (documentSlice.loadCoders).
      const [table] = await Promise.all([get().request('frequencies:get', query()), get().loadCoders()]);
      // Answers can cross when the unit is switched quickly: only the latest query is shown.
      if (current !== generation) return;
      set({ frequencyLoading: false, ...(table ? { frequencyTable: table } : {}) });
    },
    setFrequencyBy(by) {
      set({ frequencyBy: by });
      void get().loadFrequencies();
    },
    setFrequencyUnit(unit) {
      set({ frequencyUnit: unit });
      void get().loadFrequencies();
    },
    setFrequencyCoder(coder) {
      set({ frequencyCoder: coder });
      void get().loadFrequencies();
    },
    exportFrequencies() {
      return get().request('frequencies:exportCsv', query());
    },
  };
};
