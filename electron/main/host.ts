import { join } from 'node:path';
import type { BrowserWindow, Dialog } from 'electron';
import type { Host } from '../backend/backend';
import { PROJECT_EXTENSION } from './argv';

// The backend asks its Host for file paths; in Electron the answer always comes from a native
// dialog the user sees, so the renderer never supplies a path to be read (DESIGN.md §8).

const PROJECT_FILTERS = [{ name: 'Marginalia project', extensions: [PROJECT_EXTENSION.slice(1)] }];

/** A safe file name from a project name: no separators, reserved or control characters. */
export function projectFileName(projectName: string): string {
  const cleaned = projectName
    .replace(/[<>:"/\\|?*\p{Cc}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  // Leading dots would hide the file on Linux and macOS; trailing dots are dropped by Windows.
  const trimmed = cleaned
    .replace(/^[.\s]+/, '')
    .replace(/[. ]+$/, '')
    .slice(0, 120)
    .trim();
  return `${trimmed || 'Untitled project'}${PROJECT_EXTENSION}`;
}

/** Adds the project extension when the save dialog returned a name without it (GTK does). */
export function withProjectExtension(path: string): string {
  return path.toLowerCase().endsWith(PROJECT_EXTENSION) ? path : `${path}${PROJECT_EXTENSION}`;
}

export type DialogHostOptions = Readonly<{
  dialog: Pick<Dialog, 'showSaveDialog' | 'showOpenDialog'>;
  /** The window the dialogs are attached to, if it is open. */
  window: () => BrowserWindow | null;
  /** Folder the New Project dialog starts in (the user's Documents). */
  defaultDirectory: () => string;
}>;

/** A Host whose paths come from Electron's native open and save dialogs. */
export function createDialogHost(options: DialogHostOptions): Host {
  const { dialog, window, defaultDirectory } = options;
  return {
    mode: 'electron',
    projectsDir: null,
    async chooseNewProjectPath(suggestedName) {
      const dialogOptions = {
        title: 'Create a new project',
        buttonLabel: 'Create',
        defaultPath: join(defaultDirectory(), projectFileName(suggestedName)),
        filters: PROJECT_FILTERS,
        properties: ['createDirectory', 'showOverwriteConfirmation'] as Array<
          'createDirectory' | 'showOverwriteConfirmation'
        >,
      };
      const parent = window();
      const result = parent
        ? await dialog.showSaveDialog(parent, dialogOptions)
        : await dialog.showSaveDialog(dialogOptions);
      if (result.canceled || !result.filePath) return null;
      return withProjectExtension(result.filePath);
    },
    async chooseProjectToOpen() {
      const dialogOptions = {
        title: 'Open a project',
        filters: PROJECT_FILTERS,
        properties: ['openFile'] as Array<'openFile'>,
      };
      const parent = window();
      const result = parent
        ? await dialog.showOpenDialog(parent, dialogOptions)
        : await dialog.showOpenDialog(dialogOptions);
      if (result.canceled) return null;
      return result.filePaths[0] ?? null;
    },
  };
}
