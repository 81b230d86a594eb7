import type { StateCreator } from 'zustand';
import type { CodeId, CodingId, SourceId } from '../../../shared/domain/ids';
import type { CoderId } from '../../../shared/domain/ids';
import type { Coder, Coding, SourceSummary } from '../../../shared/domain/types';
import { t } from '../../i18n';
import type { AppState } from '../../store/types';
import { latestOnly } from '../../lib/latestOnly';
import { inCodebookOrder } from '../codebook/codebookSlice';
import { moveEdge, type Edge } from './boundaries';
import { shownCoders, type CoderView } from './coderView';
import { extendRange, type ExtentUnit } from './extend';
import { inVivoName } from './inVivo';
import { buildDocumentModel, refreshDocumentModel, withCoding, withoutCoding, type DocumentModel } from './model';
import { sameRange, type TextRange } from './selection';

export type DocumentSlice = {
  openSourceId: SourceId | null;
  documentStatus: 'idle' | 'loading' | 'ready';
  model: DocumentModel | null;
  /** The passage selected in the text, kept so that clicking a code can still apply it. */
  textSelection: TextRange | null;
  selectedCodingId: CodingId | null;
  hoveredCodingId: CodingId | null;
  /** A passage the text view should select in the page (after extending a selection, or closing the palette). */
  selectionRequest: Readonly<{ range: TextRange; serial: number }> | null;
  /**
   * A coding whose ends are being moved (a handle dragged, or Shift+Alt+arrow keys): the model
   * already shows the new range; `original` is what the project holds until it is committed.
   */
  boundaryDraft: Readonly<{ original: Coding }> | null;
  /** The project's coders (for the coder picker). */
  coders: readonly Coder[];
  /** Whose codings the view shows: everyone's, one coder's, or two coders side by side. */
  coderView: CoderView;
  /**
   * Loads a source into the document view. `show: false` loads it without switching to the
   * Document tab: the project's first source on opening, or the first one imported, must not
   * pull a researcher back from the tab they clicked while it loaded.
   */
  openSource(sourceId: SourceId, options?: Readonly<{ show?: boolean }>): Promise<void>;
  /** Re-reads the open source's codings (after undo, redo or a code deletion). */
  reloadDocument(): Promise<void>;
  mergeSourceSummary(summary: SourceSummary): void;
  setTextSelection(range: TextRange | null): void;
  selectCoding(codingId: CodingId | null): void;
  hoverCoding(codingId: CodingId | null): void;
  /** Codes a passage (the given range, else the remembered selection). True when it was coded. */
  applyCode(codeId: CodeId, range?: TextRange | null): Promise<boolean>;
  removeCoding(codingId: CodingId): Promise<boolean>;
  requestDomSelection(range: TextRange): void;
  /**
   * Widens the selected coding (else the selected passage: `range` when given, the page's
   * selection as read when the key was pressed, else the remembered one) to whole sentences or
   * paragraphs. A coding is replaced by a wider one with the same code and memo.
   */
  extendSelection(unit: ExtentUnit, range?: TextRange | null): Promise<boolean>;
  /**
   * In-vivo coding: the selected words become the name of a new code (under the code selected
   * in the codebook, else at the top), and the passage is coded with it. A code of that name
   * already there is reused. `name` names the code instead of the selected words (the
   * palette's "New code" row). One step to undo either way.
   */
  codeInVivo(range?: TextRange | null, name?: string): Promise<boolean>;
  /** Shows a coding with a provisional range (while its end is dragged); nothing is written yet. */
  previewCodingRange(codingId: CodingId, range: TextRange): void;
  /** Writes the provisional range as one undoable step (or puts the coding back on failure). */
  commitCodingRange(): Promise<boolean>;
  /** Drops the provisional range and shows the coding as the project holds it. */
  cancelCodingRange(): void;
  /**
   * Moves one end of the selected coding by `steps` characters (keyboard). A burst of presses is
   * written once, when the keys rest, so it is one step to undo.
   */
  nudgeCodingEdge(edge: Edge, steps: number): void;
  loadCoders(): Promise<void>;
  setCoderView(view: CoderView): void;
  /** True while the "Who is coding?" dialog is open. */
  codingAsOpen: boolean;
  openCodingAs(): void;
  closeCodingAs(): void;
  /** Makes `name` (new or existing) the coder whose codings are recorded from now on. */
  setCurrentCoder(name: string): Promise<boolean>;
};

