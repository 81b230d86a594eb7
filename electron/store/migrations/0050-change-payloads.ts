import type { Migration } from './index';

/**
 * Large values the change log refers to by hash instead of holding a copy (a source's text,
 * original bytes and structure; electron/store/rows.ts, PAYLOAD_COLUMNS). While the row that
 * holds such a value exists, the log needs no copy; when the row goes (deleted, or an import
 * undone) its value is kept here, once per content, so that undo and redo stay exact. Before
 * this, every imported text was written twice, as its row and again as that row's JSON in
 * the log (issue 3's import budget). Append-only, like the log.
 */
export const changePayloads: Migration = {
  version: 50,
  name: 'change-payloads',
  sql: `
CREATE TABLE change_payloads (
  -- 'text:' or 'blob:' and the SHA-256 (hex) of the value (a text as UTF-8).
  key TEXT PRIMARY KEY,
  value ANY NOT NULL
) STRICT;
CREATE TRIGGER change_payloads_no_update BEFORE UPDATE ON change_payloads
BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END;
CREATE TRIGGER change_payloads_no_delete BEFORE DELETE ON change_payloads
BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END;
`,
};
