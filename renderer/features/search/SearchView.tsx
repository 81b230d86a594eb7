/** The search view in the workspace's main pane. */
export function SearchView() {
  return <section className="search-view" aria-label="search" />;
}
