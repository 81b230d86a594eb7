import { logger } from './logger';

const PREFIX = 'marginalia.';

/**
 * The window's storage, or null where there is none (tests in Node) or it is refused (a
 * browser with storage disabled throws on access). Preferences then last for the session.
 */
function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** A remembered preference (language, recently used codes), or `fallback` when there is none. */
export function readPreference<T>(key: string, fallback: T, accept: (value: unknown) => value is T): T {
  try {
    const raw = storage()?.getItem(PREFIX + key);
    if (raw === null || raw === undefined) return fallback;
    const value: unknown = JSON.parse(raw);
    return accept(value) ? value : fallback;
  } catch {
    return fallback;
  }
}

/** Remembers a preference in this browser profile (localStorage); failing to is not an error. */
export function writePreference(key: string, value: unknown): void {
  try {
    storage()?.setItem(PREFIX + key, JSON.stringify(value));
  } catch (error) {
    logger.warn(`could not remember ${key}: ${String(error)}`);
  }
}
