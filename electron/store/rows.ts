import { createHash } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
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

/**
 * Columns whose large values the change log refers to by hash instead of copying: a source's
 * text, original bytes and structure are written once, at import, and never change (DESIGN §4).
 * Copying them into the log wrote each imported text twice (issue 3's import budget). The
 * value lives in its row while the row exists, and in `change_payloads` once it is gone.
 */
export const PAYLOAD_COLUMNS: Readonly<Partial<Record<LoggedTable, readonly string[]>>> = {
  sources: ['text', 'original_bytes', 'structure'],
};

/** Shorter values stay in the log's JSON: a reference would save nothing. */
const PAYLOAD_MIN_LENGTH = 1024;

/**
 * A TEXT value given as its UTF-8 bytes (which must be valid UTF-8), written with
 * CAST(? AS TEXT): SQLite stores text as UTF-8, so a plain UTF-8 file's bytes can be its
 * source's text as they are. Binding the JavaScript string instead makes better-sqlite3
 * encode it again, which was most of the cost of inserting the import bench's 20M
 * characters (287 ms against 85 ms, measured); and an import need not hold 20M decoded
 * characters until it writes them.
 */
export class Utf8Text {
  constructor(
    readonly bytes: Uint8Array,
    /** Its length as a JavaScript string (UTF-16 code units), as `text_length` counts. */
    readonly length: number,
  ) {}

  /** The text decoded (the log holds a short one inline). */
  toString(): string {
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength).toString('utf8');
  }
}

/** How the log's JSON names a value kept by hash (see PAYLOAD_COLUMNS). */
export type PayloadRef = Readonly<{ $kept: string }>;

// Table and column names below come only from LOGGED_TABLES and from rows this module
// read itself, never from user text; values are always bound parameters.
const COLUMN_NAME = /^[a-z_]+$/;

function checkColumns(columns: readonly string[]): void {
  for (const column of columns) {
    if (!COLUMN_NAME.test(column)) throw new Error(`Unexpected column name ${column}`);
  }
}

const statements = new WeakMap<Db, Map<string, Statement>>();

/**
 * A prepared statement, prepared once per connection: an import or a bulk coding writes
 * thousands of rows with the same few statements, and preparing costs more than running them.
 */
export function statement(db: Db, sql: string): Statement {
  let cache = statements.get(db);
  if (!cache) {
    cache = new Map();
    statements.set(db, cache);
  }
  let prepared = cache.get(sql);
  if (!prepared) {
    prepared = db.prepare(sql);
    cache.set(sql, prepared);
  }
  return prepared;
}

function keyWhere(table: LoggedTable): string {
  return LOGGED_TABLES[table].map((column) => `${column} = ?`).join(' AND ');
}

export function keyOf(table: LoggedTable, row: Row): unknown[] {
  return LOGGED_TABLES[table].map((column) => row[column]);
}

export function selectRow(db: Db, table: LoggedTable, key: readonly unknown[]): Row | null {
  return (statement(db, `SELECT * FROM ${table} WHERE ${keyWhere(table)}`).get(...key) as Row | undefined) ?? null;
}

export function insertRaw(db: Db, table: LoggedTable, row: Row): void {
  const columns = Object.keys(row);
  checkColumns(columns);
  const values = columns.map((column) => row[column]);
  const placeholders = values.map((value) => (value instanceof Utf8Text ? 'CAST(? AS TEXT)' : '?'));
  statement(db, `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${placeholders.join(', ')})`).run(
    ...values.map((value) =>
      value instanceof Utf8Text
        ? Buffer.from(value.bytes.buffer, value.bytes.byteOffset, value.bytes.byteLength)
        : value,
    ),
  );
}

export function updateRaw(db: Db, table: LoggedTable, key: readonly unknown[], changes: Row): void {
  const columns = Object.keys(changes);
  if (columns.length === 0) return;
  checkColumns(columns);
  statement(
    db,
    `UPDATE ${table} SET ${columns.map((column) => `${column} = ?`).join(', ')} WHERE ${keyWhere(table)}`,
  ).run(...columns.map((column) => changes[column]), ...key);
}

