/**
 * Always mounted in the workspace: the memos feature's dialogs and keyboard shortcuts.
 */
export function MemosLayer() {
  return null;
}
