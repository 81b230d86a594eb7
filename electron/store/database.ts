import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { UserError } from '../util/errors';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations/index';

export type Db = Database.Database;

/**
 * Inside Electron, better-sqlite3 must be the Electron-ABI build, which lives outside the dev
 * tree (TOOLCHAIN.md P3): the shell names it in MARGINALIA_SQLITE_BINDING. Plain Node uses its own.
 */
function connect(path: string, options: Database.Options = {}): Db {
  const nativeBinding = process.env.MARGINALIA_SQLITE_BINDING;
  return new Database(path, nativeBinding ? { ...options, nativeBinding } : options);
}

/** `PRAGMA application_id` of every Marginalia project: "MRGN". */
export const APPLICATION_ID = 0x4d52474e;
/** Earlier SQLite versions have a WAL corruption race (DESIGN.md §3). */
const MINIMUM_SQLITE = [3, 51, 3] as const;
const SQLITE_MAGIC = 'SQLite format 3\0';

type Header = Readonly<{ isSqlite: boolean; applicationId: number; userVersion: number; size: number }>;

/**
 * Project files this process has open. POSIX drops every lock a process holds on a file
 * when any descriptor of that file is closed, so even reading the header of a project we
 * already hold would silently release its lock: such a second opening is refused up front.
 */
const openInThisProcess = new Set<string>();

function trackOpen(db: Db, path: string): Db {
  const key = realpathSync(path);
  openInThisProcess.add(key);
  const close = db.close.bind(db);
  db.close = () => {
    openInThisProcess.delete(key);
    return close();
  };
  return db;
}

function lockedError(name: string): UserError {
  return new UserError('project-locked', `"${name}" is open in another Marginalia window or process; close it there first.`);
}

/** Reads the 100-byte SQLite header without opening the database, so nothing is written. */
export function readHeader(path: string): Header {
  const size = statSync(path).size;
  const buffer = Buffer.alloc(100);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, buffer, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  return {
    isSqlite: size >= 100 && buffer.toString('latin1', 0, 16) === SQLITE_MAGIC,
    userVersion: buffer.readUInt32BE(60),
    applicationId: buffer.readUInt32BE(68),
    size,
  };
}

function versionAtLeast(version: string, minimum: readonly number[]): boolean {
  const parts = version.split('.').map(Number);
  for (let index = 0; index < minimum.length; index += 1) {
    const part = parts[index] ?? 0;
    if (part !== minimum[index]) return part > minimum[index];
  }
  return true;
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}

function isCorrupt(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB') || code === 'SQLITE_IOERR_SHORT_READ';
}

/**
 * Sets the pragmas every connection needs and takes the project lock. EXCLUSIVE locking
 * mode keeps the file lock from the first write until close, so a second process (another
 * window, the CLI) is refused, and the operating system frees it if we crash: no stale lock.
 */
function configure(db: Db, name: string): void {
  db.pragma('busy_timeout = 0');
  db.pragma('locking_mode = EXCLUSIVE');
  try {
    db.exec('BEGIN EXCLUSIVE; COMMIT;');
  } catch (error) {
    if (isBusy(error)) throw lockedError(name);
    throw error;
  }
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  const version = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  if (!versionAtLeast(version, MINIMUM_SQLITE)) {
    throw new UserError('internal', `Marginalia needs SQLite ${MINIMUM_SQLITE.join('.')} or newer; this build has ${version}.`);
  }
}

/** Runs every migration above the file's `user_version`, each in its own transaction. */
function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}

/**
 * Moves the WAL into the main file. The header fields we check before opening
 * (application_id, user_version) live in the main file, so they must be there, not only in the WAL.
 */
function checkpoint(db: Db): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
}

