import { Fragment, useEffect } from 'react';
import { t } from '../i18n';
import { isEditableTarget, isPrimaryModifier } from '../lib/keys';
import { downloadText } from '../lib/files';
import { useAppStore, useAppStoreApi } from '../store';
import { CommandPalette } from '../features/palette/CommandPalette';
import { StartScreen } from '../features/start/StartScreen';
import { Notices } from './Notices';
import { Workspace } from './Workspace';

/** The whole window: start screen or workspace, global shortcuts, backend events and notices. */
export function App() {
  const phase = useAppStore((state) => state.phase);
  // t() reads the catalogue in use: a new language re-creates the views (their state lives
  // in the store, so nothing is lost but scroll positions).
  const locale = useAppStore((state) => state.locale);
  const paletteOpen = useAppStore((state) => state.paletteOpen);
  useBackendEvents();
  useGlobalShortcuts();
  return (
    <Fragment key={locale}>
      {phase === 'starting' && <p className="placeholder app-loading">{t('app.loading')}</p>}
      {phase === 'start' && <StartScreen />}
      {phase === 'workspace' && <Workspace />}
      {phase === 'workspace' && paletteOpen && <CommandPalette />}
      <Notices />
    </Fragment>
  );
}

/** Progress of imports, and changes made elsewhere (another window, the menu). */
function useBackendEvents(): void {
  const store = useAppStoreApi();
  useEffect(() => {
    const bridge = store.getState().bridge;
    const offProgress = bridge.on('import:progressed', (payload) => store.getState().setImportProgress(payload));
    const offChanged = bridge.on('project:changed', () => store.getState().scheduleRefresh());
    const offMenu = bridge.onMenu((command) => {
      const state = store.getState();
      switch (command) {
        case 'undo':
          return void state.undo();
        case 'redo':
          return void state.redo();
        case 'import':
          return state.openImportDialog();
        case 'new-project':
        case 'open-project':
          if (state.phase === 'workspace') void state.closeProject();
          if (command === 'open-project' && state.bridge.mode === 'electron') void state.openProject();
          return undefined;
        case 'new-from-exchange':
          return void state.requestNewFromExchange();
        case 'share-export':
          return void state.openExportDialog();
        case 'share-merge':
          return void state.openMergeDialog();
        case 'share-agreement':
          return void state.showAgreement();
        case 'export-frequencies':
          void state.exportFrequencies().then((file) => file && downloadText(file.fileName, file.content));
          return undefined;
        default:
          return undefined;
      }
    });
    return () => {
      offProgress();
      offChanged();
      offMenu();
    };
  }, [store]);
}

/**
 * Ctrl/Cmd+Z and Ctrl/Cmd+Shift+Z (or Ctrl+Y): undo and redo through the backend's log;
 * Ctrl/Cmd+K: the command palette; Ctrl/Cmd+F: find in the open document.
 */
function useGlobalShortcuts(): void {
  const store = useAppStoreApi();
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (!isPrimaryModifier(event) || event.altKey || isEditableTarget(event.target)) return;
      const state = store.getState();
      if (state.phase !== 'workspace') return;
      const key = event.key.toLowerCase();
      if (event.code === 'KeyK' && !event.shiftKey) {
        event.preventDefault();
        state.openPalette();
      } else if (event.code === 'KeyF' && !event.shiftKey) {
        // Only over an open source; elsewhere the browser's own find is more use than nothing.
        if (state.openSourceId === null) return;
        event.preventDefault();
        state.openFind();
      } else if (key === 'z' && !event.shiftKey) {
        event.preventDefault();
        void state.undo();
      } else if ((key === 'z' && event.shiftKey) || key === 'y') {
        event.preventDefault();
        void state.redo();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
}
