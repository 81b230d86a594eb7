import type { StateCreator } from 'zustand';
import type { CoderId, SourceId } from '../../../shared/domain/ids';
import type { MergePreview } from '../../../shared/domain/types';
import type { ExchangeCounts } from '../../../shared/ipc/contract';
import type { AgreementReport, AgreementUnit } from '../../../shared/stats/agreement';
import { t } from '../../i18n';
import type { AppState } from '../../store/types';
import { shownCoders } from '../document/coderView';
import { revealPassage } from './reveal';

/** A file the researcher picked, as bytes: the renderer never sends a path to be read. */
export type ExchangeUpload = Readonly<{ fileName: string; dataBase64: string }>;

export type ExportOptions = Readonly<{ format: 'qdpx' | 'qdc'; withoutCoders: readonly string[]; codesOnly: boolean }>;

/** What an export wrote: shown in the dialog after the file is saved. */
export type ExportOutcome = Readonly<{
  fileName: string;
  dataBase64: string;
  report: readonly string[];
  counts: ExchangeCounts;
  options: ExportOptions;
}>;

export type MergePhase = 'closed' | 'choose' | 'reading' | 'preview' | 'applying' | 'applied';

export type AgreementOptions = Readonly<{
  coders: readonly string[];
  unit: AgreementUnit;
  /** Segment level only: the share two codings must have in common (0–1). */
  overlap: number;
  /** A code path (that code and those below it), or null for every code. */
  code: string | null;
  allSources: boolean;
}>;

export type SharingSlice = {
  exportOpen: boolean;
  exportBusy: boolean;
  exportOutcome: ExportOutcome | null;
  mergePhase: MergePhase;
  mergeFile: ExchangeUpload | null;
  /** The preview before applying, then what was merged (the same shape). */
  mergePreview: MergePreview | null;
  agreementOptions: AgreementOptions;
  agreementReport: AgreementReport | null;
  agreementLoading: boolean;
  /** The code × source whose disagreements are listed; kept while the document is visited. */
  agreementCell: Readonly<{ codeId: string; sourceId: string }> | null;
  /** Codes whose per-source rows are shown. */
  agreementExpanded: readonly string[];
  /** The disagreement last opened from the agreement view, to mark it in the list. */
  agreementOpened: Readonly<{ codeId: string; sourceId: string; start: number; end: number }> | null;
  openExportDialog(): void;
  closeExportDialog(): void;
  /** Exports the project (or codebook); the dialog then saves the bytes. Null when refused. */
  exportExchange(options: ExportOptions): Promise<ExportOutcome | null>;
  openMergeDialog(): void;
  closeMergeDialog(): void;
  /** Reads their file and shows what a merge would add; nothing is written. */
  previewMerge(file: ExchangeUpload): Promise<boolean>;
  /** Applies the previewed merge (one undo step) and reloads what the workspace shows. */
  applyMerge(): Promise<boolean>;
  /** Undoes the merge just applied, from the dialog's summary. */
  undoMerge(): Promise<void>;
  showAgreement(): void;
  setAgreementOptions(changes: Partial<AgreementOptions>): void;
  selectAgreementCell(cell: Readonly<{ codeId: string; sourceId: string }> | null): void;
  toggleAgreementCode(codeId: string): void;
  loadAgreement(): Promise<void>;
  exportAgreement(format: 'csv' | 'xlsx'): Promise<Readonly<{ fileName: string; content?: string; dataBase64?: string }> | null>;
  /** Opens the source at a disagreement, with the passage selected and its codings shown. */
  openDisagreement(codeId: string, sourceId: string, range: Readonly<{ start: number; end: number }>): Promise<void>;
};

/** State reset whenever a project opens or closes. */
export const sharingInitial = {
  exportOpen: false,
  exportBusy: false,
  exportOutcome: null as ExportOutcome | null,
  mergePhase: 'closed' as MergePhase,
  mergeFile: null as ExchangeUpload | null,
  mergePreview: null as MergePreview | null,
  agreementOptions: { coders: [], unit: 'character', overlap: 0.9, code: null, allSources: false } as AgreementOptions,
  agreementReport: null as AgreementReport | null,
  agreementLoading: false,
  agreementCell: null as SharingSlice['agreementCell'],
  agreementExpanded: [] as readonly string[],
  agreementOpened: null as SharingSlice['agreementOpened'],
};

/** The query the backend gets: overlap only where it means something (segments). */
function agreementArgs(options: AgreementOptions) {
  return {
    coders: [...options.coders],
    unit: options.unit,
    ...(options.unit === 'segment' ? { overlap: options.overlap } : {}),
    code: options.code,
    allSources: options.allSources,
  };
}

/**
 * Makes sure the document shows the codings of every compared coder: a view limited to one
 * coder (or another pair) would hide half of a disagreement. Two coders are shown side by
 * side, more all together; a view that already shows them is left as the researcher set it.
 */
function showComparedCoders(state: AppState): void {
  const names = state.agreementReport?.coders ?? state.agreementOptions.coders;
  const ids = names
    .map((name) => state.coders.find((coder) => coder.name === name)?.id)
    .filter((id): id is CoderId => id !== undefined);
  const shown = shownCoders(state.coderView);
  if (shown === null || ids.every((id) => shown.has(id))) return;
  const [first, second] = ids;
  state.setCoderView(
    ids.length === 2 && first !== undefined && second !== undefined
      ? { mode: 'compare', coderIds: [first, second] }
      : { mode: 'all' },
  );
}

