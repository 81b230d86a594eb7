import type { StateCreator } from 'zustand';
import type { ChannelResults } from '../../../shared/ipc/contract';
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
  /** Asks the backend what is open: a project (workspace) or nothing (start screen). */
  init(): Promise<void>;
  loadRecent(): Promise<void>;
  createProject(name: string, template: ProjectTemplate): Promise<boolean>;
  openProject(path?: string): Promise<boolean>;
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
    // Open the first source, so a project opens on text rather than on an empty pane.
    const first = get().sources[0];
    if (first && get().openSourceId === null) await get().openSource(first.id);
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
    createProject(name, template) {
      return withBusy(() => get().request('projects:create', { name: name.trim(), template }));
    },
    openProject(path) {
      return withBusy(() => get().request('projects:open', path === undefined ? {} : { path }));
    },
    async closeProject() {
      const closed = await get().requestQuietly('projects:close', {});
      if (!closed.ok) get().notify('error', closed.error.message);
      set({
        project: null,
        phase: 'start',
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
