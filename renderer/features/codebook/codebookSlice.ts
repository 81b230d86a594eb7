import type { StateCreator } from 'zustand';
import type { CodeId } from '../../../shared/domain/ids';
import type { Code } from '../../../shared/domain/types';
import { orderCodebook } from '../../../shared/domain/codebook';
import { t } from '../../i18n';
import type { AppState } from '../../store/types';

export type CodeChanges = Readonly<{ name?: string; color?: string; description?: string }>;

export type CodebookSlice = {
  /** Codes in codebook order (depth-first, siblings by position). */
  codes: readonly Code[];
  collapsedCodes: Readonly<Record<string, true>>;
  selectedCodeId: CodeId | null;
  loadCodes(): Promise<void>;
  createCode(parentId: CodeId | null, name: string): Promise<Code | null>;
  updateCode(codeId: CodeId, changes: CodeChanges): Promise<boolean>;
  deleteCode(codeId: CodeId): Promise<boolean>;
  selectCode(codeId: CodeId | null): void;
  toggleCodeCollapsed(codeId: CodeId, collapsed?: boolean): void;
};

export const codebookInitial = {
  codes: [] as readonly Code[],
  collapsedCodes: {} as Readonly<Record<string, true>>,
  selectedCodeId: null as CodeId | null,
};

/** Codebook order, whatever order the rows arrive in. */
export function inCodebookOrder(codes: readonly Code[]): Code[] {
  return orderCodebook(codes).map((entry) => entry.code);
}

/** The codes that number keys 1–9 apply: the first nine in codebook order. */
export function shortcutCodes(codes: readonly Code[]): readonly Code[] {
  return codes.slice(0, 9);
}

/** The codebook tree: loading, creating, renaming, recolouring and deleting codes. */
export const createCodebookSlice: StateCreator<AppState, [], [], CodebookSlice> = (set, get) => ({
  ...codebookInitial,
  async loadCodes() {
    const codes = await get().request('codes:list', {});
    if (codes) set({ codes: inCodebookOrder(codes) });
  },
  async createCode(parentId, name) {
    const created = await get().request('codes:create', { parentId, name: name.trim() });
    if (!created) return null;
    set((state) => ({
      codes: inCodebookOrder([...state.codes, created]),
      selectedCodeId: created.id,
      collapsedCodes: omit(state.collapsedCodes, parentId),
    }));
    return created;
  },
  async updateCode(codeId, changes) {
    const updated = await get().request('codes:update', { codeId, ...changes });
    if (!updated) return false;
    set((state) => ({ codes: inCodebookOrder(state.codes.map((code) => (code.id === codeId ? updated : code))) }));
    // A rename changes the paths of every code below it: read them back from the backend.
    if (changes.name !== undefined) await get().loadCodes();
    if (get().view === 'frequencies') void get().loadFrequencies();
    return true;
  },
  async deleteCode(codeId) {
    const code = get().codes.find((entry) => entry.id === codeId);
    const result = await get().request('codes:delete', { codeId });
    if (!result) return false;
    get().notify('info', t('codebook.deleted', { name: code?.name ?? '', count: result.deletedCodings }));
    set((state) => ({ selectedCodeId: state.selectedCodeId === codeId ? null : state.selectedCodeId }));
    await Promise.all([get().loadCodes(), get().reloadDocument()]);
    get().scheduleRefresh();
    return true;
  },
  selectCode(codeId) {
    set({ selectedCodeId: codeId });
  },
  toggleCodeCollapsed(codeId, collapsed) {
    set((state) => {
      const isCollapsed = Boolean(state.collapsedCodes[codeId]);
      const next = collapsed ?? !isCollapsed;
      if (next === isCollapsed) return {};
      return {
        collapsedCodes: next ? { ...state.collapsedCodes, [codeId]: true } : omit(state.collapsedCodes, codeId),
      };
    });
  },
});

function omit(record: Readonly<Record<string, true>>, key: string | null): Readonly<Record<string, true>> {
  if (key === null || !(key in record)) return record;
  const copy = { ...record };
  delete copy[key];
  return copy;
}
