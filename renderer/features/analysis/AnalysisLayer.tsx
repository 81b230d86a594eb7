/**
 * Always mounted in the workspace: the analysis feature's dialogs and keyboard shortcuts.
 */
export function AnalysisLayer() {
  return null;
}
