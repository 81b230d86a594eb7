import type { Migration } from './index';

/**
 * Saved analysis queries (issue 5): a name and the query as JSON (shared/format/query.ts),
 * re-run on demand. The kind is checked by the query's schema when it is read, not by a
 * CHECK here, so a new kind of analysis needs no table rebuild.
 */
export const savedQueries: Migration = {
  version: 20,
  name: 'saved-queries',
  sql: `
CREATE TABLE saved_queries (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  kind TEXT NOT NULL,
  query TEXT NOT NULL CHECK (json_valid(query)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
`,
};
