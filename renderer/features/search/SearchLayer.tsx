/**
 * Always mounted in the workspace: the search feature's dialogs and keyboard shortcuts.
 */
export function SearchLayer() {
  return null;
}
