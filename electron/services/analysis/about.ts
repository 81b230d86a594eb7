import { basename } from 'node:path';
import type { AboutEntry } from '../../../shared/format/table';
import type { AnalysisQuery } from '../../../shared/format/query';
import packageJson from '../../../package.json';
import { getMeta, type ProjectSession } from '../session';

/** The version of Marginalia that made an export. */
export const APP_VERSION: string = packageJson.version;

/**
 * The "About" of an export: the project, then what the analysis says about itself (query,
 * unit, filters, coder …), then when and by which version it was made — so a table found
 * in a folder months later still says what it counts.
 */
export function aboutEntries(session: ProjectSession, entries: readonly AboutEntry[], query: AnalysisQuery, now = new Date()): AboutEntry[] {
  return [
    { label: 'Project', value: getMeta(session.db, 'name') ?? basename(session.path) },
    { label: 'Project file', value: basename(session.path) },
    ...entries,
    // The query as data: paste it into a saved query (or the UI) to make this table again.
    { label: 'Query (JSON)', value: JSON.stringify(query) },
    { label: 'Date', value: now.toISOString() },
    { label: 'Marginalia version', value: APP_VERSION },
  ];
}
