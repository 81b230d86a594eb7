// The three IPC channel names shared by the main process and the preload. They live here rather
// than in shared/ because only the Electron front door uses them (browser mode speaks HTTP).

/** Renderer → main: one request/response channel carrying every contract call. */
export const INVOKE_CHANNEL = 'marginalia:invoke';
/** Main → renderer: backend events (`import:progressed`, `project:changed`). */
export const EVENT_CHANNEL = 'marginalia:event';
/** Main → renderer: commands chosen from the native menu that the renderer carries out. */
export const MENU_CHANNEL = 'marginalia:menu';

/** Menu commands the renderer acts on; the rest of the menu is handled in main. */
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

/** True when a value is one of the known menu commands. */
export function isMenuCommand(value: unknown): value is MenuCommand {
  return typeof value === 'string' && (MENU_COMMANDS as readonly string[]).includes(value);
}
