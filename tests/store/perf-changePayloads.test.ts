import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { closeProject, createProject, openProject } from '../../electron/services/project';
import { deleteSource, importFiles, renameSource } from '../../electron/services/sources';
import type { ProjectSession } from '../../electron/services/session';
import { redo, runAction, undo } from '../../electron/store/changeLog';
import { APPLICATION_ID } from '../../electron/store/database';
import { MIGRATIONS, SCHEMA_VERSION } from '../../electron/store/migrations/index';
import type { SourceId } from '../../shared/domain/ids';
import { generateText, seeded } from '../../bench/generate';
import { tempDir } from '../support/temp';

type Snapshot = { sources: unknown[]; values: unknown[] };

/** Every source row (text, original bytes and all) and attribute value, in a fixed order. */
function snapshot(session: ProjectSession): Snapshot {
  return {
    sources: session.db.prepare('SELECT * FROM sources ORDER BY id').all(),
    values: session.db.prepare('SELECT * FROM attribute_values ORDER BY source_id, attribute_id').all(),
  };
}

function count(session: ProjectSession, table: string): number {
  return (session.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

function logSize(session: ProjectSession): number {
  return (
    (
      session.db.prepare('SELECT coalesce(sum(length(before)) + sum(length(after)), 0) AS n FROM change_log').get() as {
        n: number | null;
      }
    ).n ?? 0
  );
}

/** A long interview as UTF-8 .txt, and a GB18030 file whose original bytes must be kept as they are. */
function files(): { name: string; data: Uint8Array }[] {
  const random = seeded(11);
  const long = generateText(30_000, random);
  // GB18030 for "数据平台" repeated, with an ASCII line: not UTF-8, so its original is stored.
  const gb = Buffer.from(
    Array.from({ length: 400 }, () => [0xca, 0xfd, 0xbe, 0xdd, 0xc6, 0xbd, 0xcc, 0xa8])
      .flat()
      .concat([0x0a, 0x41, 0x0a]),
  );
  return [
    { name: 'interview.txt', data: new TextEncoder().encode(long) },
    { name: 'notice.txt', data: gb },
  ];
}

describe('the change log keeps large values by reference', () => {
  it('logs an import without copying its texts, and undo, redo and a restart give back exactly the same rows', async () => {
    const dir = tempDir();
    const path = join(dir, 'study.marginalia');
    let session = await createProject(path, { coderName: 'Ana' });
    const empty = snapshot(session);
    const report = await importFiles(session, files(), { attributes: { province: 'Zhejiang' }, encoding: undefined });
    expect(report.failed).toEqual([]);
    expect(report.imported).toHaveLength(2);
    const imported = snapshot(session);
    const bytes = (imported.sources as { original_bytes: Buffer | null }[]).map((row) => row.original_bytes);
    expect(bytes.filter((value) => value !== null)).toHaveLength(1);
    // 30,000 characters of text and 3 KB of original bytes, but the log holds references only.
    expect(logSize(session)).toBeLessThan(8_000);
    expect(count(session, 'change_payloads')).toBe(0);

    expect(undo(session.db)?.description).toMatch(/^Import/);
    expect(snapshot(session)).toEqual(empty);
    // The texts, the structures and the original bytes that left with the rows are kept.
    expect(count(session, 'change_payloads')).toBeGreaterThanOrEqual(3);
    expect(redo(session.db)?.description).toMatch(/^Import/);
    expect(snapshot(session)).toEqual(imported);

    // Undo, then close and reopen: redo still restores every byte.
    undo(session.db);
    closeProject(session);
    session = openProject(path);
    try {
      expect(snapshot(session)).toEqual(empty);
      expect(redo(session.db)).not.toBeNull();
      expect(snapshot(session)).toEqual(imported);
      expect(session.db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      closeProject(session);
    }
  });

  it('deletes and renames a source with exact undo and redo, across a restart', async () => {
    const dir = tempDir();
    const path = join(dir, 'study.marginalia');
    let session = await createProject(path, { coderName: 'Ana' });
    const report = await importFiles(session, files());
    const [first, second] = report.imported.map((item) => item.sourceId as SourceId);
    const imported = snapshot(session);

    renameSource(session, first, 'Interview with the county official');
    const renamed = snapshot(session);
    deleteSource(session, second);
    const deleted = snapshot(session);
    expect(deleted.sources).toHaveLength(1);
    // Renaming refers to the unchanged text; deleting keeps the deleted source's values.
    expect(logSize(session)).toBeLessThan(12_000);

    closeProject(session);
    session = openProject(path);
    try {
      undo(session.db);
      expect(snapshot(session)).toEqual(renamed);
      undo(session.db);
      expect(snapshot(session)).toEqual(imported);
      redo(session.db);
      expect(snapshot(session)).toEqual(renamed);
      redo(session.db);
      expect(snapshot(session)).toEqual(deleted);
      undo(session.db);
      undo(session.db);
      undo(session.db);
      expect(count(session, 'sources')).toBe(0);
      redo(session.db);
      expect(snapshot(session)).toEqual(imported);
    } finally {
      closeProject(session);
    }
  });

  it('keeps each kept value once, and refuses to change or remove it', async () => {
    const dir = tempDir();
    const session = await createProject(join(dir, 'study.marginalia'), { coderName: 'Ana' });
    try {
      await importFiles(session, files());
      undo(session.db);
      const kept = count(session, 'change_payloads');
      redo(session.db);
      undo(session.db);
      expect(count(session, 'change_payloads')).toBe(kept);
      expect(() => session.db.prepare("UPDATE change_payloads SET value = 'x'").run()).toThrow(/append-only/);
      expect(() => session.db.prepare('DELETE FROM change_payloads').run()).toThrow(/append-only/);
    } finally {
      closeProject(session);
    }
  });

  it('still logs a row given without every column as SQLite stored it (defaults included)', async () => {
    const dir = tempDir();
    const session = await createProject(join(dir, 'study.marginalia'), { coderName: 'Ana' });
    try {
      const id = 's0000000-0000-4000-8000-000000000042';
      runAction(session.db, 'Add a source', session.coder.id, (action) =>
        action.insert('sources', {
          id,
          name: 'short',
          kind: 'other',
          text: 'A short text.',
          text_length: 13,
          text_hash: 'h',
          original_name: 'short.txt',
          original_type: 'text/plain',
          imported_at: 'now',
          position: 0,
        }),
      );
      const after = JSON.parse(
        (session.db.prepare('SELECT after FROM change_log ORDER BY seq DESC LIMIT 1').get() as { after: string }).after,
      ) as Record<string, unknown>;
      expect(after.structure).toBe('[]');
      expect(after.original_bytes).toBeNull();
      undo(session.db);
      redo(session.db);
      expect(session.db.prepare('SELECT structure, text FROM sources WHERE id = ?').get(id)).toEqual({
        structure: '[]',
        text: 'A short text.',
      });
    } finally {
      closeProject(session);
    }
  });
});

describe('migration 0050: kept change-log values', () => {
  it('adds change_payloads to an older project, whose import logged in full still undoes and redoes', () => {
    const dir = tempDir();
    const path = join(dir, 'old.marginalia');
    const previous = MIGRATIONS.filter((migration) => migration.version < 50);
    const raw = new Database(path);
    raw.pragma('journal_mode = WAL');
    raw.pragma(`application_id = ${APPLICATION_ID}`);
    for (const migration of previous) raw.exec(migration.sql);
    raw.pragma(`user_version = ${previous[previous.length - 1].version}`);
    const now = '2025-01-01T00:00:00.000Z';
    const coder = 'c0000000-0000-4000-8000-000000000001';
    raw
      .prepare(
        "INSERT INTO project (key, value) VALUES ('id', ?), ('name', 'Old study'), ('created_at', ?), ('current_coder', ?)",
      )
      .run('a0000000-0000-4000-8000-000000000000', now, coder);
    raw.prepare('INSERT INTO coders (id, name, created_at) VALUES (?, ?, ?)').run(coder, 'Ana', now);
    // An import as the earlier change log wrote it: the whole row, text and bytes, as JSON.
    const text = '数字政府平台。'.repeat(400);
    const row = {
      id: 's0000000-0000-4000-8000-000000000001',
      name: 'old',
      kind: 'policy',
      text,
      text_length: text.length,
      text_hash: 'hash',
      original_name: 'old.txt',
      original_type: 'text/plain',
      original_bytes: Buffer.from([1, 2, 3, 250]),
      structure: '[]',
      imported_at: now,
      position: 0,
    };
    raw
      .prepare(
        `INSERT INTO sources (id, name, kind, text, text_length, text_hash, original_name, original_type, original_bytes, structure, imported_at, position)
       VALUES (@id, @name, @kind, @text, @text_length, @text_hash, @original_name, @original_type, @original_bytes, @structure, @imported_at, @position)`,
      )
      .run(row);
    const json = JSON.stringify({ ...row, original_bytes: { $base64: row.original_bytes.toString('base64') } });
    raw
      .prepare(
        'INSERT INTO change_log (group_id, at, coder_id, action, entity, entity_id, before, after) VALUES (?, ?, ?, ?, ?, ?, NULL, ?)',
      )
      .run('g1', now, coder, 'Import old', 'sources', row.id, json);
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.close();

    const session = openProject(path);
    try {
      expect(session.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(existsSync(`${path}.format-${previous[previous.length - 1].version}.backup`)).toBe(true);
      const columns = (session.db.prepare('PRAGMA table_info(change_payloads)').all() as { name: string }[]).map(
        (column) => column.name,
      );
      expect(columns).toEqual(['key', 'value']);
      const stored = session.db.prepare('SELECT * FROM sources').all();
      expect(undo(session.db)?.description).toBe('Import old');
      expect(count(session, 'sources')).toBe(0);
      expect(redo(session.db)?.description).toBe('Import old');
      expect(session.db.prepare('SELECT * FROM sources').all()).toEqual(stored);
    } finally {
      closeProject(session);
    }
  });
});
