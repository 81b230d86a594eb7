import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { APPLICATION_ID } from '../../electron/store/database';
import { initial } from '../../electron/store/migrations/0010-initial';
import { savedQueries } from '../../electron/store/migrations/0020-saved-queries';
import { closeProject, openProject } from '../../electron/services/project';
import { searchProject, updateSearchIndex } from '../../electron/services/search';
import { tempDir } from '../support/temp';

/** Writes a project file exactly as format 20 (before the search index) left it, with two sources. */
function writeFormat20Project(path: string): void {
  const raw = new Database(path);
  raw.pragma('journal_mode = WAL');
  raw.pragma(`application_id = ${APPLICATION_ID}`);
  raw.exec(initial.sql);
  raw.exec(savedQueries.sql);
  raw.pragma('user_version = 20');
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
  const source = `INSERT INTO sources (id, name, kind, text, text_length, text_hash, original_name, original_type, structure, imported_at, position)
     VALUES (?, ?, 'policy', ?, ?, ?, 'old.txt', 'text/plain', '[]', ?, ?)`;
  insert(source, 's0000000-0000-4000-8000-000000000001', 'zhejiang', '推进数据平台建设。', 9, 'hash-1', now, 0);
  insert(source, 's0000000-0000-4000-8000-000000000002', 'anhui', '数据共享试点。', 7, 'hash-2', now, 1);
  raw.pragma('wal_checkpoint(TRUNCATE)');
  raw.close();
}

describe('migration 0030: search index', () => {
  it('adds an empty search index to a format-20 project, filled on the first search, outside the change log', () => {
    const dir = tempDir();
    const path = join(dir, 'old.marginalia');
    writeFormat20Project(path);

    const session = openProject(path);
    try {
      expect(session.db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(30);
      const columns = (session.db.prepare('PRAGMA table_info(search_sources)').all() as { name: string }[]).map(
        (column) => column.name,
      );
      expect(columns).toEqual(['doc', 'source_id', 'text_hash']);
      const fts = session.db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'search_text'").get() as {
        sql: string;
      };
      expect(fts.sql).toMatch(/USING fts5/);
      expect(fts.sql).toMatch(/trigram/);
      // Nothing is indexed by the migration itself: it is lazy, so a big old project opens quickly.
      expect(session.db.prepare('SELECT count(*) AS n FROM search_sources').get()).toEqual({ n: 0 });
      const logBefore = (session.db.prepare('SELECT count(*) AS n FROM change_log').get() as { n: number }).n;

      expect(searchProject(session, { query: '数据平台' }).sources.map((source) => source.name)).toEqual(['zhejiang']);
      expect(searchProject(session, { query: '数据' }).sources.map((source) => source.name)).toEqual([
        'zhejiang',
        'anhui',
      ]);
      expect(updateSearchIndex(session)).toEqual({
        done: true,
        indexedSources: 2,
        totalSources: 2,
        indexedCharacters: 16,
        totalCharacters: 16,
      });
      // Building the index is not a user action: nothing to undo.
      expect(session.db.prepare('SELECT count(*) AS n FROM change_log').get()).toEqual({ n: logBefore });
    } finally {
      closeProject(session);
    }

    // The old file was backed up before migrating, without the index.
    const backup = `${path}.format-20.backup`;
    expect(existsSync(backup)).toBe(true);
    const old = new Database(backup, { readonly: true });
    try {
      expect(old.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name LIKE 'search_%'").get()).toEqual({ n: 0 });
    } finally {
      old.close();
    }

    // Reopened, the index is still there and up to date.
    const again = openProject(path);
    try {
      expect(updateSearchIndex(again, 0)).toMatchObject({ done: true, indexedSources: 2 });
    } finally {
      closeProject(again);
    }
  });
});
