import { randomUUID } from 'node:crypto';
import type { Db } from './database';
import {
  deleteRaw,
  insertRaw,
  keyOf,
  rowFromJson,
  rowToJson,
  selectRow,
  updateRaw,
  type LoggedTable,
  type Row,
} from './rows';

/** One user action in progress: every row it writes goes through here and into the log. */
export type Action = Readonly<{
  insert(table: LoggedTable, row: Row): void;
  update(table: LoggedTable, key: readonly unknown[], changes: Row): Row;
  remove(table: LoggedTable, key: readonly unknown[]): Row | null;
}>;

function now(): string {
  return new Date().toISOString();
}

/**
 * Runs `work` as one user action in one transaction, recording each row before and after
 * in the append-only change log. Undo and redo replay these records (see undo/redo below).
 */
export function runAction<T>(db: Db, description: string, coderId: string | null, work: (action: Action) => T): T {
  const group = randomUUID();
  const at = now();
  const log = db.prepare(
    'INSERT INTO change_log (group_id, at, coder_id, action, entity, entity_id, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const record = (table: LoggedTable, before: Row | null, after: Row | null): void => {
    const row = (after ?? before) as Row;
    log.run(group, at, coderId, description, table, keyOf(table, row).join(':'), rowToJson(before), rowToJson(after));
  };
  const action: Action = {
    insert(table, row) {
      insertRaw(db, table, row);
      record(table, null, selectRow(db, table, keyOf(table, row)));
    },
    update(table, key, changes) {
      const before = selectRow(db, table, key);
      if (before === null) throw new Error(`No ${table} row ${key.join(':')}`);
      updateRaw(db, table, key, changes);
      const after = selectRow(db, table, key) as Row;
      record(table, before, after);
      return after;
    },
    remove(table, key) {
      const before = selectRow(db, table, key);
      if (before === null) return null;
      deleteRaw(db, table, key);
      record(table, before, null);
      return before;
    },
  };
  return db.transaction(() => work(action))();
}

type LogEntry = { entity: LoggedTable; before: string | null; after: string | null };

function entriesOf(db: Db, group: string): LogEntry[] {
  return db
    .prepare('SELECT entity, before, after FROM change_log WHERE group_id = ? ORDER BY seq')
    .all(group) as LogEntry[];
}

/** Writes `target` (a row, or null for "absent") over whatever the row is now. */
function restore(db: Db, table: LoggedTable, key: readonly unknown[], target: Row | null): void {
  const current = selectRow(db, table, key);
  if (target === null) {
    if (current !== null) deleteRaw(db, table, key);
  } else if (current === null) {
    insertRaw(db, table, target);
  } else {
    updateRaw(db, table, key, target);
  }
}

function lastLogSeq(db: Db): number {
  return (db.prepare('SELECT coalesce(max(seq), 0) AS seq FROM change_log').get() as { seq: number }).seq;
}

/**
 * Groups that are currently undone, newest undo first, with the log position at which they
 * were undone. A group can be redone only while nothing new was done since its undo.
 */
const UNDONE_GROUPS = `
  SELECT u.group_id AS groupId, u.at AS at, u.log_seq AS logSeq
  FROM undo_state u
  WHERE u.seq = (SELECT max(seq) FROM undo_state WHERE group_id = u.group_id) AND u.undone = 1
  ORDER BY u.seq DESC`;

/** Undoes the newest action that is not undone yet; returns its description, or null. */
export function undo(db: Db): { description: string } | null {
  return db.transaction(() => {
    const candidate = db
      .prepare(
        `SELECT group_id AS groupId, action FROM change_log c
         WHERE NOT EXISTS (
           SELECT 1 FROM undo_state u WHERE u.group_id = c.group_id
             AND u.seq = (SELECT max(seq) FROM undo_state WHERE group_id = c.group_id) AND u.undone = 1)
         ORDER BY seq DESC LIMIT 1`,
      )
      .get() as { groupId: string; action: string } | undefined;
    if (!candidate) return null;
    const entries = entriesOf(db, candidate.groupId).reverse();
    // Child rows first when deleting what an action inserted, parents first when restoring:
    // replaying in reverse order gives exactly that, because the action wrote them forward.
    for (const entry of entries) {
      const before = rowFromJson(entry.before);
      const after = rowFromJson(entry.after);
      restore(db, entry.entity, keyOf(entry.entity, (after ?? before) as Row), before);
    }
    db.prepare('INSERT INTO undo_state (group_id, undone, at, log_seq) VALUES (?, 1, ?, ?)').run(
      candidate.groupId,
      now(),
      lastLogSeq(db),
    );
    return { description: candidate.action };
  })();
}

/** Redoes the most recently undone action, if nothing new happened since; or returns null. */
export function redo(db: Db): { description: string } | null {
  return db.transaction(() => {
    const latest = db.prepare(UNDONE_GROUPS).get() as { groupId: string; logSeq: number } | undefined;
    if (!latest || latest.logSeq !== lastLogSeq(db)) return null;
    const entries = entriesOf(db, latest.groupId);
    for (const entry of entries) {
      const before = rowFromJson(entry.before);
      const after = rowFromJson(entry.after);
      restore(db, entry.entity, keyOf(entry.entity, (after ?? before) as Row), after);
    }
    db.prepare('INSERT INTO undo_state (group_id, undone, at, log_seq) VALUES (?, 0, ?, ?)').run(
      latest.groupId,
      now(),
      lastLogSeq(db),
    );
    const description = (
      db.prepare('SELECT action FROM change_log WHERE group_id = ? LIMIT 1').get(latest.groupId) as { action: string }
    ).action;
    return { description };
  })();
}
