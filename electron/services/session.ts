import { randomUUID } from 'node:crypto';
import type { Db } from '../store/database';
import type { CoderId, ProjectId } from '../../shared/domain/ids';
import type { Coder, ProjectInfo } from '../../shared/domain/types';
import { SCHEMA_VERSION } from '../store/migrations/index';
import { runAction, type Action } from '../store/changeLog';
import { UserError } from '../util/errors';

/** An open project: its connection, where it lives, and who is coding. */
export type ProjectSession = {
  readonly db: Db;
  readonly path: string;
  coder: Coder;
  readonly warnings: readonly string[];
};

export function nowIso(): string {
  return new Date().toISOString();
}

export function newId<T extends string>(): T {
  return randomUUID() as T;
}

export function getMeta(db: Db, key: string): string | null {
  const row = db.prepare('SELECT value FROM project WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

export function setMeta(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO project (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    key,
    value,
  );
}

/** Finds a coder by name (case-insensitive), creating it inside `action` when missing. */
export function ensureCoder(db: Db, name: string, action?: Action): Coder {
  const trimmed = name.trim();
  if (trimmed.length === 0) throw new UserError('invalid-arguments', 'A coder needs a name.');
  const row = db.prepare('SELECT id, name FROM coders WHERE name = ?').get(trimmed) as Coder | undefined;
  if (row) return row;
  const coder = { id: newId<CoderId>(), name: trimmed, created_at: nowIso() };
  if (action) action.insert('coders', coder);
  else runAction(db, `Add coder ${trimmed}`, null, (inner) => inner.insert('coders', coder));
  return { id: coder.id, name: coder.name };
}

export function findCoder(db: Db, name: string): Coder | null {
  return (db.prepare('SELECT id, name FROM coders WHERE name = ?').get(name.trim()) as Coder | undefined) ?? null;
}

export function listCoders(db: Db): Coder[] {
  return db.prepare('SELECT id, name FROM coders ORDER BY created_at, name').all() as Coder[];
}

/** Runs one user action of this session, attributed to its current coder. */
export function act<T>(session: ProjectSession, description: string, work: (action: Action) => T): T {
  return runAction(session.db, description, session.coder.id, work);
}

export function projectInfo(session: ProjectSession): ProjectInfo {
  return {
    id: (getMeta(session.db, 'id') ?? '') as ProjectId,
    name: getMeta(session.db, 'name') ?? '',
    path: session.path,
    createdAt: getMeta(session.db, 'created_at') ?? '',
    schemaVersion: SCHEMA_VERSION,
    currentCoder: session.coder,
    warnings: session.warnings,
  };
}
