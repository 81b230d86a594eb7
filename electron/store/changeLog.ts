import { randomUUID } from 'node:crypto';
import type { Db } from './database';
import {
  columnsOf,
  deleteRaw,
  insertRaw,
  isPayloadRef,
  isStoredAsGiven,
  keyOf,
  payloadKey,
  payloadsOf,
  rowFromJson,
  rowToJson,
  selectRow,
  statement,
  updateRaw,
  Utf8Text,
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

type Payloads = ReturnType<typeof payloadsOf>;

/**
 * Keeps the large values `leaving` a row (it is deleted, or its next state holds `staying`),
 * so that the log's references to them can still be resolved.
 */
function keepPayloads(db: Db, leaving: Payloads, staying: Payloads): void {
  if (leaving.size === 0) return;
  const keep = statement(db, 'INSERT OR IGNORE INTO change_payloads (key, value) VALUES (?, ?)');
  for (const [column, { key, value }] of leaving) {
    if (staying.get(column)?.key !== key) keep.run(key, value instanceof Utf8Text ? value.toString() : value);
  }
}

/**
 * Runs `work` as one user action in one transaction, recording each row before and after
 * in the append-only change log. Undo and redo replay these records (see undo/redo below).
 * A row's large values (rows.ts, PAYLOAD_COLUMNS) are logged by hash: the row holds them,
 * and `change_payloads` once the row is gone.
 */
export function runAction<T>(db: Db, description: string, coderId: string | null, work: (action: Action) => T): T {
  const group = randomUUID();
  const at = now();
  const log = statement(
    db,
    'INSERT INTO change_log (group_id, at, coder_id, action, entity, entity_id, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const record = (
    table: LoggedTable,
    before: Row | null,
    after: Row | null,
    beforePayloads = payloadsOf(table, before),
    afterPayloads = payloadsOf(table, after),
  ): void => {
    const row = (after ?? before) as Row;
    log.run(
      group,
      at,
      coderId,
      description,
      table,
      keyOf(table, row).join(':'),
      rowToJson(before, beforePayloads),
      rowToJson(after, afterPayloads),
    );
  };
  const columns = new Map<LoggedTable, string[]>();
  const columnsOfTable = (table: LoggedTable): string[] => {
    let known = columns.get(table);
    if (!known) {
      known = columnsOf(db, table);
      columns.set(table, known);
    }
    return known;
  };
  const action: Action = {
    insert(table, row) {
      insertRaw(db, table, row);
      // A row that names every column with a plain value is stored as given; reading it back
      // (a source's whole text) cost an import more than writing it. Otherwise SQLite filled
      // defaults, which the log must hold, so the row is read back.
      record(table, null, isStoredAsGiven(row, columnsOfTable(table)) ? row : selectRow(db, table, keyOf(table, row)));
    },
    update(table, key, changes) {
      const before = selectRow(db, table, key);
      if (before === null) throw new Error(`No ${table} row ${key.join(':')}`);
      updateRaw(db, table, key, changes);
      const after = selectRow(db, table, key) as Row;
      const beforePayloads = payloadsOf(table, before);
      const afterPayloads = payloadsOf(table, after);
      keepPayloads(db, beforePayloads, afterPayloads);
      record(table, before, after, beforePayloads, afterPayloads);
      return after;
    },
    remove(table, key) {
      const before = selectRow(db, table, key);
      if (before === null) return null;
      const beforePayloads = payloadsOf(table, before);
      keepPayloads(db, beforePayloads, new Map());
      deleteRaw(db, table, key);
      record(table, before, null, beforePayloads);
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

/**
 * Replaces the values a log row refers to by hash with the values themselves: from the row as
 * it is now when it still holds the value (the column is then left out: nothing to write),
 * else from `change_payloads`.
 */
function resolve(db: Db, table: LoggedTable, target: Row, current: Row | null): Row {
  const resolved: Row = {};
  for (const [column, value] of Object.entries(target)) {
    if (!isPayloadRef(value)) {
      resolved[column] = value;
      continue;
    }
    if (current !== null && payloadKey(current[column]) === value.$kept) continue;
    const kept = statement(db, 'SELECT value FROM change_payloads WHERE key = ?').get(value.$kept) as
      { value: unknown } | undefined;
    if (!kept)
      throw new Error(`The change log refers to a kept ${table}.${column} value that is missing (${value.$kept}).`);
    resolved[column] = kept.value;
  }
  return resolved;
}

/** Writes `target` (a row, or null for "absent") over whatever the row is now. */
function restore(db: Db, table: LoggedTable, key: readonly unknown[], target: Row | null): void {
  const current = selectRow(db, table, key);
  if (target === null) {
    if (current !== null) {
      keepPayloads(db, payloadsOf(table, current), new Map());
      deleteRaw(db, table, key);
    }
  } else if (current === null) {
    insertRaw(db, table, resolve(db, table, target, null));
  } else {
    const resolved = resolve(db, table, target, current);
    keepPayloads(db, payloadsOf(table, current), payloadsOf(table, { ...current, ...resolved }));
    updateRaw(db, table, key, resolved);
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
