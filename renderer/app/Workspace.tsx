import { useShallow } from 'zustand/react/shallow';
import { t } from '../i18n';
import { useAppStore } from '../store';
import { CodebookPanel } from '../features/codebook/CodebookPanel';
import { DocumentView } from '../features/document/DocumentView';
import { FrequenciesView } from '../features/frequencies/FrequenciesView';
import { SettingsMenu } from '../features/settings/SettingsMenu';
import { SourcesPanel } from '../features/sources/SourcesPanel';
import type { View } from '../features/start/projectSlice';

const VIEWS: readonly View[] = ['document', 'frequencies'];

/** The workspace: a top bar, sources and codebook on the left, the document or frequencies in the centre. */
export function Workspace() {
  const { project, view, setView, undo, redo, closeProject, openPalette } = useAppStore(
    useShallow((state) => ({
      project: state.project,
      view: state.view,
      setView: state.setView,
      undo: state.undo,
      redo: state.redo,
      closeProject: state.closeProject,
      openPalette: state.openPalette,
    })),
  );
  if (!project) return null;
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
        <button
          type="button"
          className="button small quiet"
          title={t('workspace.undoHint')}
          onClick={() => void undo()}
        >
          ↶ {t('workspace.undo')}
        </button>
        <button
          type="button"
          className="button small quiet"
          title={t('workspace.redoHint')}
          onClick={() => void redo()}
        >
          ↷ {t('workspace.redo')}
        </button>
        <span className="muted coder">{t('workspace.coder', { name: project.currentCoder.name })}</span>
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
          {view === 'document' ? <DocumentView /> : <FrequenciesView />}
        </main>
      </div>
    </div>
  );
}