/**
 * Sharing with colleagues (issue 6): REFI-QDA export and blind copies, merging a colleague's
 * file through a preview, and inter-coder agreement. Every figure and every row comes from
 * the backend (docs/EXCHANGE.md); this slice only asks and keeps the answers.
 */
export const createSharingSlice: StateCreator<AppState, [], [], SharingSlice> = (set, get) => {
  let agreementGeneration = 0;
  return {
    ...sharingInitial,
    openExportDialog() {
      if (get().project === null) return;
      set({ exportOpen: true, exportOutcome: null, mergePhase: 'closed' });
      void get().loadCoders();
    },
    closeExportDialog() {
      set({ exportOpen: false, exportOutcome: null, exportBusy: false });
    },
    async exportExchange(options) {
      if (get().exportBusy) return null;
      set({ exportBusy: true });
      try {
        const qdpx = options.format === 'qdpx';
        const result = await get().request('projects:export', {
          format: options.format,
          // A .qdc has no codings: the backend refuses these options with it.
          ...(qdpx && options.withoutCoders.length > 0 && !options.codesOnly
            ? { withoutCoders: [...options.withoutCoders] }
            : {}),
          ...(qdpx && options.codesOnly ? { codesOnly: true } : {}),
        });
        if (!result) return null;
        const outcome: ExportOutcome = { ...result, options };
        set({ exportOutcome: outcome });
        return outcome;
      } finally {
        set({ exportBusy: false });
      }
    },
    openMergeDialog() {
      if (get().project === null) return;
      set({ mergePhase: 'choose', mergeFile: null, mergePreview: null, exportOpen: false });
    },
    closeMergeDialog() {
      if (get().mergePhase === 'applying') return;
      set({ mergePhase: 'closed', mergeFile: null, mergePreview: null });
    },
    async previewMerge(file) {
      set({ mergePhase: 'reading', mergeFile: file, mergePreview: null });
      const preview = await get().request('merges:preview', { file });
      // Closed while their file was being read: nothing to show.
      if (get().mergePhase !== 'reading') return false;
      if (!preview) {
        set({ mergePhase: 'choose', mergeFile: null });
        return false;
      }
      set({ mergePhase: 'preview', mergePreview: preview });
      return true;
    },
    async applyMerge() {
      const file = get().mergeFile;
      if (!file || get().mergePhase !== 'preview') return false;
      set({ mergePhase: 'applying' });
      const merged = await get().request('merges:apply', { file });
      if (!merged) {
        set({ mergePhase: 'preview' });
        return false;
      }
      set({ mergePhase: 'applied', mergePreview: merged, agreementReport: null });
      await Promise.all([get().reloadAll(), get().loadCoders()]);
      if (get().view === 'agreement') void get().loadAgreement();
      return true;
    },
    async undoMerge() {
      set({ mergePhase: 'closed', mergeFile: null, mergePreview: null });
      await get().undo();
      await get().loadCoders();
      if (get().view === 'agreement') void get().loadAgreement();
    },
    showAgreement() {
      if (get().project === null) return;
      get().setView('agreement');
    },
    setAgreementOptions(changes) {
      set({ agreementOptions: { ...get().agreementOptions, ...changes } });
      void get().loadAgreement();
    },
    selectAgreementCell(cell) {
      set({ agreementCell: cell });
    },
    toggleAgreementCode(codeId) {
      const expanded = get().agreementExpanded;
      set({
        agreementExpanded: expanded.includes(codeId)
          ? expanded.filter((entry) => entry !== codeId)
          : [...expanded, codeId],
      });
    },
    async loadAgreement() {
      const options = get().agreementOptions;
      agreementGeneration += 1;
      const generation = agreementGeneration;
      if (get().project === null || options.coders.length < 2) {
        set({ agreementReport: null, agreementLoading: false });
        return;
      }
      set({ agreementLoading: true });
      const report = await get().request('agreement:get', agreementArgs(options));
      // Options changed while the backend counted: only the latest answer is shown.
      if (generation !== agreementGeneration) return;
      set({ agreementLoading: false, agreementReport: report });
    },
    async exportAgreement(format) {
      const options = get().agreementOptions;
      if (options.coders.length < 2) return null;
      const file =
        format === 'csv'
          ? await get().request('agreement:exportCsv', agreementArgs(options))
          : await get().request('agreement:exportXlsx', agreementArgs(options));
      if (file) get().notify('info', t('sharing.agreement.exported', { file: file.fileName }));
      return file;
    },
    async openDisagreement(codeId, sourceId, range) {
      set({ agreementOpened: { codeId, sourceId, start: range.start, end: range.end } });
      await get().openSource(sourceId as SourceId);
      if (get().openSourceId !== sourceId) return;
      showComparedCoders(get());
      const length = get().model?.text.length ?? range.end;
      await revealPassage(range, length, () => get().requestDomSelection({ start: range.start, end: range.end }));
    },
  };
};
