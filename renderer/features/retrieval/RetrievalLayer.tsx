/**
 * Always mounted in the workspace: the retrieval feature's dialogs and keyboard shortcuts.
 */
export function RetrievalLayer() {
  return null;
}
