import type { Bridge } from '../../shared/ipc/bridge';

/** Commands the Electron application menu sends to the window. */
export const MENU_COMMANDS = [
  'undo',
  'redo',
  'import',
  'new-project',
  'open-project',
  'export-frequencies',
  'new-from-exchange',
  'share-export',
  'share-merge',
  'share-agreement',
] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/** The Bridge plus what only one front door has: which door it is, and the Electron menu. */
export type RendererBridge = Bridge &
  Readonly<{
    mode: 'electron' | 'browser';
    /** Electron only: application menu commands. Browser mode returns a no-op unsubscribe. */
    onMenu(listener: (command: MenuCommand) => void): () => void;
  }>;
