import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { APPLICATION_ID, createDatabase, openDatabase, readHeader } from '../../electron/store/database';
import { SCHEMA_VERSION } from '../../electron/store/migrations/index';
import { UserError } from '../../electron/util/errors';
import { tempDir } from '../support/temp';

function sha(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function refusal(work: () => unknown): UserError {
  try {
    work();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('the project file', () => {
  it('is created from empty with every migration, WAL, full sync, foreign keys and STRICT tables', () => {
    const dir = tempDir();
    const path = join(dir, 'a.marginalia');
    const db = createDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as {
      name: string;
      sql: string;
    }[];
    const ordinary = ['attribute_values', 'attributes', 'change_log', 'change_payloads', 'codes', 'coders', 'codings', 'memos', 'project', 'saved_queries', 'search_sources', 'sources', 'undo_state'];
    // The search index is an FTS5 virtual table; SQLite makes its shadow tables, which cannot be STRICT.
    const search = ['search_text', 'search_text_config', 'search_text_data', 'search_text_docsize', 'search_text_idx'];
    expect(tables.map((table) => table.name).sort()).toEqual([...ordinary, ...search].sort());
    for (const table of tables.filter((entry) => ordinary.includes(entry.name))) expect(table.sql).toMatch(/\)\s*STRICT$/);
    // STRICT really holds: a word in an INTEGER column is refused.
    expect(() =>
      db.prepare("INSERT INTO codes (id, name, color, position, created_at) VALUES ('c', 'n', '#000000', 'first', 'now')").run(),
    ).toThrow(/cannot store TEXT value in INTEGER column/);
    db.close();
    expect(readHeader(path).userVersion).toBe(SCHEMA_VERSION);
  });

  it('keeps the change log append-only', () => {
    const db = createDatabase(join(tempDir(), 'a.marginalia'));
    db.prepare("INSERT INTO change_log (group_id, at, action, entity, entity_id) VALUES ('g', 'now', 'x', 'codes', '1')").run();
    expect(() => db.prepare("UPDATE change_log SET action = 'y'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM change_log').run()).toThrow(/append-only/);
    db.close();
  });

  it('refuses a file written by a newer version and leaves it untouched', () => {
    const path = join(tempDir(), 'new.marginalia');
    createDatabase(path).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 10}`);
    raw.close();
    const before = sha(path);
    const error = refusal(() => openDatabase(path));
    expect(error.code).toBe('project-newer');
    expect(error.message).toMatch(/newer version of Marginalia/);
    expect(sha(path)).toBe(before);
  });

  it('refuses a text file, a foreign SQLite database and a truncated copy without changing them', () => {
    const dir = tempDir();
    const text = join(dir, 'notes.marginalia');
    writeFileSync(text, 'Interview notes, not a project.\n');
    const foreign = join(dir, 'other.marginalia');
    const other = new Database(foreign);
    other.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1);');
    other.close();

    const good = join(dir, 'good.marginalia');
    const db = createDatabase(good);
    db.exec(`INSERT INTO project (key, value) VALUES ('filler', '${'x'.repeat(20000)}')`);
    db.close();
    const truncated = join(dir, 'truncated.marginalia');
    copyFileSync(good, truncated);
    truncateSync(truncated, Math.floor(statSync(good).size / 2));

    for (const [path, code, pattern] of [
      [text, 'not-a-project', /not a Marginalia project/],
      [foreign, 'not-a-project', /database, but not a Marginalia project/],
      [truncated, 'project-damaged', /damaged or incomplete/],
    ] as const) {
      const before = sha(path);
      const error = refusal(() => openDatabase(path));
      expect(error.code).toBe(code);
      expect(error.message).toMatch(pattern);
      expect(error.message.split('\n')).toHaveLength(1);
      expect(sha(path)).toBe(before);
    }
    // The foreign database is still the caller's, in its own journal mode.
    const reopened = new Database(foreign, { readonly: true });
    expect(reopened.pragma('journal_mode', { simple: true })).toBe('delete');
    reopened.close();
  });

  it('migrates an older file in place after backing it up through SQLite', () => {
    const dir = tempDir();
    const path = join(dir, 'old.marginalia');
    const raw = new Database(path);
    raw.pragma(`application_id = ${APPLICATION_ID}`);
    raw.exec('CREATE TABLE keep_me (x INTEGER)');
    raw.close();
    expect(readHeader(path).userVersion).toBe(0);
    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
    const backup = new Database(join(dir, 'old.marginalia.format-0.backup'), { readonly: true });
    expect(backup.pragma('user_version', { simple: true })).toBe(0);
    expect(backup.prepare("SELECT name FROM sqlite_schema WHERE name = 'keep_me'").get()).toEqual({ name: 'keep_me' });
    backup.close();
  });

  it('refuses a second opening while the project is open, in this process and in another', () => {
    const path = join(tempDir(), 'locked.marginalia');
    const db = createDatabase(path);
    const error = refusal(() => openDatabase(path));
    expect(error.code).toBe('project-locked');
    expect(error.message).toMatch(/open in another Marginalia window/);

    const child = spawnSync(
      process.execPath,
      [
        '-e',
        `const D = require('better-sqlite3'); const d = new D(process.argv[1]); d.pragma('busy_timeout = 0');
         try { d.prepare('SELECT count(*) FROM codes').get(); console.log('read'); } catch (e) { console.log(e.code); }`,
        path,
      ],
      { encoding: 'utf8', cwd: process.cwd() },
    );
    expect(child.stdout.trim()).toBe('SQLITE_BUSY');
    db.close();
    const again = openDatabase(path);
    again.close();
  });
});
