/** The memos view in the workspace's main pane. */
export function MemosView() {
  return <section className="memos-view" aria-label="memos" />;
}
