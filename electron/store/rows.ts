import type { Db } from './database';

/** Tables whose rows the change log records, with their primary-key columns. */
export const LOGGED_TABLES = {
  coders: ['id'],
  sources: ['id'],
  attributes: ['id'],
  attribute_values: ['source_id', 'attribute_id'],
  codes: ['id'],
  codings: ['id'],
  memos: ['id'],
} as const satisfies Record<string, readonly string[]>;

export type LoggedTable = keyof typeof LOGGED_TABLES;
export type Row = Record<string, unknown>;

// Table and column names below come only from LOGGED_TABLES and from rows this module
// read itself, never from user text; values are always bound parameters.
const COLUMN_NAME = /^[a-z_]+$/;

function checkColumns(columns: readonly string[]): void {
  for (const column of columns) {
    if (!COLUMN_NAME.test(column)) throw new Error(`Unexpected column name ${column}`);
  }
}

function keyWhere(table: LoggedTable): string {
  return LOGGED_TABLES[table].map((column) => `${column} = ?`).join(' AND ');
}

export function keyOf(table: LoggedTable, row: Row): unknown[] {
  return LOGGED_TABLES[table].map((column) => row[column]);
}

export function selectRow(db: Db, table: LoggedTable, key: readonly unknown[]): Row | null {
  return (db.prepare(`SELECT * FROM ${table} WHERE ${keyWhere(table)}`).get(...key) as Row | undefined) ?? null;
}

export function insertRaw(db: Db, table: LoggedTable, row: Row): void {
  const columns = Object.keys(row);
  checkColumns(columns);
  db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(
    ...columns.map((column) => row[column]),
  );
}

export function updateRaw(db: Db, table: LoggedTable, key: readonly unknown[], changes: Row): void {
  const columns = Object.keys(changes);
  if (columns.length === 0) return;
  checkColumns(columns);
  db.prepare(`UPDATE ${table} SET ${columns.map((column) => `${column} = ?`).join(', ')} WHERE ${keyWhere(table)}`).run(
    ...columns.map((column) => changes[column]),
    ...key,
  );
}

export function deleteRaw(db: Db, table: LoggedTable, key: readonly unknown[]): void {
  db.prepare(`DELETE FROM ${table} WHERE ${keyWhere(table)}`).run(...key);
}

/** Rows as JSON for the change log; BLOBs become {"$base64": …} so they survive the trip. */
export function rowToJson(row: Row | null): string | null {
  if (row === null) return null;
  return JSON.stringify(row, (_key, value: unknown) => {
    if (value && typeof value === 'object' && (value as { type?: string }).type === 'Buffer') {
      return { $base64: Buffer.from((value as { data: number[] }).data).toString('base64') };
    }
    return value;
  });
}

export function rowFromJson(json: string | null): Row | null {
  if (json === null) return null;
  return JSON.parse(json, (_key, value: unknown) => {
    if (value && typeof value === 'object' && typeof (value as { $base64?: string }).$base64 === 'string') {
      return Buffer.from((value as { $base64: string }).$base64, 'base64');
    }
    return value;
  }) as Row;
}