export function deleteRaw(db: Db, table: LoggedTable, key: readonly unknown[]): void {
  statement(db, `DELETE FROM ${table} WHERE ${keyWhere(table)}`).run(...key);
}

/** The columns of a table, in schema order. */
export function columnsOf(db: Db, table: LoggedTable): string[] {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((column) => column.name);
}

/**
 * True when `row` names every column with a value SQLite stores as it is (text, number,
 * null, bytes): then the row as given is the row as stored, and need not be read back.
 */
export function isStoredAsGiven(row: Row, columns: readonly string[]): boolean {
  if (Object.keys(row).length !== columns.length) return false;
  for (const column of columns) {
    if (!(column in row)) return false;
    const value = row[column];
    const plain =
      value === null ||
      typeof value === 'string' ||
      (typeof value === 'number' && Number.isFinite(value)) ||
      value instanceof Uint8Array ||
      value instanceof Utf8Text;
    if (!plain) return false;
  }
  return true;
}

/** The key a large value is kept under: its kind and SHA-256 (a text as UTF-8); null for a value kept inline. */
export function payloadKey(value: unknown): string | null {
  // The same key as the string's: both hash the text's UTF-8.
  if (value instanceof Utf8Text) {
    return value.length >= PAYLOAD_MIN_LENGTH ? `text:${createHash('sha256').update(value.bytes).digest('hex')}` : null;
  }
  if (typeof value === 'string') {
    return value.length >= PAYLOAD_MIN_LENGTH
      ? `text:${createHash('sha256').update(value, 'utf8').digest('hex')}`
      : null;
  }
  if (value instanceof Uint8Array) {
    return value.byteLength >= PAYLOAD_MIN_LENGTH ? `blob:${createHash('sha256').update(value).digest('hex')}` : null;
  }
  return null;
}

export function isPayloadRef(value: unknown): value is PayloadRef {
  return value !== null && typeof value === 'object' && typeof (value as { $kept?: unknown }).$kept === 'string';
}

/** A row's large values (PAYLOAD_COLUMNS) by column, with their keys. */
export function payloadsOf(table: LoggedTable, row: Row | null): Map<string, { key: string; value: unknown }> {
  const found = new Map<string, { key: string; value: unknown }>();
  if (row === null) return found;
  for (const column of PAYLOAD_COLUMNS[table] ?? []) {
    const value = row[column];
    const key = payloadKey(value);
    if (key !== null) found.set(column, { key, value });
  }
  return found;
}

/**
 * Rows as JSON for the change log. Bytes become {"$base64": …} so they survive the trip;
 * the values in `refs` (column → key) become {"$kept": key} and are not copied.
 */
export function rowToJson(row: Row | null, refs?: ReadonlyMap<string, { key: string }>): string | null {
  if (row === null) return null;
  const plain: Row = {};
  for (const [column, value] of Object.entries(row)) {
    const ref = refs?.get(column);
    if (ref) plain[column] = { $kept: ref.key };
    else if (value instanceof Utf8Text) plain[column] = value.toString();
    // Converted here, not in a JSON.stringify replacer: by then Buffer.toJSON has turned the
    // bytes into an array of numbers, which cost seconds on a batch of originals.
    else if (value instanceof Uint8Array)
      plain[column] = { $base64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
    else plain[column] = value;
  }
  return JSON.stringify(plain);
}

/** A row from the log's JSON; values kept by hash stay {"$kept": key} (see changeLog.ts, resolve). */
export function rowFromJson(json: string | null): Row | null {
  if (json === null) return null;
  return JSON.parse(json, (_key, value: unknown) => {
    if (value && typeof value === 'object' && typeof (value as { $base64?: string }).$base64 === 'string') {
      return Buffer.from((value as { $base64: string }).$base64, 'base64');
    }
    return value;
  }) as Row;
}
