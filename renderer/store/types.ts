import type { CoreSlice } from './coreSlice';
import type { HistorySlice } from './historySlice';
import type { ProjectSlice } from '../features/start/projectSlice';
import type { SourcesSlice } from '../features/sources/sourcesSlice';
import type { CodebookSlice } from '../features/codebook/codebookSlice';
import type { DocumentSlice } from '../features/document/documentSlice';
import type { FindSlice } from '../features/document/findSlice';
import type { FrequenciesSlice } from '../features/frequencies/frequenciesSlice';
import type { PaletteSlice } from '../features/palette/paletteSlice';
import type { SettingsSlice } from '../features/settings/settingsSlice';
import type { AnalysisSlice } from '../features/analysis/analysisSlice';
import type { SharingSlice } from '../features/sharing/sharingSlice';
import type { SearchSlice } from '../features/search/searchSlice';
import type { RetrievalSlice } from '../features/retrieval/retrievalSlice';
import type { MemosSlice } from '../features/memos/memosSlice';

/** The one renderer store: the union of every feature's slice (STYLE.md 7). */
export type AppState = CoreSlice &
  ProjectSlice &
  SourcesSlice &
  CodebookSlice &
  DocumentSlice &
  FindSlice &
  FrequenciesSlice &
  PaletteSlice &
  SettingsSlice &
  AnalysisSlice &
  SharingSlice &
  SearchSlice &
  RetrievalSlice &
  MemosSlice &
  HistorySlice;
