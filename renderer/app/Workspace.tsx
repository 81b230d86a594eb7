import { useShallow } from 'zustand/react/shallow';
import { t } from '../i18n';
import { useAppStore } from '../store';
import { CodebookPanel } from '../features/codebook/CodebookPanel';
import { DocumentView } from '../features/document/DocumentView';
import { FrequenciesView } from '../features/frequencies/FrequenciesView';
import { SettingsMenu } from '../features/settings/SettingsMenu';
import { SourcesPanel } from '../features/sources/SourcesPanel';
import type { View } from '../features/start/projectSlice';
import { AnalysisView } from '../features/analysis/AnalysisView';
import { AnalysisLayer } from '../features/analysis/AnalysisLayer';
import { AgreementView } from '../features/sharing/AgreementView';
import { SharingLayer } from '../features/sharing/SharingLayer';
import { SearchView } from '../features/search/SearchView';
import { SearchLayer } from '../features/search/SearchLayer';
import { RetrievalView } from '../features/retrieval/RetrievalView';
import { RetrievalLayer } from '../features/retrieval/RetrievalLayer';
import { MemosView } from '../features/memos/MemosView';
import { MemosLayer } from '../features/memos/MemosLayer';
import { CodingAsDialog } from '../features/document/CodingAsDialog';

const VIEWS: readonly View[] = ['document', 'retrieval', 'search', 'memos', 'frequencies', 'analysis', 'agreement'];

/** Each view's component in the main pane. */
const VIEW_COMPONENTS: Readonly<Record<View, () => React.JSX.Element | null>> = {
  document: DocumentView,
  retrieval: RetrievalView,
  search: SearchView,
  memos: MemosView,
  frequencies: FrequenciesView,
  analysis: AnalysisView,
  agreement: AgreementView,
};

/** The workspace: a top bar, sources and codebook on the left, the document or frequencies in the centre. */
export function Workspace() {
  const { project, view, setView, undo, redo, closeProject, openPalette, openCodingAs, codingAsOpen } = useAppStore(
    useShallow((state) => ({
      project: state.project,
      view: state.view,
      setView: state.setView,
      undo: state.undo,
      redo: state.redo,
      closeProject: state.closeProject,
      openCodingAs: state.openCodingAs,
      codingAsOpen: state.codingAsOpen,
      openPalette: state.openPalette,
    })),
  );
  if (!project) return null;
  const Current = VIEW_COMPONENTS[view];
  return (
    <div className="workspace">
      <header className="topbar">
        <span className="brand">{t('app.name')}</span>
        <span className="project-name" title={project.path}>
          {project.name}
        </span>
        <nav className="tabs" role="tablist" aria-label={t('workspace.views')}>
          {VIEWS.map((entry) => (
            <button
              key={entry}
              type="button"
              role="tab"
              id={`tab-${entry}`}
              aria-selected={view === entry}
              aria-controls="main-view"
              className={view === entry ? 'tab active' : 'tab'}
              onClick={() => setView(entry)}
            >
              {t(`workspace.${entry}`)}
            </button>
          ))}
        </nav>
        <span className="topbar-spacer" />
        <button
          type="button"
          className="palette-button"
          title={t('palette.openHint')}
          // Keep a passage selected in the text: the palette codes it.
          onMouseDown={(event) => event.preventDefault()}
          onClick={openPalette}
        >
          <span>{t('palette.open')}</span>
          <kbd>Ctrl K</kbd>
        </button>
        <span className="topbar-spacer" />
        {/* Arrows only, to leave the bar room for seven views in either language; named for screen readers. */}
        <button
          type="button"
          className="button small quiet history-button"
          aria-label={t('workspace.undo')}
          title={t('workspace.undoHint')}
          onClick={() => void undo()}
        >
          ↶
        </button>
        <button
          type="button"
          className="button small quiet history-button"
          aria-label={t('workspace.redo')}
          title={t('workspace.redoHint')}
          onClick={() => void redo()}
        >
          ↷
        </button>
        <button
          type="button"
          className="button small quiet coder"
          title={t('document.codingAs.hint')}
          onClick={openCodingAs}
        >
          {t('workspace.coder', { name: project.currentCoder.name })}
        </button>
        <SettingsMenu />
        <button type="button" className="button small" onClick={() => void closeProject()}>
          {t('workspace.close')}
        </button>
      </header>
      <div className="panes">
        <aside className="sidebar">
          <SourcesPanel />
          <CodebookPanel />
        </aside>
        <main className="main" id="main-view" role="tabpanel" aria-labelledby={`tab-${view}`}>
          <Current />
        </main>
      </div>
      <AnalysisLayer />
      <SharingLayer />
      <SearchLayer />
      <RetrievalLayer />
      <MemosLayer />
      {codingAsOpen && <CodingAsDialog />}
    </div>
  );
}
