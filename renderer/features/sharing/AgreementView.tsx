/** The sharing view in the workspace's main pane. */
export function AgreementView() {
  return <section className="sharing-view" aria-label="sharing" />;
}
