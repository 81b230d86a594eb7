import type { StateCreator } from 'zustand';
import type { CodeId, CodingId, SourceId } from '../../../shared/domain/ids';
import type { SourceSummary } from '../../../shared/domain/types';
import { t } from '../../i18n';
import type { AppState } from '../../store/types';
import { extendRange, type ExtentUnit } from './extend';
import { inVivoName } from './inVivo';
import { buildDocumentModel, refreshDocumentModel, withCoding, withoutCoding, type DocumentModel } from './model';
import type { TextRange } from './selection';

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
  openSource(sourceId: SourceId): Promise<void>;
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
   * Widens the selected coding (else the selected passage) to whole sentences or paragraphs.
   * A coding is replaced by a wider one with the same code and memo.
   */
  extendSelection(unit: ExtentUnit): Promise<boolean>;
  /**
   * In-vivo coding: the selected words become the name of a new code (under the code selected
   * in the codebook, else at the top), and the passage is coded with it. A code of that name
   * already there is reused.
   */
  codeInVivo(range?: TextRange | null): Promise<boolean>;
};

export const documentInitial = {
  openSourceId: null as SourceId | null,
  documentStatus: 'idle' as DocumentSlice['documentStatus'],
  model: null as DocumentModel | null,
  textSelection: null as TextRange | null,
  selectedCodingId: null as CodingId | null,
  hoveredCodingId: null as CodingId | null,
  selectionRequest: null as DocumentSlice['selectionRequest'],
};

/** The open source, its codings, and coding and uncoding passages. */
export const createDocumentSlice: StateCreator<AppState, [], [], DocumentSlice> = (set, get) => {
  let loadGeneration = 0;
  return {
    ...documentInitial,
    async openSource(sourceId) {
      loadGeneration += 1;
      const generation = loadGeneration;
      set({
        openSourceId: sourceId,
        documentStatus: 'loading',
        textSelection: null,
        selectedCodingId: null,
        hoveredCodingId: null,
        selectionRequest: null,
        view: 'document',
      });
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
      set({
        model: current ? refreshDocumentModel(current, result.value) : buildDocumentModel(result.value),
        documentStatus: 'ready',
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
      if (get().selectedCodingId !== codingId) set({ selectedCodingId: codingId });
    },
    hoverCoding(codingId) {
      if (get().hoveredCodingId !== codingId) set({ hoveredCodingId: codingId });
    },
    async applyCode(codeId, range) {
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
        set({ model: withCoding(latest, coding), textSelection: null, selectedCodingId: null });
      }
      get().noteCodeUsed(codeId);
      get().scheduleRefresh();
      return true;
    },
    requestDomSelection(range) {
      set({ textSelection: range, selectionRequest: { range, serial: (get().selectionRequest?.serial ?? 0) + 1 } });
    },
    async extendSelection(unit) {
      const model = get().model;
      const codingId = get().selectedCodingId;
      const coding = codingId === null ? undefined : model?.codings.get(codingId);
      if (model && coding) {
        const wider = extendRange(model.text, coding, unit);
        if (wider.start === coding.start && wider.end === coding.end) {
          get().notify('info', t(unit === 'sentence' ? 'document.wholeSentence' : 'document.wholeParagraph'));
          return false;
        }
        // No channel changes a coding's range yet: add the wider coding, then remove the old one
        // (in that order, so a failure never loses the coding).
        const created = await get().request('codings:create', {
          sourceId: coding.sourceId,
          codeId: coding.codeId,
          start: wider.start,
          end: wider.end,
          ...(coding.memo ? { memo: coding.memo } : {}),
        });
        if (!created) return false;
        const removed = await get().requestQuietly('codings:delete', { codingId: coding.id });
        if (!removed.ok) get().notify('error', removed.error.message);
        const latest = get().model;
        if (latest && latest.source.id === created.sourceId) {
          const without = removed.ok ? withoutCoding(latest, coding.id) : latest;
          set({ model: withCoding(without, created), selectedCodingId: created.id });
        }
        get().notify('info', t(unit === 'sentence' ? 'document.extendedSentence' : 'document.extendedParagraph'));
        get().scheduleRefresh();
        return true;
      }
      const selection = get().textSelection;
      if (!model || !selection) {
        get().notify('info', t('document.selectFirst'));
        return false;
      }
      get().requestDomSelection(extendRange(model.text, selection, unit));
      return true;
    },
    async codeInVivo(range) {
      const model = get().model;
      const target = range ?? get().textSelection;
      if (!model || !target) {
        get().notify('info', t('document.selectFirst'));
        return false;
      }
      const name = inVivoName(model.text.slice(target.start, target.end));
      if (name === null) {
        get().notify('info', t('document.inVivoEmpty'));
        return false;
      }
      const codes = get().codes;
      const selectedCodeId = get().selectedCodeId;
      const parentId = codes.some((code) => code.id === selectedCodeId) ? selectedCodeId : null;
      const code =
        codes.find((entry) => entry.parentId === parentId && entry.name === name) ??
        (await get().createCode(parentId, name, { select: false }));
      if (!code) return false;
      const applied = await get().applyCode(code.id, target);
      if (applied) get().notify('info', t('document.inVivoDone', { name }));
      return applied;
    },
    async removeCoding(codingId) {
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
  };
};
