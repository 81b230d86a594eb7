/** The retrieval view in the workspace's main pane. */
export function RetrievalView() {
  return <section className="retrieval-view" aria-label="retrieval" />;
}
