import type { StateCreator } from 'zustand';
import type { SourceId } from '../../../shared/domain/ids';
import type { Attribute, ImportReport, SourceKind, SourceSummary } from '../../../shared/domain/types';
import type { AppState } from '../../store/types';

export type ImportFile = Readonly<{ name: string; dataBase64: string }>;
export type ImportProgress = Readonly<{ done: number; total: number; file: string }>;

/** The attribute every project shows as a column, even before any source has a value. */
export const PRIMARY_ATTRIBUTE = 'province';

export type SourcesSlice = {
  sources: readonly SourceSummary[];
  attributes: readonly Attribute[];
  /** Attribute columns the researcher added here that no source has a value for yet. */
  extraAttributeColumns: readonly string[];
  importing: boolean;
  importProgress: ImportProgress | null;
  importReport: ImportReport | null;
  loadSources(): Promise<void>;
  loadAttributes(): Promise<void>;
  setAttribute(sourceId: SourceId, name: string, value: string | null): Promise<boolean>;
  addAttributeColumn(name: string): void;
  importFiles(
    files: readonly ImportFile[],
    options: { kind?: SourceKind; attributes?: Record<string, string> },
  ): Promise<ImportReport | null>;
  setImportProgress(progress: ImportProgress | null): void;
  dismissImportReport(): void;
};

export const sourcesInitial = {
  sources: [] as readonly SourceSummary[],
  attributes: [] as readonly Attribute[],
  extraAttributeColumns: [] as readonly string[],
  importing: false,
  importProgress: null as ImportProgress | null,
  importReport: null as ImportReport | null,
};

/** The sources list, attribute values and imports. */
export const createSourcesSlice: StateCreator<AppState, [], [], SourcesSlice> = (set, get) => ({
  ...sourcesInitial,
  async loadSources() {
    const sources = await get().request('sources:list', {});
    if (sources) set({ sources });
  },
  async loadAttributes() {
    const attributes = await get().request('attributes:list', {});
    if (attributes) set({ attributes });
  },
  async setAttribute(sourceId, name, value) {
    const trimmed = value === null ? null : value.trim();
    const updated = await get().request('attributes:set', {
      sourceId,
      name,
      value: trimmed === null || trimmed.length === 0 ? null : trimmed,
    });
    if (!updated) return false;
    set((state) => ({ sources: state.sources.map((source) => (source.id === updated.id ? updated : source)) }));
    get().mergeSourceSummary(updated);
    if (!get().attributes.some((attribute) => attribute.name === name)) await get().loadAttributes();
    if (get().view === 'frequencies') void get().loadFrequencies();
    return true;
  },
  addAttributeColumn(name) {
    const trimmed = name.trim();
    if (trimmed.length === 0) return;
    const known = [
      PRIMARY_ATTRIBUTE,
      ...get().attributes.map((attribute) => attribute.name),
      ...get().extraAttributeColumns,
    ];
    if (known.some((column) => column.toLowerCase() === trimmed.toLowerCase())) return;
    set((state) => ({ extraAttributeColumns: [...state.extraAttributeColumns, trimmed] }));
  },
  async importFiles(files, options) {
    if (files.length === 0) return null;
    set({ importing: true, importProgress: { done: 0, total: files.length, file: files[0].name }, importReport: null });
    try {
      const report = await get().request('sources:import', {
        files: files.map((file) => ({ name: file.name, dataBase64: file.dataBase64 })),
        ...(options.kind ? { kind: options.kind } : {}),
        ...(options.attributes && Object.keys(options.attributes).length > 0 ? { attributes: options.attributes } : {}),
      });
      if (!report) return null;
      set({ importReport: report });
      await Promise.all([get().loadSources(), get().loadAttributes()]);
      const first = report.imported[0];
      if (first && get().openSourceId === null) await get().openSource(first.sourceId);
      return report;
    } finally {
      set({ importing: false, importProgress: null });
    }
  },
  setImportProgress(progress) {
    if (get().importing) set({ importProgress: progress });
  },
  dismissImportReport() {
    set({ importReport: null });
  },
});
