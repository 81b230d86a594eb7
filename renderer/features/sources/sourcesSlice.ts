import type { StateCreator } from 'zustand';
import type { SourceId } from '../../../shared/domain/ids';
import type { Attribute, BatchReport, ImportPhase, SourceKind, SourceSummary } from '../../../shared/domain/types';
import type { ArgsOf } from '../../../shared/ipc/contract';
import { t } from '../../i18n';
import { bytesToBase64 } from '../../lib/files';
import { latestOnly } from '../../lib/latestOnly';
import type { AppState } from '../../store/types';
import {
  MAX_FILE_BYTES,
  baseName,
  commonColumns,
  encodingToSend,
  isTable,
  isTextual,
  itemsFor,
  reportSentence,
  sortItems,
  type ImportItem,
  type PickedFile,
} from './importModel';

export type ImportFile = Readonly<{ name: string; dataBase64: string }>;
export type ImportProgress = Readonly<{
  done: number;
  total: number;
  file: string;
  phase: ImportPhase;
  importId?: string;
}>;

/** Where the import dialog is: choosing files, reading their bytes here, importing, or showing the report. */
export type ImportStage = 'choosing' | 'preparing' | 'importing' | 'report';

export type ImportSettings = Readonly<{
  kind: SourceKind | '';
  /** Sets an attribute (named here) from the first folder level below an added folder. */
  folderAttribute: boolean;
  folderAttributeName: string;
  /** The key of the list item used as the attribute sheet, or null. */
  sheetKey: string | null;
  allowDuplicates: boolean;
  /** Spreadsheets that are surveys: the text column ('' = none chosen), rows as sources or passages. */
  textColumn: string;
  rows: 'sources' | 'passages';
  nameColumn: string;
  attributeColumns: readonly string[];
}>;

export const DEFAULT_IMPORT_SETTINGS: ImportSettings = {
  kind: '',
  folderAttribute: false,
  folderAttributeName: 'province',
  sheetKey: null,
  allowDuplicates: false,
  textColumn: '',
  rows: 'sources',
  nameColumn: '',
  attributeColumns: [],
};

/** The attribute every project shows as a column, even before any source has a value. */
export const PRIMARY_ATTRIBUTE = 'province';

export type SourcesSlice = {
  sources: readonly SourceSummary[];
  attributes: readonly Attribute[];
  /** Attribute columns the researcher added here that no source has a value for yet. */
  extraAttributeColumns: readonly string[];
  importDialogOpen: boolean;
  importStage: ImportStage;
  importItems: readonly ImportItem[];
  importSettings: ImportSettings;
  /** Names the running import, for sources:cancelImport and to pick its progress events. */
  importId: string | null;
  importProgress: ImportProgress | null;
  importReport: BatchReport | null;
  importedAt: string | null;
  /** Why the last import did not happen (cancelled, a sheet that cannot be read …). */
  importError: string | null;
  loadSources(): Promise<void>;
  loadAttributes(): Promise<void>;
  setAttribute(sourceId: SourceId, name: string, value: string | null): Promise<boolean>;
  addAttributeColumn(name: string): void;
  /** Opens the import dialog, adding `picked` files to its list. */
  openImportDialog(picked?: readonly PickedFile[]): void;
  /** Closes the dialog; a running import must be cancelled first (cancelImport). */
  closeImportDialog(): void;
  /** Adds files to the dialog's list; `asSheet`: the (first) file becomes the attribute sheet. */
  addImportFiles(picked: readonly PickedFile[], options?: { asSheet?: boolean }): void;
  removeImportItem(key: string): void;
  /** Sets a file's encoding (null: the detected one) and asks the backend for a new preview. */
  setImportEncoding(key: string, encoding: string | null): void;
  setImportSettings(changes: Partial<ImportSettings>): void;
  startImport(): Promise<BatchReport | null>;
  cancelImport(): Promise<void>;
  setImportProgress(progress: ImportProgress | null): void;
  /** Back from the report to an empty file list, for another batch. */
  resetImport(): void;
};

export const sourcesInitial = {
  sources: [] as readonly SourceSummary[],
  attributes: [] as readonly Attribute[],
  extraAttributeColumns: [] as readonly string[],
  importDialogOpen: false,
  importStage: 'choosing' as ImportStage,
  importItems: [] as readonly ImportItem[],
  importSettings: DEFAULT_IMPORT_SETTINGS,
  importId: null as string | null,
  importProgress: null as ImportProgress | null,
  importReport: null as BatchReport | null,
  importedAt: null as string | null,
  importError: null as string | null,
};

