import type { StateCreator } from 'zustand';
import type {
  MemoEntry,
  MemoExportFile,
  MemoExportFormat,
  MemoTarget,
  MemoTargetType,
} from '../../../shared/ipc/channels/memos';
import { t } from '../../i18n';
import type { AppState } from '../../store/types';

/** The memo open in the editor dialog: what the backend has, and the draft being typed. */
export type MemoDraft = Readonly<{
  /** The memo as last read or saved (memoId null until the first save). */
  entry: MemoEntry;
  title: string;
  /** Markdown. */
  body: string;
  saving: boolean;
  /** Counts openings, so the editor starts afresh for each (its own undo history included). */
  serial: number;
}>;

/** What an export gave: the file, or why there is none. */
export type MemoExportOutcome = { ok: true; file: MemoExportFile } | { ok: false; message: string };

export type MemosSlice = {
  memos: readonly MemoEntry[];
  memosStatus: 'idle' | 'loading' | 'ready';
  memoFilter: string;
  /** The Memos tab's "Kind" choice: one kind of memo, or all. */
  memoKindFilter: MemoTargetType | 'all';
  /** Whether the "Export memos" dialog is open. */
  memoExportOpen: boolean;
  /** The memo editor dialog's memo, or null when it is closed. */
  memoDraft: MemoDraft | null;
  /** A memo the researcher asked to delete, waiting for the confirmation. */
  memoToDelete: MemoEntry | null;
  loadMemos(): Promise<void>;
  setMemoFilter(filter: string): void;
  setMemoKindFilter(kind: MemoTargetType | 'all'): void;
  setMemoExportOpen(open: boolean): void;
  /**
   * The memos as a file (Markdown or CSV), all of them or only those `keys` names; the
   * backend's sentence when it could not make it, for the export dialog to show.
   */
  exportMemos(format: MemoExportFormat, bom: boolean, keys: readonly string[] | null): Promise<MemoExportOutcome>;
  /**
   * Opens the memo editor for a target (the project's journal when type is 'project' and id
   * null). The memo is created on its first save; a coding's memo is the coding's own memo.
   */
  openMemo(target: { type: MemoTargetType; id: string | null }): void;
  /** Opens a memo from the list (project memos may be several; this names the one). */
  openMemoEntry(entry: MemoEntry): void;
  editMemoDraft(changes: Partial<Pick<MemoDraft, 'title' | 'body'>>): void;
  /** Saves the open memo (one undoable action). True when saved, or when there was nothing to save. */
  saveMemo(): Promise<boolean>;
  closeMemo(): void;
  askDeleteMemo(entry: MemoEntry | null): void;
  /** Deletes the memo waiting for confirmation (one undoable action). */
  confirmDeleteMemo(): Promise<void>;
};

/** State reset whenever a project opens or closes. */
export const memosInitial = {
  memos: [] as readonly MemoEntry[],
  memosStatus: 'idle' as MemosSlice['memosStatus'],
  memoFilter: '',
  memoKindFilter: 'all' as MemosSlice['memoKindFilter'],
  memoExportOpen: false,
  memoDraft: null as MemoDraft | null,
  memoToDelete: null as MemoEntry | null,
};

function sameTarget(a: MemoTarget, b: MemoTarget): boolean {
  return a.type === b.type && a.id === b.id;
}

/** The memos feature's state and actions. */
export const createMemosSlice: StateCreator<AppState, [], [], MemosSlice> = (set, get) => {
  // A later request wins over a slow answer to an earlier one.
  let openGeneration = 0;
  let listGeneration = 0;
  let serial = 0;
  const open = async (target: MemoTarget, memoId: string | null): Promise<void> => {
    openGeneration += 1;
    const generation = openGeneration;
    const entry = await get().request('memos:get', { target, memoId });
    if (generation !== openGeneration || entry === null) return;
    serial += 1;
    set({ memoDraft: { entry, title: entry.title, body: entry.body, saving: false, serial } });
  };
  return {
    ...memosInitial,
    async loadMemos() {
      listGeneration += 1;
      const generation = listGeneration;
      if (get().memosStatus === 'idle') set({ memosStatus: 'loading' });
      const memos = await get().request('memos:list', {});
      if (generation !== listGeneration) return;
      set({ memos: memos ?? [], memosStatus: 'ready' });
    },
    setMemoFilter(filter) {
      set({ memoFilter: filter });
    },
    setMemoKindFilter(kind) {
      set({ memoKindFilter: kind });
    },
    setMemoExportOpen(open) {
      set({ memoExportOpen: open });
    },
    async exportMemos(format, bom, keys) {
      const result = await get().requestQuietly('memos:export', {
        format,
        bom,
        keys: keys === null ? null : [...keys],
      });
      return result.ok ? { ok: true, file: result.value } : { ok: false, message: result.error.message };
    },
    openMemo(target) {
      void open({ type: target.type, id: target.type === 'project' ? null : target.id }, null);
    },
    openMemoEntry(entry) {
      void open(entry.target, entry.memoId);
    },
    editMemoDraft(changes) {
      const draft = get().memoDraft;
      if (draft) set({ memoDraft: { ...draft, ...changes } });
    },
    async saveMemo() {
      const draft = get().memoDraft;
      if (!draft || draft.saving) return false;
      const unchanged = draft.title === draft.entry.title && draft.body.trim() === draft.entry.body.trim();
      // A memo never written and left empty is not created.
      if (unchanged) return true;
      set({ memoDraft: { ...draft, saving: true } });
      const saved = await get().request('memos:save', {
        target: draft.entry.target,
        memoId: draft.entry.memoId,
        title: draft.title,
        body: draft.body,
      });
      const current = get().memoDraft;
      if (saved === null) {
        if (current) set({ memoDraft: { ...current, saving: false } });
        return false;
      }
      if (current && sameTarget(current.entry.target, saved.target)) {
        set({ memoDraft: { ...current, entry: saved, saving: false } });
      }
      get().notify('info', t('memos.saved'));
      void get().loadMemos();
      // A coding's memo shows in the document's stripes.
      if (saved.target.type === 'coding') void get().reloadDocument();
      return true;
    },
    closeMemo() {
      openGeneration += 1;
      set({ memoDraft: null });
    },
    askDeleteMemo(entry) {
      set({ memoToDelete: entry });
    },
    async confirmDeleteMemo() {
      const entry = get().memoToDelete;
      if (!entry) return;
      set({ memoToDelete: null });
      // The channel answers null on success, so the error has to be told apart explicitly.
      const result = await get().requestQuietly('memos:delete', { target: entry.target, memoId: entry.memoId });
      if (!result.ok) {
        get().notify('error', result.error.message);
        return;
      }
      const draft = get().memoDraft;
      if (draft && sameTarget(draft.entry.target, entry.target) && draft.entry.memoId === entry.memoId) {
        set({ memoDraft: null });
      }
      get().notify('info', t('memos.deleted'));
      await get().loadMemos();
      if (entry.target.type === 'coding') void get().reloadDocument();
    },
  };
};
