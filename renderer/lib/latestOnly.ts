/**
 * A loader whose calls can overlap (project entry, an undo's reload and the refresh after each
 * project:changed event may all read the same list at once) must not let a late answer to an
 * older call replace a newer one: on a loaded machine the answers do arrive out of order.
 *
 * `latestOnly()` gives a runner; each call reads with `load` and hands the answer to `apply`
 * only if no later call was started meanwhile. An older call then settles with the newest one,
 * so whoever awaited it (a merge that reveals the merged code next) sees the newest list.
 */
export type LatestOnly = <T>(load: () => Promise<T>, apply: (value: T) => void) => Promise<void>;

export function latestOnly(): LatestOnly {
  let newest: Promise<void> | null = null;
  return <T>(load: () => Promise<T>, apply: (value: T) => void): Promise<void> => {
    const call: Promise<void> = load().then(async (value) => {
      if (newest === call) apply(value);
      // A later call is under way: it applies its own answer (or waits in turn for a later one).
      else await newest;
    });
    newest = call;
    return call;
  };
}
