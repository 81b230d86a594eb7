import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STOPWORD_LANGUAGES, type StopwordLanguage, type StopwordList } from '../../../shared/ipc/channels/stopwords';
import { parseStopwords } from '../../../shared/stats/wordfreq';
import { UserError } from '../../util/errors';
import { logger } from '../../util/logger';
import { getMeta, setMeta, type ProjectSession } from '../session';

// One definition for the service, the CLI and the stopwords channels.
export { STOPWORD_LANGUAGES, type StopwordLanguage, type StopwordList };

/**
 * The folder holding resources/stopwords. This module runs from electron/services/analysis
 * (tests, tsx), from out/node (the CLI bundle) or from app.asar/out/main (packaged, where
 * resources sit beside app.asar), so we look upwards instead of assuming one depth.
 */
function stopwordFolder(): string | null {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (let level = 0; level < 6; level += 1) {
    const candidate = join(folder, 'resources', 'stopwords');
    if (existsSync(join(candidate, 'en.txt'))) return candidate;
    const parent = dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  return null;
}

const defaults = new Map<StopwordLanguage, readonly string[]>();

/** The built-in stop words of a language (resources/stopwords/<language>.txt). */
export function defaultStopwords(language: StopwordLanguage): readonly string[] {
  const cached = defaults.get(language);
  if (cached) return cached;
  const folder = stopwordFolder();
  let words: string[] = [];
  if (folder) {
    words = parseStopwords(readFileSync(join(folder, `${language}.txt`), 'utf8'));
  } else {
    logger.warn('The built-in stop-word lists were not found; word frequency counts every word.');
  }
  defaults.set(language, words);
  return words;
}

const metaKey = (language: StopwordLanguage): string => `stopwords.${language}`;

/** The stop words a project uses for a language: its own list if it has one, else the built-in one. */
export function getStopwords(session: ProjectSession, language: StopwordLanguage): StopwordList {
  const stored = getMeta(session.db, metaKey(language));
  if (stored !== null) return { language, words: parseStopwords(stored), source: 'project' };
  return { language, words: defaultStopwords(language), source: 'default' };
}

/** Replaces a project's stop words for a language (kept in the project file); an empty list counts every word. */
export function setStopwords(session: ProjectSession, language: StopwordLanguage, words: readonly string[]): StopwordList {
  if (!(STOPWORD_LANGUAGES as readonly string[]).includes(language)) {
    throw new UserError('invalid-arguments', `Stop-word lists exist for ${STOPWORD_LANGUAGES.join(' and ')}, not "${language}".`);
  }
  const normalised = parseStopwords(words.join('\n'));
  setMeta(session.db, metaKey(language), normalised.join('\n'));
  return { language, words: normalised, source: 'project' };
}

/** Goes back to the built-in stop words for a language. */
export function resetStopwords(session: ProjectSession, language: StopwordLanguage): StopwordList {
  session.db.prepare('DELETE FROM project WHERE key = ?').run(metaKey(language));
  return getStopwords(session, language);
}