export const documentInitial = {
  openSourceId: null as SourceId | null,
  documentStatus: 'idle' as DocumentSlice['documentStatus'],
  model: null as DocumentModel | null,
  textSelection: null as TextRange | null,
  selectedCodingId: null as CodingId | null,
  hoveredCodingId: null as CodingId | null,
  selectionRequest: null as DocumentSlice['selectionRequest'],
  boundaryDraft: null as DocumentSlice['boundaryDraft'],
  coders: [] as readonly Coder[],
  coderView: { mode: 'all' } as CoderView,
  codingAsOpen: false,
};

/** How long the arrow keys must rest before a nudged range is written. */
const NUDGE_COMMIT_MS = 700;
/** The key under which a moved range waiting to be written is held (store/pendingWrites.ts). */
const BOUNDARY_WRITE = 'document.boundaries';

/** The open source, its codings, and coding and uncoding passages. */
export const createDocumentSlice: StateCreator<AppState, [], [], DocumentSlice> = (set, get) => {
  let loadGeneration = 0;
  const coderLoads = latestOnly();
  let nudgeTimer: ReturnType<typeof setTimeout> | null = null;
  const stopNudgeTimer = (): void => {
    if (nudgeTimer !== null) clearTimeout(nudgeTimer);
    nudgeTimer = null;
  };
  return {
    ...documentInitial,
    async openSource(sourceId, options) {
      // A moved end not written yet is written before the view lets go of its source.
      if (get().boundaryDraft) void get().commitCodingRange();
      loadGeneration += 1;
      const generation = loadGeneration;
      set({
        openSourceId: sourceId,
        documentStatus: 'loading',
        textSelection: null,
        selectedCodingId: null,
        hoveredCodingId: null,
        selectionRequest: null,
        boundaryDraft: null,
        ...(options?.show === false ? {} : { view: 'document' as const }),
      });
      stopNudgeTimer();
      void get().loadCoders();
      const detail = await get().request('sources:get', { sourceId });
      // A later click on another source wins over a slow answer for this one.
      if (generation !== loadGeneration) return;
      if (!detail) {
        set({ documentStatus: 'idle', openSourceId: null, model: null });
        return;
      }
      set({ model: buildDocumentModel(detail), documentStatus: 'ready' });
      // An open find bar searches the newly opened source.
      if (get().findOpen) get().setFindQuery(get().findQuery);
    },
    async reloadDocument() {
      // A moved end still held back is written first: reading before it would show the old range.
      await get().flushPendingWrites();
      const sourceId = get().openSourceId;
      if (sourceId === null) return;
      const generation = loadGeneration;
      const result = await get().requestQuietly('sources:get', { sourceId });
      if (generation !== loadGeneration) return;
      if (!result.ok) {
        // The source itself went away (an undone import): show nothing rather than an error.
        set({ ...documentInitial });
        return;
      }
      const current = get().model;
      // Keys pressed while this was read moved a range the fresh read replaces: that move is let go.
      stopNudgeTimer();
      get().releaseWrite(BOUNDARY_WRITE);
      // An undo or redo may have added or taken away coders (a merge, a first coding).
      void get().loadCoders();
      set({
        model: current ? refreshDocumentModel(current, result.value) : buildDocumentModel(result.value),
        documentStatus: 'ready',
        boundaryDraft: null,
      });
      const selected = get().selectedCodingId;
      if (selected !== null && !get().model?.codings.has(selected)) set({ selectedCodingId: null });
    },
    mergeSourceSummary(summary) {
      const model = get().model;
      if (model && model.source.id === summary.id) set({ model: { ...model, source: summary } });
    },
    setTextSelection(range) {
      const current = get().textSelection;
      if (current === range || (current && range && current.start === range.start && current.end === range.end)) return;
      // Selecting text is the newer choice: a coding selected before it is let go.
      set(range === null ? { textSelection: null } : { textSelection: range, selectedCodingId: null });
    },
    selectCoding(codingId) {
      if (get().selectedCodingId === codingId) return;
      // Letting go of a coding whose ends were being moved writes the move first.
      if (get().boundaryDraft) void get().commitCodingRange();
      set({ selectedCodingId: codingId });
    },
    hoverCoding(codingId) {
      if (get().hoveredCodingId !== codingId) set({ hoveredCodingId: codingId });
    },
    async applyCode(codeId, range) {
      // Each action is its own undo step, after a move of a coding's ends still held back.
      await get().flushPendingWrites();
      const model = get().model;
      const target = range ?? get().textSelection;
      if (!model || !target) {
        get().notify('info', t('document.selectFirst'));
        return false;
      }
      const coding = await get().request('codings:create', {
        sourceId: model.source.id,
        codeId,
        start: target.start,
        end: target.end,
      });
      if (!coding) return false;
      // Merge the row the backend returned (STYLE.md 8): the highlight comes from its range.
      const latest = get().model;
      if (latest && latest.source.id === coding.sourceId) {
        // A passage selected while the backend answered is the researcher's next one: it stays.
        const selection = get().textSelection;
        set({
          model: withCoding(latest, coding),
          textSelection: selection === null || sameRange(selection, target) ? null : selection,
          selectedCodingId: null,
        });
      }
      get().noteCodeUsed(codeId);
      get().scheduleRefresh();
      // The first coding of a coder new to this list (the coder was changed since it was read).
      if (!get().coders.some((coder) => coder.id === coding.coderId)) void get().loadCoders();
      return true;
    },
    requestDomSelection(range) {
      set({ textSelection: range, selectionRequest: { range, serial: (get().selectionRequest?.serial ?? 0) + 1 } });
    },
    async extendSelection(unit, range) {
      // Ends being moved by the keys are written first, so widening starts from what is shown.
      await get().flushPendingWrites();
      const model = get().model;
      const codingId = get().selectedCodingId;
      const coding = codingId === null ? undefined : model?.codings.get(codingId);
      if (model && coding) {
        const wider = extendRange(model.text, coding, unit);
        if (wider.start === coding.start && wider.end === coding.end) {
          get().notify('info', t(unit === 'sentence' ? 'document.wholeSentence' : 'document.wholeParagraph'));
          return false;
        }
        const updated = await get().request('codings:update', {
          codingId: coding.id,
          start: wider.start,
          end: wider.end,
        });
        if (!updated) return false;
        const latest = get().model;
        if (latest && latest.source.id === updated.sourceId) set({ model: withCoding(latest, updated) });
        get().notify('info', t(unit === 'sentence' ? 'document.extendedSentence' : 'document.extendedParagraph'));
        get().scheduleRefresh();
        return true;
      }
      const selection = range ?? get().textSelection;
      if (!model || !selection) {
        get().notify('info', t('document.selectFirst'));
        return false;
      }
      get().requestDomSelection(extendRange(model.text, selection, unit));
      return true;
    },
    async codeInVivo(range, given) {
      await get().flushPendingWrites();
      const model = get().model;
      const target = range ?? get().textSelection;
      if (!model || !target) {
        get().notify('info', t('document.selectFirst'));
        return false;
      }
      const name = given?.trim() || inVivoName(model.text.slice(target.start, target.end));
      if (name === null) {
        get().notify('info', t('document.inVivoEmpty'));
        return false;
      }
      const codes = get().codes;
      const selectedCodeId = get().selectedCodeId;
      const parentId = codes.some((code) => code.id === selectedCodeId) ? selectedCodeId : null;
      // One channel creates the code and codes the passage, so one undo takes back both.
      const result = await get().request('codings:createInVivo', {
        sourceId: model.source.id,
        start: target.start,
        end: target.end,
        parentId,
        name,
      });
      if (!result) return false;
      set((state) => {
        const collapsed = { ...state.collapsedCodes };
        if (parentId !== null) delete collapsed[parentId];
        const latest = state.model;
        // A passage selected while the backend answered is the researcher's next one: it stays.
        const selection = state.textSelection;
        return {
          codes: inCodebookOrder([...state.codes.filter((code) => code.id !== result.code.id), result.code]),
          collapsedCodes: collapsed,
          model: latest && latest.source.id === result.coding.sourceId ? withCoding(latest, result.coding) : latest,
          textSelection: selection === null || sameRange(selection, target) ? null : selection,
          selectedCodingId: null,
        };
      });
      get().noteCodeUsed(result.code.id);
      get().scheduleRefresh();
      get().notify(
        'info',
        result.created
          ? t('document.inVivoDone', { name: result.code.name })
          : t('document.applied', { code: result.code.path }),
      );
      return true;
    },
    async removeCoding(codingId) {
      // A move of its ends not written yet is written first, so that undoing the removal
      // brings the coding back as the researcher last saw it.
      await get().flushPendingWrites();
      const removed = await get().requestQuietly('codings:delete', { codingId });
      if (!removed.ok) {
        get().notify('error', removed.error.message);
        return false;
      }
      const latest = get().model;
      set({
        model: latest ? withoutCoding(latest, codingId) : latest,
        selectedCodingId: get().selectedCodingId === codingId ? null : get().selectedCodingId,
        hoveredCodingId: get().hoveredCodingId === codingId ? null : get().hoveredCodingId,
      });
      get().notify('info', t('document.removed'));
      get().scheduleRefresh();
      return true;
    },
    previewCodingRange(codingId, range) {
      const model = get().model;
      const draft = get().boundaryDraft;
      const current = model?.codings.get(codingId);
      if (!model || !current) return;
      if (current.start === range.start && current.end === range.end) return;
      const original = draft && draft.original.id === codingId ? draft.original : current;
      set({
        model: withCoding(model, { ...current, start: range.start, end: range.end }),
        boundaryDraft: { original },
      });
      // Held until the keys rest or the handle is let go; undo, redo or closing writes it sooner.
      get().holdWrite(BOUNDARY_WRITE, () => get().commitCodingRange());
    },
    commitCodingRange() {
      stopNudgeTimer();
      get().releaseWrite(BOUNDARY_WRITE);
      // Read and cleared at once, before any await: a second commit (the timer, an undo) finds nothing.
      const draft = get().boundaryDraft;
      const shown = draft ? get().model?.codings.get(draft.original.id) : undefined;
      set({ boundaryDraft: null });
      if (!draft || !shown) return Promise.resolve(false);
      if (shown.start === draft.original.start && shown.end === draft.original.end) return Promise.resolve(false);
      const write = async (): Promise<boolean> => {
        const result = await get().requestQuietly('codings:update', {
          codingId: shown.id,
          start: shown.start,
          end: shown.end,
        });
        const latest = get().model;
        if (!result.ok) {
          get().notify('error', result.error.message);
          // Put the coding back where the project has it.
          if (latest && latest.codings.has(draft.original.id)) set({ model: withCoding(latest, draft.original) });
          return false;
        }
        if (latest && latest.source.id === result.value.sourceId) set({ model: withCoding(latest, result.value) });
        get().scheduleRefresh();
        return true;
      };
      // Under way until the backend answers: an undo pressed meanwhile waits for it.
      return get().trackWrite(write());
    },
    cancelCodingRange() {
      stopNudgeTimer();
      get().releaseWrite(BOUNDARY_WRITE);
      const draft = get().boundaryDraft;
      const model = get().model;
      set({ boundaryDraft: null });
      if (draft && model && model.codings.has(draft.original.id)) set({ model: withCoding(model, draft.original) });
    },
    nudgeCodingEdge(edge, steps) {
      const model = get().model;
      const codingId = get().selectedCodingId;
      const coding = codingId === null ? undefined : model?.codings.get(codingId);
      if (!model || !coding) return;
      const moved = moveEdge(model.text, coding, edge, steps);
      if (moved.start === coding.start && moved.end === coding.end) return;
      get().previewCodingRange(coding.id, moved);
      stopNudgeTimer();
      nudgeTimer = setTimeout(() => {
        nudgeTimer = null;
        void get().commitCodingRange();
      }, NUDGE_COMMIT_MS);
    },
    loadCoders() {
      // Opening a source, a reload and the Frequencies and Analysis tabs read the coders at once:
      // only the newest answer counts, or an older list without a coder just added would put
      // the view back to everyone's codings.
      return coderLoads(
        () => get().request('coders:list', {}),
        (coders) => {
          if (!coders) return;
          const known = new Set<CoderId>(coders.map((coder) => coder.id));
          const view = get().coderView;
          // A coder that is gone (an undone merge) cannot stay chosen.
          const stale =
            (view.mode === 'one' && !known.has(view.coderId)) ||
            (view.mode === 'compare' && !(known.has(view.coderIds[0]) && known.has(view.coderIds[1])));
          set(stale ? { coders, coderView: { mode: 'all' } } : { coders });
        },
      );
    },
    openCodingAs() {
      void get().loadCoders();
      set({ codingAsOpen: true });
    },
    closeCodingAs() {
      set({ codingAsOpen: false });
    },
    async setCurrentCoder(name) {
      const project = get().project;
      if (!project) return false;
      if (name.trim() === project.currentCoder.name) return true;
      const coder = await get().request('coders:setCurrent', { name: name.trim() });
      if (!coder) return false;
      const latest = get().project;
      if (latest) set({ project: { ...latest, currentCoder: coder } });
      await get().loadCoders();
      get().notify('info', t('document.codingAs.done', { name: coder.name }));
      return true;
    },
    setCoderView(view) {
      // A selected coding of a coder no longer shown is let go (its handles would float alone).
      const coders = shownCoders(view);
      const selected = get().selectedCodingId;
      const coding = selected === null ? undefined : get().model?.codings.get(selected);
      if (coders !== null && coding && !coders.has(coding.coderId)) get().selectCoding(null);
      set({ coderView: view });
    },
  };
};
