import type { StateCreator } from 'zustand';
import type { CodeId, CodingId, SourceId } from '../../../shared/domain/ids';
import type { SourceSummary } from '../../../shared/domain/types';
import { t } from '../../i18n';
import type { AppState } from '../../store/types';
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
};

export const documentInitial = {
  openSourceId: null as SourceId | null,
  documentStatus: 'idle' as DocumentSlice['documentStatus'],
  model: null as DocumentModel | null,
  textSelection: null as TextRange | null,
  selectedCodingId: null as CodingId | null,
  hoveredCodingId: null as CodingId | null,
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
      set({ textSelection: range });
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
      get().scheduleRefresh();
      return true;
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
