import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { APPLICATION_ID } from '../../electron/store/database';
import { initial } from '../../electron/store/migrations/0010-initial';
import { SCHEMA_VERSION } from '../../electron/store/migrations/index';
import { closeProject, openProject } from '../../electron/services/project';
import { listSavedQueries, saveQuery, getSavedQuery } from '../../electron/services/analysis/savedQueries';
import { runSavedQuery } from '../../electron/services/analysis/run';
import { tempDir } from '../support/temp';

/** Writes a project file exactly as format 10 (before saved queries) left it, with a little data. */
function writeFormat10Project(path: string): void {
  const raw = new Database(path);
  raw.pragma('journal_mode = WAL');
  raw.pragma(`application_id = ${APPLICATION_ID}`);
  raw.exec(initial.sql);
  raw.pragma('user_version = 10');
  const now = '2025-01-01T00:00:00.000Z';
  const insert = (sql: string, ...values: unknown[]) => raw.prepare(sql).run(...values);
  insert(
    "INSERT INTO project (key, value) VALUES ('id', ?), ('name', 'Old study'), ('created_at', ?), ('current_coder', ?)",
    'a0000000-0000-4000-8000-000000000000',
    now,
    'c0000000-0000-4000-8000-000000000001',
  );
  insert(
    'INSERT INTO coders (id, name, created_at) VALUES (?, ?, ?)',
    'c0000000-0000-4000-8000-000000000001',
    'Ana',
    now,
  );
  insert(
    `INSERT INTO sources (id, name, kind, text, text_length, text_hash, original_name, original_type, structure, imported_at, position)
     VALUES (?, 'old', 'policy', '数据平台。', 5, 'hash', 'old.txt', 'text/plain', '[]', ?, 0)`,
    's0000000-0000-4000-8000-000000000001',
    now,
  );
  insert(
    "INSERT INTO attributes (id, name, type, position) VALUES (?, 'province', 'text', 0)",
    'b0000000-0000-4000-8000-000000000001',
  );
  insert(
    "INSERT INTO attribute_values (source_id, attribute_id, value) VALUES (?, ?, 'Zhejiang')",
    's0000000-0000-4000-8000-000000000001',
    'b0000000-0000-4000-8000-000000000001',
  );
  insert(
    "INSERT INTO codes (id, parent_id, name, color, position, created_at) VALUES (?, NULL, 'Data', '#0072b2', 0, ?)",
    'd0000000-0000-4000-8000-000000000001',
    now,
  );
  insert(
    'INSERT INTO codings (id, source_id, code_id, start, end, coder_id, created_at) VALUES (?, ?, ?, 0, 2, ?, ?)',
    'e0000000-0000-4000-8000-000000000001',
    's0000000-0000-4000-8000-000000000001',
    'd0000000-0000-4000-8000-000000000001',
    'c0000000-0000-4000-8000-000000000001',
    now,
  );
  raw.pragma('wal_checkpoint(TRUNCATE)');
  raw.close();
}

describe('migration 0020: saved queries', () => {
  it('adds the saved_queries table to a format-10 project, keeping its data and a backup of the old file', () => {
    const dir = tempDir();
    const path = join(dir, 'old.marginalia');
    writeFormat10Project(path);
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(20);

    const session = openProject(path);
    try {
      // Migrated through 0020 and every later step, to this build's version.
      expect(session.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      const columns = (session.db.prepare('PRAGMA table_info(saved_queries)').all() as { name: string }[]).map(
        (column) => column.name,
      );
      expect(columns).toEqual(['id', 'name', 'kind', 'query', 'created_at', 'updated_at']);
      // The old data is all there and the new table is usable at once.
      expect(listSavedQueries(session)).toEqual([]);
      saveQuery(session, 'Data by province', { kind: 'crosstab', by: 'province' });
      const document = runSavedQuery(session, 'Data by province');
      expect((document.json as { totals: Record<string, number> }).totals).toEqual({
        Zhejiang: 1,
        '(none)': 0,
        all: 1,
      });
      // The table keeps only JSON in `query`, and names are unique whatever their case.
      expect(() =>
        session.db
          .prepare(
            "INSERT INTO saved_queries (id, name, kind, query, created_at, updated_at) VALUES ('x', 'y', 'crosstab', 'not json', '', '')",
          )
          .run(),
      ).toThrow(/CHECK constraint failed/);
      expect(() =>
        session.db
          .prepare(
            "INSERT INTO saved_queries (id, name, kind, query, created_at, updated_at) VALUES ('x', 'DATA BY PROVINCE', 'crosstab', '{}', '', '')",
          )
          .run(),
      ).toThrow(/UNIQUE constraint failed/);
    } finally {
      closeProject(session);
    }

    // Before migrating, the file was copied as it was (format 10).
    const backup = `${path}.format-10.backup`;
    expect(existsSync(backup)).toBe(true);
    const old = new Database(backup, { readonly: true });
    try {
      expect(old.pragma('user_version', { simple: true })).toBe(10);
      expect(old.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'saved_queries'").get()).toEqual({
        n: 0,
      });
    } finally {
      old.close();
    }

    // Reopened, the saved query is still there.
    const again = openProject(path);
    try {
      expect(getSavedQuery(again, 'data by province').query).toMatchObject({
        kind: 'crosstab',
        by: 'province',
        unit: 'segments',
      });
    } finally {
      closeProject(again);
    }
  });
});
