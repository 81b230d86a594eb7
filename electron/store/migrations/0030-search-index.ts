import type { Migration } from './index';

/**
 * The project-wide search index (issue 4, DESIGN §7): an FTS5 table with the trigram
 * tokenizer, so that any query of three or more characters — Chinese has no spaces to split
 * words at — narrows the sources to read before their texts are scanned for exact offsets.
 *
 * Derived data: it is filled lazily before a search (electron/services/search.ts), never by
 * triggers on `sources` (imports are budgeted), and it is not in the change log or undo.
 * - contentless (`content = ''`): the text is already in `sources`; a copy would double the file;
 * - `detail = 'none'`: no positions, the smallest index; the search checks every candidate's
 *   text itself, which it must do anyway to report UTF-16 offsets;
 * - `search_sources` maps the index's integer rowids to source ids. Source rowids are not
 *   used because VACUUM may renumber a table without an INTEGER PRIMARY KEY. No foreign key:
 *   a deleted source must leave its entry behind for the next search to remove from the index.
 * - `sources_listing` covers what search reads of every source. Columns stored after `text`
 *   (position, text_length) otherwise make SQLite walk each text's overflow pages: listing
 *   2,000 sources of 20M characters in order took 70–760 ms, through this index ~20 ms.
 */
export const searchIndex: Migration = {
  version: 30,
  name: 'search-index',
  sql: `
CREATE TABLE search_sources (
  doc INTEGER PRIMARY KEY,
  source_id TEXT NOT NULL UNIQUE,
  text_hash TEXT NOT NULL
) STRICT;
CREATE VIRTUAL TABLE search_text USING fts5 (
  text,
  tokenize = 'trigram',
  content = '',
  contentless_delete = 1,
  detail = 'none'
);
CREATE INDEX sources_listing ON sources (position, id, name, text_hash, text_length);
`,
};