/** Previews are asked for in groups this small, so that rows fill in as they come. */
const PREVIEW_GROUP_FILES = 16;
const PREVIEW_SLOW_GROUP_FILES = 4;
const PREVIEW_GROUP_BYTES = 8 * 1024 * 1024;
const QUICK_TEXT_BYTES = 256 * 1024;

/** A text file small enough to be previewed in a moment (unlike a PDF, Word file or spreadsheet). */
function isQuick(item: ImportItem): boolean {
  return isTextual(item) && !isTable(item) && item.size <= QUICK_TEXT_BYTES;
}

async function base64Of(file: ImportItem['file']): Promise<string> {
  return bytesToBase64(new Uint8Array(await file.arrayBuffer()));
}

type Get = () => AppState;
type Set = (partial: Partial<AppState> | ((state: AppState) => Partial<AppState>)) => void;

/**
 * Asks the backend for previews of listed files, a few at a time and one group after another
 * (each is read in the backend's workers, so the window never waits on a large PDF). A file
 * removed, or given another encoding, while its preview was on the way keeps its newer state.
 */
function previewQueue(get: Get, set: Set): { request(keys: readonly string[]): void; resume(): void } {
  let chain = Promise.resolve();
  const apply = (key: string, encoding: string | null, changes: Partial<ImportItem>): void => {
    set((state) => ({
      importItems: state.importItems.map((item) =>
        item.key === key && item.encoding === encoding && item.status === 'pending' ? { ...item, ...changes } : item,
      ),
    }));
  };
  const run = async (keys: readonly string[]): Promise<void> => {
    const wanted = new Set(keys);
    // Small files first: most rows fill in at once, while a long PDF is still being read.
    const pending = get()
      .importItems.filter((item) => wanted.has(item.key) && item.status === 'pending')
      .sort((a, b) => a.size - b.size);
    const groups: ImportItem[][] = [];
    for (const item of pending) {
      if (item.size > MAX_FILE_BYTES) {
        apply(item.key, item.encoding, {
          status: 'failed',
          previewError: t('importDialog.tooLarge', { file: item.name }),
        });
        continue;
      }
      // sources:preview takes one encoding per call and answers when all its files are read,
      // so files go in groups (the calls share the backend's preview workers, which stay up
      // between calls). Small text files are quick and go first; Word, PDF, spreadsheets and
      // large files can take seconds each, so they come after, a few per call, rows filling in.
      const quick = isQuick(item);
      const group = groups.find(
        (entry) =>
          isQuick(entry[0]) === quick &&
          entry[0].encoding === item.encoding &&
          entry.length < (quick ? PREVIEW_GROUP_FILES : PREVIEW_SLOW_GROUP_FILES) &&
          entry.reduce((sum, other) => sum + other.size, 0) + item.size <= PREVIEW_GROUP_BYTES,
      );
      if (group) group.push(item);
      else groups.push([item]);
    }
    groups.sort((a, b) => Number(isQuick(b[0])) - Number(isQuick(a[0])));
    for (const group of groups) {
      // Not while importing (the import needs the workers); what is left is asked for after.
      if (!get().importDialogOpen || get().importStage !== 'choosing') return;
      const current = group.filter((item) =>
        get().importItems.some((other) => other.key === item.key && other.encoding === item.encoding),
      );
      if (current.length === 0) continue;
      const encoding = current[0].encoding;
      let files: ImportFile[];
      try {
        files = await Promise.all(
          current.map(async (item) => ({ name: item.name, dataBase64: await base64Of(item.file) })),
        );
      } catch {
        for (const item of current)
          apply(item.key, encoding, { status: 'failed', previewError: t('importDialog.unreadable') });
        continue;
      }
      const result = await get().requestQuietly('sources:preview', { files, ...(encoding ? { encoding } : {}) });
      current.forEach((item, index) => {
        if (!result.ok) apply(item.key, encoding, { status: 'failed', previewError: result.error.message, previewErrorKey: result.error.key });
        else {
          const { preview, error, errorKey } = result.value[index] ?? { preview: null, error: null };
          apply(item.key, encoding, preview ? { status: 'ready', preview } : { status: 'failed', previewError: error, previewErrorKey: errorKey });
        }
      });
      set((state) => ({ importItems: sortItems(state.importItems) }));
    }
  };
  return {
    request(keys) {
      chain = chain.then(() => run(keys)).catch(() => undefined);
    },
    resume() {
      const pending = get().importItems.filter((item) => item.status === 'pending');
      if (pending.length > 0) this.request(pending.map((item) => item.key));
    },
  };
}

