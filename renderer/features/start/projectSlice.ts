import type { StateCreator } from 'zustand';
import type { ChannelResults, ExchangeCounts } from '../../../shared/ipc/contract';
import type { ProjectInfo, RecentProject } from '../../../shared/domain/types';
import type { AppState } from '../../store/types';
import { sourcesInitial } from '../sources/sourcesSlice';
import { codebookInitial } from '../codebook/codebookSlice';
import { documentInitial } from '../document/documentSlice';
import { frequenciesInitial } from '../frequencies/frequenciesSlice';
import { findInitial } from '../document/findSlice';
import { paletteInitial } from '../palette/paletteSlice';
import { analysisInitial } from '../analysis/analysisSlice';
import { sharingInitial } from '../sharing/sharingSlice';
import { searchInitial } from '../search/searchSlice';
import { retrievalInitial } from '../retrieval/retrievalSlice';
import { memosInitial } from '../memos/memosSlice';

/** What `projects:createFromExchange` carried over, shown once the new project is open. */
export type ExchangeImport = Readonly<{ fileName: string; imported: ExchangeCounts; report: readonly string[] }>;

export type ProjectTemplate = 'digital-governance' | 'empty' | 'sample';
export type View = 'document' | 'retrieval' | 'search' | 'memos' | 'frequencies' | 'analysis' | 'agreement';

export type ProjectSlice = {
  phase: 'starting' | 'start' | 'workspace';
  appInfo: ChannelResults['app:info'] | null;
  project: ProjectInfo | null;
  recent: readonly RecentProject[];
  /** True while a project is being created or opened. */
  projectBusy: boolean;
  view: View;
  /** The report of the project just made from an exchange file (null once read). */
  exchangeImport: ExchangeImport | null;
  /** Bumped to ask the start screen to open its exchange-file picker (the menu's command). */
  exchangePickRequest: number;
  /** Asks the backend what is open: a project (workspace) or nothing (start screen). */
  init(): Promise<void>;
  loadRecent(): Promise<void>;
  /** `coderName`: who codes in the new project (else the system's user name). */
  createProject(name: string, template: ProjectTemplate, coderName?: string): Promise<boolean>;
  openProject(path?: string): Promise<boolean>;
  /** A new project from a REFI-QDA file (.qdpx, .qde) the researcher picked, sent as bytes. */
  createProjectFromExchange(file: Readonly<{ fileName: string; dataBase64: string }>): Promise<boolean>;
  /** Goes to the start screen (closing the open project) and opens the exchange-file picker. */
  requestNewFromExchange(): Promise<void>;
  dismissExchangeImport(): void;
  closeProject(): Promise<void>;
  setView(view: View): void;
};

/** Opening, creating and closing projects, and which workspace view is showing. */
export const createProjectSlice: StateCreator<AppState, [], [], ProjectSlice> = (set, get) => {
  const enterWorkspace = async (project: ProjectInfo): Promise<void> => {
    set({
      project,
      phase: 'workspace',
      view: 'document',
      exchangeImport: null,
      ...sourcesInitial,
      ...codebookInitial,
      ...documentInitial,
      ...frequenciesInitial,
      ...findInitial,
      ...paletteInitial,
      ...analysisInitial,
      ...sharingInitial,
      ...searchInitial,
      ...retrievalInitial,
      ...memosInitial,
    });
    get().loadRecentCodes();
    for (const warning of project.warnings) get().notify('info', warning);
    await Promise.all([get().loadSources(), get().loadCodes(), get().loadAttributes()]);
    // Open the first source, so a project opens on text rather than on an empty pane — without
    // leaving a tab the researcher clicked while the lists were loading.
    const first = get().sources[0];
    if (first && get().openSourceId === null) await get().openSource(first.id, { show: false });
  };

  const withBusy = async (work: () => Promise<ProjectInfo | null>): Promise<boolean> => {
    if (get().projectBusy) return false;
    set({ projectBusy: true });
    try {
      const project = await work();
      if (project === null) return false;
      await enterWorkspace(project);
      return true;
    } finally {
      set({ projectBusy: false });
    }
  };

  return {
    phase: 'starting',
    appInfo: null,
    project: null,
    recent: [],
    projectBusy: false,
    view: 'document',
    exchangeImport: null,
    exchangePickRequest: 0,
    async init() {
      const [info, current] = await Promise.all([get().request('app:info', {}), get().request('projects:current', {})]);
      set({ appInfo: info });
      if (current) {
        await enterWorkspace(current);
      } else {
        set({ phase: 'start' });
        await get().loadRecent();
      }
    },
    async loadRecent() {
      const recent = await get().request('projects:recent', {});
      if (recent) set({ recent });
    },
    createProject(name, template, coderName) {
      return withBusy(() =>
        get().request('projects:create', { name: name.trim(), template, ...(coderName ? { coderName } : {}) }),
      );
    },
    openProject(path) {
      return withBusy(() => get().request('projects:open', path === undefined ? {} : { path }));
    },
    async createProjectFromExchange(file) {
      let outcome: ExchangeImport | null = null;
      const created = await withBusy(async () => {
        const result = await get().request('projects:createFromExchange', { file: { ...file } });
        if (!result) return null;
        outcome = { fileName: file.fileName, imported: result.imported, report: result.report };
        return result.project;
      });
      // Set after entering the workspace, which resets every feature's state.
      if (created && outcome) set({ exchangeImport: outcome });
      return created;
    },
    async requestNewFromExchange() {
      if (get().phase === 'workspace') await get().closeProject();
      set({ exchangePickRequest: get().exchangePickRequest + 1 });
    },
    dismissExchangeImport() {
      set({ exchangeImport: null });
    },
    async closeProject() {
      // A boundary move held back for its pause (store/pendingWrites.ts) is written first.
      await get().flushPendingWrites();
      const closed = await get().requestQuietly('projects:close', {});
      if (!closed.ok) get().notify('error', closed.error.message);
      set({
        project: null,
        phase: 'start',
        exchangeImport: null,
        ...sourcesInitial,
        ...codebookInitial,
        ...documentInitial,
        ...frequenciesInitial,
        ...findInitial,
        ...paletteInitial,
        ...analysisInitial,
        ...sharingInitial,
        ...searchInitial,
        ...retrievalInitial,
        ...memosInitial,
      });
      await get().loadRecent();
    },
    setView(view) {
      set({ view });
      if (view === 'frequencies') void get().loadFrequencies();
    },
  };
};
