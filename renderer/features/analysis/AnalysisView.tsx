/** The analysis view in the workspace's main pane. */
export function AnalysisView() {
  return <section className="analysis-view" aria-label="analysis" />;
}
