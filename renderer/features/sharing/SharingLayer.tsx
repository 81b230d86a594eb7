/**
 * Always mounted in the workspace: the sharing feature's dialogs and keyboard shortcuts.
 */
export function SharingLayer() {
  return null;
}
