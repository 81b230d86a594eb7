import type { StateCreator } from 'zustand';
import type { CodeId } from '../../../shared/domain/ids';
import type { Code } from '../../../shared/domain/types';
import { orderCodebook } from '../../../shared/domain/codebook';
import { t } from '../../i18n';
import { latestOnly } from '../../lib/latestOnly';
import { readPreference, writePreference } from '../../lib/preferences';
import type { AppState } from '../../store/types';
import { isCodeIdList, withUse } from './recentCodes';

export type CodeChanges = Readonly<{ name?: string; color?: string; description?: string }>;
export type CodeTotals = Readonly<{ segments: number; documents: number }>;

export type CodebookSlice = {
  /** Codes in codebook order (depth-first, siblings by position). */
  codes: readonly Code[];
  collapsedCodes: Readonly<Record<string, true>>;
  selectedCodeId: CodeId | null;
  /** Codes in the order they were last applied, most recent first (number keys follow it). */
  recentCodeIds: readonly CodeId[];
  /** Asks the codebook tree to focus a row (and scroll to it); the counter makes a repeat ask a change. */
  codeFocusRequest: Readonly<{ codeId: CodeId; serial: number }> | null;
  /** Each code's segments and documents with its descendants (the figures beside the tree). */
  codeTotals: Readonly<Record<string, CodeTotals>>;
  /** Reads the codebook and its rolled-up counts. */
  loadCodes(): Promise<void>;
  /** Moves a code under `parentId` (null: top level) at `position` among its new siblings. */
  moveCode(codeId: CodeId, parentId: CodeId | null, position: number): Promise<boolean>;
  /** Merges `sourceId` into `targetId` (after the researcher confirmed) and selects the target. */
  mergeCodes(sourceId: CodeId, targetId: CodeId): Promise<boolean>;
  /** Adds a code and (unless `select` is false) selects it. */
  createCode(parentId: CodeId | null, name: string, options?: { select?: boolean }): Promise<Code | null>;
  updateCode(codeId: CodeId, changes: CodeChanges): Promise<boolean>;
  deleteCode(codeId: CodeId): Promise<boolean>;
  selectCode(codeId: CodeId | null): void;
  toggleCodeCollapsed(codeId: CodeId, collapsed?: boolean): void;
  /** Opens the code's ancestors, selects it and focuses its row in the tree. */
  revealCode(codeId: CodeId): void;
  /** Records that a code was applied, for the number keys; remembered per project. */
  noteCodeUsed(codeId: CodeId): void;
  /** Reads the remembered recency list of the open project. */
  loadRecentCodes(): void;
};

export const codebookInitial = {
  codes: [] as readonly Code[],
  collapsedCodes: {} as Readonly<Record<string, true>>,
  selectedCodeId: null as CodeId | null,
  recentCodeIds: [] as readonly CodeId[],
  codeFocusRequest: null as CodebookSlice['codeFocusRequest'],
  codeTotals: {} as Readonly<Record<string, CodeTotals>>,
};

function recentKey(projectId: string): string {
  return `recentCodes.${projectId}`;
}

/** Codebook order, whatever order the rows arrive in. */
export function inCodebookOrder(codes: readonly Code[]): Code[] {
  return orderCodebook(codes).map((entry) => entry.code);
}

/** The codebook tree: loading, creating, renaming, recolouring and deleting codes. */
export const createCodebookSlice: StateCreator<AppState, [], [], CodebookSlice> = (set, get) => {
  // Project entry, an undo's reload and the refresh after each change read the codebook at once:
  // only the newest answer is shown, or an older one could take back a code just added.
  const codeLoads = latestOnly();
  return {
    ...codebookInitial,
    loadCodes() {
      // The rolled-up figures are extra: if they cannot be had, the tree shows each code's own
      // counts from codes:list rather than an error.
      return codeLoads(
        () => Promise.all([get().request('codes:list', {}), get().requestQuietly('codes:counts', {})]),
        ([codes, totals]) => {
          if (codes) set({ codes: inCodebookOrder(codes) });
          set({
            codeTotals: totals.ok
              ? Object.fromEntries(
                  totals.value.map((entry) => [entry.codeId, { segments: entry.segments, documents: entry.documents }]),
                )
              : {},
          });
        },
      );
    },
    async moveCode(codeId, parentId, position) {
      const moved = await get().request('codes:move', { codeId, parentId, position });
      if (!moved) return false;
      // Positions of the siblings and paths below the code changed too: read the tree back.
      set((state) => ({ collapsedCodes: omit(state.collapsedCodes, parentId) }));
      await get().loadCodes();
      if (get().view === 'frequencies') void get().loadFrequencies();
      return true;
    },
    async mergeCodes(sourceId, targetId) {
      const source = get().codes.find((entry) => entry.id === sourceId);
      const target = get().codes.find((entry) => entry.id === targetId);
      const result = await get().request('codes:merge', { sourceCodeId: sourceId, targetCodeId: targetId });
      if (!result) return false;
      get().notify(
        'info',
        t('codebook.merged', {
          source: source?.name ?? '',
          target: target?.name ?? '',
          moved: result.moved,
          collapsed: result.collapsed,
        }),
      );
      set((state) => ({
        selectedCodeId: state.selectedCodeId === sourceId ? targetId : state.selectedCodeId,
        recentCodeIds: state.recentCodeIds.filter((entry) => entry !== sourceId),
      }));
      await Promise.all([get().loadCodes(), get().reloadDocument()]);
      get().revealCode(targetId);
      if (get().view === 'frequencies') void get().loadFrequencies();
      return true;
    },
    async createCode(parentId, name, options) {
      const created = await get().request('codes:create', { parentId, name: name.trim() });
      if (!created) return null;
      set((state) => ({
        codes: inCodebookOrder([...state.codes, created]),
        selectedCodeId: options?.select === false ? state.selectedCodeId : created.id,
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
    revealCode(codeId) {
      const codes = get().codes;
      const byId = new Map(codes.map((code) => [code.id, code]));
      let collapsed = get().collapsedCodes;
      for (
        let parent = byId.get(codeId)?.parentId ?? null;
        parent !== null;
        parent = byId.get(parent)?.parentId ?? null
      ) {
        collapsed = omit(collapsed, parent);
      }
      const serial = (get().codeFocusRequest?.serial ?? 0) + 1;
      set({ collapsedCodes: collapsed, selectedCodeId: codeId, codeFocusRequest: { codeId, serial } });
    },
    noteCodeUsed(codeId) {
      const project = get().project;
      const recent = withUse(get().recentCodeIds, codeId);
      set({ recentCodeIds: recent });
      if (project) writePreference(recentKey(project.id), recent);
    },
    loadRecentCodes() {
      const project = get().project;
      set({ recentCodeIds: project ? readPreference(recentKey(project.id), [], isCodeIdList) : [] });
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
  };
};

function omit(record: Readonly<Record<string, true>>, key: string | null): Readonly<Record<string, true>> {
  if (key === null || !(key in record)) return record;
  const copy = { ...record };
  delete copy[key];
  return copy;
}