/** The sources list, attribute values and imports. */
export const createSourcesSlice: StateCreator<AppState, [], [], SourcesSlice> = (set, get) => {
  const previews = previewQueue(get, set);
  // Project entry, an undo's reload and the refresh after each change read these lists at once:
  // only the newest answer is shown, or an older one could take back a source just imported.
  const sourceLoads = latestOnly();
  const attributeLoads = latestOnly();
  /** Set when the researcher cancelled the running import, until it ends. */
  let cancelRequested = false;
  return {
    ...sourcesInitial,
    loadSources() {
      return sourceLoads(
        () => get().request('sources:list', {}),
        (sources) => {
          if (sources) set({ sources });
        },
      );
    },
    loadAttributes() {
      return attributeLoads(
        () => get().request('attributes:list', {}),
        (attributes) => {
          if (attributes) set({ attributes });
        },
      );
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
    openImportDialog(picked = []) {
      if (!get().importDialogOpen) set({ importDialogOpen: true });
      if (picked.length > 0) get().addImportFiles(picked);
    },
    closeImportDialog() {
      if (get().importStage === 'preparing' || get().importStage === 'importing') return;
      // The list is dropped with the dialog: the files are read again from disk next time.
      set({
        importDialogOpen: false,
        importStage: 'choosing',
        importItems: [],
        importSettings: DEFAULT_IMPORT_SETTINGS,
        importReport: null,
        importedAt: null,
        importError: null,
      });
    },
    addImportFiles(picked, options = {}) {
      const state = get();
      if (state.importStage === 'report') state.resetImport();
      if (get().importStage !== 'choosing') return;
      const before = get().importItems;
      const added = itemsFor(picked, before);
      if (options.asSheet && picked.length > 0) {
        // A sheet already in the list (same name and size) is chosen rather than added twice.
        const sheet =
          added[0] ?? before.find((item) => item.name === picked[0].file.name && item.size === picked[0].file.size);
        if (sheet) set((current) => ({ importSettings: { ...current.importSettings, sheetKey: sheet.key } }));
      }
      if (added.length === 0) return;
      set((current) => ({ importItems: sortItems([...current.importItems, ...added]), importError: null }));
      previews.request(added.map((item) => item.key));
    },
    removeImportItem(key) {
      set((state) => ({
        importItems: state.importItems.filter((item) => item.key !== key),
        importSettings:
          state.importSettings.sheetKey === key ? { ...state.importSettings, sheetKey: null } : state.importSettings,
      }));
    },
    setImportEncoding(key, encoding) {
      set((state) => ({
        importItems: state.importItems.map((item) =>
          item.key === key ? { ...item, encoding, status: 'pending', preview: null, previewError: null, previewErrorKey: undefined } : item,
        ),
      }));
      previews.request([key]);
    },
    setImportSettings(changes) {
      set((state) => ({ importSettings: { ...state.importSettings, ...changes } }));
    },
    async startImport() {
      const state = get();
      if (state.importStage !== 'choosing') return null;
      const settings = state.importSettings;
      const sheet = state.importItems.find((item) => item.key === settings.sheetKey) ?? null;
      const chosen = state.importItems.filter((item) => item !== sheet);
      if (chosen.length === 0) return null;
      const importId = crypto.randomUUID();
      cancelRequested = false;
      // Files over the backend's size cap are not read into the window at all.
      const tooLarge = chosen.filter((item) => item.size > MAX_FILE_BYTES);
      const files = chosen.filter((item) => item.size <= MAX_FILE_BYTES);
      set({
        importStage: 'preparing',
        importId,
        importError: null,
        importProgress: { done: 0, total: files.length, file: files[0]?.name ?? '', phase: 'reading', importId },
      });
      const payload: ArgsOf<'sources:import'>['files'][number][] = [];
      let attributeSheet: ImportFile | undefined;
      try {
        for (const item of files) {
          // One file per await: the window stays responsive while a large batch is read.
          const dataBase64 = await base64Of(item.file);
          if (get().importId !== importId) return null;
          // The file's own bytes, with the researcher's encoding for it: the backend decodes
          // them and keeps them as the source's original.
          const encoding = encodingToSend(item);
          payload.push({
            name: item.name,
            dataBase64,
            ...(item.relativePath ? { relativePath: item.relativePath } : {}),
            ...(encoding ? { encoding } : {}),
          });
          set({
            importProgress: { done: payload.length, total: files.length, file: item.name, phase: 'reading', importId },
          });
        }
        if (sheet) attributeSheet = { name: baseName(sheet.name), dataBase64: await base64Of(sheet.file) };
      } catch {
        if (get().importId === importId) {
          set({
            importStage: 'choosing',
            importId: null,
            importProgress: null,
            importError: t('importDialog.unreadable'),
          });
        }
        return null;
      }
      if (get().importId !== importId) return null;
      const local = tooLarge.map((item) => ({
        file: item.name,
        reason: t('importDialog.tooLarge', { file: item.name }),
      }));
      let report: BatchReport;
      if (payload.length === 0) {
        report = { imported: [], skipped: [], failed: local, notes: [], attributeSheet: null, codebooks: [] };
      } else {
        const folderAttribute = settings.folderAttributeName.trim();
        // Only columns the spreadsheets of this batch have (one may have been removed since).
        const columns = commonColumns(files.filter(isTable));
        const known = (column: string): boolean => columns.length === 0 || columns.includes(column);
        const survey = settings.textColumn
          ? {
              textColumn: settings.textColumn,
              rows: settings.rows,
              attributeColumns: settings.attributeColumns.filter(
                (column) => column !== settings.textColumn && known(column),
              ),
              ...(settings.nameColumn && settings.rows === 'sources' && known(settings.nameColumn)
                ? { nameColumn: settings.nameColumn }
                : {}),
            }
          : undefined;
        set({
          importStage: 'importing',
          importProgress: { done: 0, total: payload.length, file: payload[0].name, phase: 'reading', importId },
        });
        const result = await get().requestQuietly('sources:import', {
          files: payload,
          importId,
          ...(settings.kind ? { kind: settings.kind } : {}),
          ...(settings.folderAttribute && folderAttribute ? { attributeFromFolder: folderAttribute } : {}),
          ...(attributeSheet ? { attributeSheet } : {}),
          ...(survey && payload.some((file) => isTable(file)) ? { survey } : {}),
          ...(settings.allowDuplicates ? { allowDuplicates: true } : {}),
        });
        if (!result.ok) {
          set({ importStage: 'choosing', importId: null, importProgress: null, importError: reportSentence(result.error.message, result.error.key) });
          previews.resume();
          return null;
        }
        report = { ...result.value, failed: [...result.value.failed, ...local] };
      }
      set({
        importStage: 'report',
        importReport: report,
        importedAt: new Date().toISOString(),
        importId: null,
        importProgress: null,
      });
      await Promise.all([get().loadSources(), get().loadAttributes()]);
      const first = report.imported[0];
      if (first && get().openSourceId === null) await get().openSource(first.sourceId, { show: false });
      return report;
    },
    async cancelImport() {
      const { importId, importStage } = get();
      if (!importId) return;
      if (importStage === 'preparing') {
        // Nothing was sent yet: stop reading, and say so like the backend would.
        set({
          importStage: 'choosing',
          importId: null,
          importProgress: null,
          importError: t('importDialog.cancelled'),
        });
        previews.resume();
        return;
      }
      cancelRequested = true;
      await get().requestQuietly('sources:cancelImport', { importId });
    },
    setImportProgress(progress) {
      const { importId, importStage } = get();
      if (importStage !== 'importing' || !progress) return;
      if (progress.importId !== undefined && progress.importId !== importId) return;
      set({ importProgress: progress });
      // A cancel that reached the backend before the import had started is lost: ask again.
      if (cancelRequested && importId && progress.phase !== 'done')
        void get().requestQuietly('sources:cancelImport', { importId });
    },
    resetImport() {
      if (get().importStage !== 'report') return;
      set({ importStage: 'choosing', importItems: [], importReport: null, importedAt: null, importError: null });
    },
  };
};