/** Creates a new, empty project file at `path` and returns its open connection. */
export function createDatabase(path: string): Db {
  if (existsSync(path)) {
    throw new UserError('conflict', `A file already exists at ${path}; choose another name.`);
  }
  const db = connect(path);
  try {
    configure(db, basename(path));
    db.pragma(`application_id = ${APPLICATION_ID}`);
    migrate(db);
    checkpoint(db);
    return trackOpen(db, path);
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * The checks made before SQLite touches a file: it exists, is not held by this process, and
 * its header says it is a Marginalia project of a format this build reads.
 */
function checkProjectFile(path: string, name: string, verb: 'open' | 'read'): void {
  if (!existsSync(path)) throw new UserError('not-found', `There is no project at ${path}.`);
  if (statSync(path).isDirectory()) throw new UserError('not-a-project', `${name} is a folder, not a Marginalia project.`);
  // Reading a file this process holds would close a descriptor of it and so drop our lock (see above).
  if (openInThisProcess.has(realpathSync(path))) throw lockedError(name);
  const header = readHeader(path);
  if (!header.isSqlite) {
    throw new UserError('not-a-project', `${name} is not a Marginalia project (it is not a project database at all).`);
  }
  if (header.applicationId !== APPLICATION_ID) {
    throw new UserError('not-a-project', `${name} is a database, but not a Marginalia project.`);
  }
  if (header.userVersion > SCHEMA_VERSION) {
    throw new UserError(
      'project-newer',
      `${name} was saved by a newer version of Marginalia (format ${header.userVersion}, this one reads up to ${SCHEMA_VERSION}); please update Marginalia to ${verb} it.`,
    );
  }
}

/**
 * Opens an existing project file. A file that is not a Marginalia project, one written by a
 * newer version, a damaged one, or one open elsewhere is refused with a sentence that says
 * so — and, because its header is checked before SQLite touches it, left exactly as it was.
 */
export function openDatabase(path: string): Db {
  const name = basename(path);
  checkProjectFile(path, name, 'open');

  let db: Db;
  try {
    db = connect(path, { fileMustExist: true });
  } catch (error) {
    if (isCorrupt(error)) throw damaged(name);
    throw error;
  }
  try {
    configure(db, name);
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw damaged(name);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version < SCHEMA_VERSION) {
      // VACUUM INTO writes a consistent copy through SQLite itself (never a file copy).
      const backup = `${path}.format-${version}.backup`;
      if (!existsSync(backup)) db.prepare('VACUUM INTO ?').run(backup);
      migrate(db);
      checkpoint(db);
    }
    return trackOpen(db, path);
  } catch (error) {
    db.close();
    if (isCorrupt(error)) throw damaged(name);
    throw error;
  }
}

/**
 * Opens a project file read-only, as an in-memory copy, for reading a colleague's project
 * (merge). The file itself is never written, locked or given -wal/-shm companions: measured,
 * SQLite's own read-only mode on a WAL file creates both beside it and leaves them behind,
 * so the file's bytes are read once and SQLite works on that copy. The same header checks
 * as openDatabase refuse what is not a project; an older format is migrated in memory only.
 */
export function openDatabaseReadOnly(path: string): Db {
  const name = basename(path);
  checkProjectFile(path, name, 'read');
  // Committed work still in the write-ahead log is not in the main file yet: the project is
  // open somewhere, or Marginalia stopped while it was open. Reading it now would miss that work.
  const wal = `${path}-wal`;
  if (existsSync(wal) && statSync(wal).size > 0) {
    throw new UserError(
      'project-locked',
      `${name} has changes that are not yet saved into the file (it is open in Marginalia, or Marginalia stopped while it was open); open and close it in Marginalia, then try again.`,
    );
  }
  const bytes = readFileSync(path);
  // Bytes 18–19 say "WAL" (2); an in-memory database cannot use a WAL, so the copy says "rollback" (1).
  if (bytes.length >= 20) {
    bytes[18] = 1;
    bytes[19] = 1;
  }
  const nativeBinding = process.env.MARGINALIA_SQLITE_BINDING;
  let db: Db;
  try {
    db = new Database(bytes, nativeBinding ? { nativeBinding } : {});
  } catch (error) {
    if (isCorrupt(error)) throw damaged(name);
    throw error;
  }
  try {
    db.pragma('foreign_keys = ON');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw damaged(name);
    migrate(db);
    // Nothing may be written to a colleague's project, not even to this copy by mistake.
    db.pragma('query_only = ON');
    return db;
  } catch (error) {
    db.close();
    if (isCorrupt(error)) throw damaged(name);
    throw error;
  }
}

function damaged(name: string): UserError {
  return new UserError(
    'project-damaged',
    `${name} is damaged or incomplete (perhaps a partial copy); Marginalia did not change it. Open a backup instead.`,
  );
}

/** Copies the live database with SQLite's backup API (never a plain file copy). */
export async function backupDatabase(db: Db, destination: string): Promise<void> {
  await db.backup(destination);
}
