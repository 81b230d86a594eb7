import type { StateCreator } from 'zustand';
import type { Coder, FrequencyTable, FrequencyUnit } from '../../../shared/domain/types';
import type { AppState } from '../../store/types';
import { PRIMARY_ATTRIBUTE } from '../sources/sourcesSlice';

export type FrequenciesSlice = {
  frequencyBy: string;
  frequencyUnit: FrequencyUnit;
  /** Null counts every coder's codings. */
  frequencyCoder: string | null;
  frequencyTable: FrequencyTable | null;
  frequencyLoading: boolean;
  coders: readonly Coder[];
  loadFrequencies(): Promise<void>;
  loadCoders(): Promise<void>;
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
  coders: [] as readonly Coder[],
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
      const [table] = await Promise.all([get().request('frequencies:get', query()), get().loadCoders()]);
      // Answers can cross when the unit is switched quickly: only the latest query is shown.
      if (current !== generation) return;
      set({ frequencyLoading: false, ...(table ? { frequencyTable: table } : {}) });
    },
    async loadCoders() {
      const coders = await get().request('coders:list', {});
      if (coders) set({ coders });
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
