import { analysisQuerySchema, type AnalysisQuery, type AnalysisQueryInput, type SavedQuery } from '../../../shared/format/query';
import { UserError } from '../../util/errors';
import { newId, nowIso, type ProjectSession } from '../session';
import { parseQuery } from './scope';

type SavedQueryRow = { id: string; name: string; kind: string; query: string; created_at: string; updated_at: string };

function rowToSavedQuery(row: SavedQueryRow): SavedQuery {
  const parsed = analysisQuerySchema.safeParse(JSON.parse(row.query));
  if (!parsed.success) {
    throw new UserError('invalid-arguments', `The saved query "${row.name}" was written by a newer Marginalia or is damaged; save it again.`);
  }
  return { id: row.id, name: row.name, query: parsed.data, createdAt: row.created_at, updatedAt: row.updated_at };
}

/** Every saved query of the project, by name. */
export function listSavedQueries(session: ProjectSession): SavedQuery[] {
  const rows = session.db.prepare('SELECT * FROM saved_queries ORDER BY name COLLATE NOCASE').all() as SavedQueryRow[];
  return rows.map(rowToSavedQuery);
}

/** The saved query called `name` (case-insensitive), or a sentence naming those there are. */
export function getSavedQuery(session: ProjectSession, name: string): SavedQuery {
  const row = session.db.prepare('SELECT * FROM saved_queries WHERE name = ?').get(name.trim()) as SavedQueryRow | undefined;
  if (row) return rowToSavedQuery(row);
  const names = (session.db.prepare('SELECT name FROM saved_queries ORDER BY name COLLATE NOCASE').pluck().all() as string[]).slice(0, 10);
  throw new UserError(
    'not-found',
    names.length > 0 ? `There is no saved query "${name}"; the project has ${names.join(', ')}.` : `There is no saved query "${name}"; none is saved yet.`,
  );
}

/** Saves a query under a name in the project; a query of the same name is replaced (keeping its id). */
export function saveQuery(session: ProjectSession, name: string, input: AnalysisQueryInput): SavedQuery {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 200) throw new UserError('invalid-arguments', 'A saved query needs a name of 1 to 200 characters.');
  const query: AnalysisQuery = parseQuery(analysisQuerySchema, input);
  const now = nowIso();
  const { db } = session;
  db.transaction(() => {
    const existing = db.prepare('SELECT id FROM saved_queries WHERE name = ?').get(trimmed) as { id: string } | undefined;
    if (existing) {
      db.prepare('UPDATE saved_queries SET name = ?, kind = ?, query = ?, updated_at = ? WHERE id = ?').run(
        trimmed,
        query.kind,
        JSON.stringify(query),
        now,
        existing.id,
      );
    } else {
      db.prepare('INSERT INTO saved_queries (id, name, kind, query, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(
        newId<string>(),
        trimmed,
        query.kind,
        JSON.stringify(query),
        now,
        now,
      );
    }
  })();
  return getSavedQuery(session, trimmed);
}

/** Deletes a saved query by name. */
export function deleteSavedQuery(session: ProjectSession, name: string): void {
  const saved = getSavedQuery(session, name);
  session.db.prepare('DELETE FROM saved_queries WHERE id = ?').run(saved.id);
}
