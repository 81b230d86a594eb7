import type { ImportPhase, KeyedMessage } from '../../shared/domain/types';
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { SourceId } from '../../shared/domain/ids';
import type {
  Coding,
  FailedFile,
  ImportedFile,
  ImportReport,
  SkippedFile,
  SourceDetail,
  SourceKind,
  SourceSummary,
  StructureSpan,
} from '../../shared/domain/types';
import type { ImportCaps } from '../importers/index';
import { ImportPool, type PoolOptions } from '../importers/pool';
import type { HashedDocument } from '../importers/tasks';
import type { Action } from '../store/changeLog';
import { statement, Utf8Text } from '../store/rows';
import { keyed, reasonOf, UserError } from '../util/errors';
import { logger } from '../util/logger';
import { attributeValuesBySource, setAttributeValue } from './attributes';
import { act, newId, nowIso, type ProjectSession } from './session';

export type ImportFile = Readonly<{
  /** The file's name as the researcher knows it (a path below an imported folder is fine); messages use it. */
  name: string;
  data: Uint8Array;
  /** Attributes of this file alone, over `ImportOptions.attributes` (from its folder or an attribute sheet). */
  attributes?: Readonly<Record<string, string>>;
}>;
export type ImportOptions = Readonly<{
  kind?: SourceKind;
  attributes?: Readonly<Record<string, string>>;
  /** Import a file even when a source with the same text exists. */
  allowDuplicates?: boolean;
  /** The researcher's choice of text encoding (gb18030, big5, utf-16le …) for every text file; skips detection. */
  encoding?: string;
  /** Import limits for this batch (docs/IMPORT.md, "Caps"). */
  caps?: Partial<ImportCaps>;
  /** Cancels the import; a cancelled batch writes nothing and rejects with a 'cancelled' UserError. */
  signal?: AbortSignal;
  /** Where files are parsed (worker threads, small texts in this thread); the defaults suit the app, this is for measurements. */
  threads?: PoolOptions;
}>;
/**
 * 'reading': files parsed so far (done of total files); 'writing': sources written so far
 * (done of total to write); 'done': the batch is in the project (sent once, last).
 */
export type { ImportPhase };
export type ImportProgressEvent = Readonly<{ done: number; total: number; file: string; phase: ImportPhase }>;
export type ImportProgress = (progress: ImportProgressEvent) => void;
/** SHA-256 of a source's text (UTF-8), its identity across copies of a project. */
export function hashText(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

type SourceRow = {
  id: SourceId;
  name: string;
  kind: SourceKind;
  text_length: number;
  text_hash: string;
  imported_at: string;
  coding_count: number;
};

const SUMMARY_SQL = `
  SELECT s.id, s.name, s.kind, s.text_length, s.text_hash, s.imported_at,
         (SELECT count(*) FROM codings c WHERE c.source_id = s.id) AS coding_count
  FROM sources s`;

function toSummary(row: SourceRow, attributes: Record<string, string> | undefined): SourceSummary {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    length: row.text_length,
    textHash: row.text_hash,
    importedAt: row.imported_at,
    attributes: attributes ?? {},
    codingCount: row.coding_count,
  };
}

/** Every source in import order, with its attributes and coding count. */
export function listSources(session: ProjectSession): SourceSummary[] {
  const rows = session.db.prepare(`${SUMMARY_SQL} ORDER BY s.position, s.name`).all() as SourceRow[];
  const attributes = attributeValuesBySource(session.db);
  return rows.map((row) => toSummary(row, attributes.get(row.id)));
}

export function getSourceSummary(session: ProjectSession, sourceId: SourceId): SourceSummary {
  const row = session.db.prepare(`${SUMMARY_SQL} WHERE s.id = ?`).get(sourceId) as SourceRow | undefined;
  if (!row) throw new UserError('not-found', 'That source is no longer in the project.');
  return toSummary(row, attributeValuesBySource(session.db).get(row.id));
}

/** Finds a source by its exact name (case-sensitive first, then case-insensitive). */
export function findSourceByName(session: ProjectSession, name: string): SourceSummary {
  const exact = session.db.prepare('SELECT id FROM sources WHERE name = ?').get(name) as { id: SourceId } | undefined;
  const row =
    exact ??
    (session.db.prepare('SELECT id FROM sources WHERE name = ? COLLATE NOCASE').all(name) as { id: SourceId }[]).at(0);
  if (!row) {
    const names = (session.db.prepare('SELECT name FROM sources ORDER BY position LIMIT 6').all() as { name: string }[]).map(
      (source) => source.name,
    );
    const hint = names.length > 0 ? ` Sources include: ${names.join(', ')}.` : ' The project has no sources yet.';
    throw new UserError('not-found', `There is no source named "${name}".${hint}`);
  }
  return getSourceSummary(session, row.id);
}

/** Codings of one source, in text order, with their coder's name. */
export function listCodingsOfSource(session: ProjectSession, sourceId: SourceId): Coding[] {
  return (
    session.db
      .prepare(
        `SELECT c.id, c.source_id AS sourceId, c.code_id AS codeId, c.start, c.end, c.coder_id AS coderId,
                d.name AS coderName, c.created_at AS createdAt, c.memo
         FROM codings c JOIN coders d ON d.id = c.coder_id
         WHERE c.source_id = ? ORDER BY c.start, c.end`,
      )
      .all(sourceId) as Coding[]
  ).map((coding) => ({ ...coding }));
}

/** A source with its text, structure and codings: everything the document view needs. */
export function getSource(session: ProjectSession, sourceId: SourceId): SourceDetail {
  const summary = getSourceSummary(session, sourceId);
  const row = session.db.prepare('SELECT text, structure FROM sources WHERE id = ?').get(sourceId) as {
    text: string;
    structure: string;
  };
  return {
    ...summary,
    text: row.text,
    structure: JSON.parse(row.structure) as StructureSpan[],
    codings: listCodingsOfSource(session, sourceId),
  };
}

/** Reads a source's text alone. */
export function getSourceText(session: ProjectSession, sourceId: SourceId): string {
  const row = session.db.prepare('SELECT text FROM sources WHERE id = ?').get(sourceId) as { text: string } | undefined;
  if (!row) throw new UserError('not-found', 'That source is no longer in the project.');
  return row.text;
}

function uniqueName(session: ProjectSession, wanted: string, taken: Set<string>): string {
  const exists = (name: string): boolean =>
    taken.has(name) || statement(session.db, 'SELECT 1 FROM sources WHERE name = ?').get(name) !== undefined;
  if (!exists(wanted)) return wanted;
  for (let index = 2; ; index += 1) {
    const candidate = `${wanted} (${index})`;
    if (!exists(candidate)) return candidate;
  }
}

/** How often progress is repeated while nothing changes, so a progress bar never looks stuck (issue 3: ≤ 250 ms). */
const HEARTBEAT_MS = 50;
/** Progress is re-sent after this long without an event. */
const PROGRESS_GAP_MS = 120;
/** Changes closer together than this are merged into one event (a batch of 10,000 small files). */
const PROGRESS_MIN_MS = 40;
/** Longest stretch of writing before the event loop gets a turn (DESIGN.md §2: ~100 ms). */
const WRITE_SLICE_MS = 40;
/**
 * SQLite's page cache while an import writes (KiB). With the default 16 MB, written pages
 * stay in the cache until the COMMIT, which then writes them all to the WAL and syncs them
 * in one call; a small cache spills them to the WAL slice by slice, where the background
 * sync (WalFlusher) makes them durable before the COMMIT.
 */
const WRITE_CACHE_KIB = 2048;

/**
 * Sends import progress: at once when it changes (at most every PROGRESS_MIN_MS), and again
 * every PROGRESS_GAP_MS while a long file is being read, so the interface sees it is alive.
 */
export class ProgressTicker {
  private latest: ImportProgressEvent | null = null;
  private lastSent = 0;
  private dirty = false;
  private readonly timer: ReturnType<typeof setInterval> | null;

  constructor(private readonly listener?: ImportProgress) {
    this.timer = listener
      ? setInterval(() => {
          if (this.latest && (this.dirty || performance.now() - this.lastSent >= PROGRESS_GAP_MS)) this.send();
        }, HEARTBEAT_MS)
      : null;
  }

  /** Records the current state, sending it unless an event went out very recently (or `now` is set). */
  set(event: ImportProgressEvent, now = false): void {
    if (!this.listener) return;
    this.latest = event;
    this.dirty = true;
    if (now || performance.now() - this.lastSent >= PROGRESS_MIN_MS) this.send();
  }

  /** Stops the heartbeat; sends `last` if given. */
  stop(last?: ImportProgressEvent): void {
    if (this.timer) clearInterval(this.timer);
    if (last && this.listener) {
      this.latest = last;
      this.send();
    }
  }

  private send(): void {
    this.dirty = false;
    this.lastSent = performance.now();
    this.listener?.(this.latest as ImportProgressEvent);
  }
}

function cancelledError(): UserError {
  return new UserError('cancelled', 'The import was cancelled; nothing was added to the project.');
}

/** Throws the 'cancelled' UserError when the signal has fired. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelledError();
}

/** A file read and parsed, waiting to be written as a source. */
export type PendingSource = Readonly<{
  /** The file as the report names it. */
  file: string;
  /** The source name wanted (made unique when written). */
  name: string;
  /**
   * The text: a string, or the file's own bytes when they are exactly its UTF-8 (rows.ts,
   * Utf8Text), written as they are; the decoded string is then let go as soon as the file is parsed.
   */
  text: string | Utf8Text;
  document: Omit<HashedDocument, 'text'>;
  original: Readonly<{ name: string; type: string; bytes: Uint8Array | null }>;
  attributes: Readonly<Record<string, string>>;
}>;

/** The name a file's source gets: its file name without folders or extension. */
export function sourceNameOf(fileName: string): string {
  const base = basename(fileName.replace(/\\/g, '/'));
  return basename(base, extname(base)) || base;
}

/** A parsed file as a source waiting to be written; its original bytes are kept for provenance. */
export function pendingSource(file: ImportFile, parsed: HashedDocument, attributes: Readonly<Record<string, string>>): PendingSource {
  const { text, ...document } = parsed;
  return {
    file: file.name,
    name: sourceNameOf(file.name),
    text: document.originalIsText ? new Utf8Text(file.data, text.length) : text,
    document,
    // Bytes that are exactly the text in UTF-8 are not stored twice (docs/IMPORT.md, "Originals").
    original: { name: basename(file.name.replace(/\\/g, '/')), type: document.mimeType, bytes: document.originalIsText ? null : file.data },
    attributes,
  };
}

/** Files read at the same time: enough to keep every parsing worker busy (pool.ts: at most 4). */
const READS_IN_FLIGHT = 16;

export type ReadOutcome<T> = Readonly<{ ok: true; value: T }> | Readonly<{ ok: false; reason: string; reasonKey?: KeyedMessage }>;

/**
 * Runs the reading of several files (in parallel where the pool has several workers) with
 * progress, keeping their order. A file that cannot be read gives its UserError's sentence;
 * a cancellation, or an error that is not a UserError, rejects the whole call.
 */
export async function readEach<T>(
  items: readonly Readonly<{ name: string; read: () => Promise<T> }>[],
  ticker: ProgressTicker,
  signal: AbortSignal | undefined,
): Promise<ReadOutcome<T>[]> {
  const settled: boolean[] = items.map(() => false);
  let done = 0;
  let firstOpen = 0;
  const report = (): void => {
    while (firstOpen < items.length && settled[firstOpen]) firstOpen += 1;
    ticker.set({ done, total: items.length, file: items[firstOpen]?.name ?? '', phase: 'reading' });
  };
  report();
  const outcomes: ReadOutcome<T>[] = new Array<ReadOutcome<T>>(items.length);
  const readOne = async (index: number): Promise<ReadOutcome<T>> => {
    try {
      return { ok: true, value: await items[index].read() };
    } catch (error) {
      if (!(error instanceof UserError) || error.code === 'cancelled') throw error;
      return { ok: false, ...reasonOf(error) };
    } finally {
      settled[index] = true;
      done += 1;
      report();
    }
  };
  // A few reads in flight, not one per file: with 1,000 started at once, each parsed text
  // stayed reachable long enough to be copied by the garbage collector, which then cost the
  // import bench more CPU than the parsing (measured: 2.7 s of collection against 0.3 s).
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      outcomes[index] = await readOne(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(READS_IN_FLIGHT, items.length) }, lane));
  throwIfCancelled(signal);
  return outcomes;
}

/** Parses files in the pool; each becomes a pending source or a failure naming it. */
export async function parseFiles(
  files: readonly ImportFile[],
  options: ImportOptions,
  pool: ImportPool,
  ticker: ProgressTicker,
): Promise<{ pending: PendingSource[]; failed: FailedFile[] }> {
  const parseOptions = { encoding: options.encoding, caps: options.caps };
  const outcomes = await readEach(
    files.map((file) => ({
      name: file.name,
      // Made a pending source at once, so that a text written from its bytes is not held decoded.
      read: async () =>
        pendingSource(file, await pool.run({ op: 'parse', fileName: file.name, bytes: file.data, options: parseOptions }), {
          ...options.attributes,
          ...file.attributes,
        }),
    })),
    ticker,
    options.signal,
  );
  const pending: PendingSource[] = [];
  const failed: FailedFile[] = [];
  outcomes.forEach((outcome, index) => {
    const file = files[index];
    if (outcome.ok) pending.push(outcome.value);
    else failed.push({ file: file.name, reason: outcome.reason, ...(outcome.reasonKey ? { reasonKey: outcome.reasonKey } : {}) });
  });
  return { pending, failed };
}

/** Imports in progress per project, so a second batch waits for the first one's transaction. */
const writing = new WeakMap<ProjectSession, Promise<unknown>>();

/**
 * Resolves when no import is writing to the project. The write of a large batch is spread over
 * several turns of the event loop inside one open transaction; a change made in between would
 * join that transaction (and be undone with a cancelled import), so the backend awaits this
 * before any other change.
 */
export function whenImportWritten(session: ProjectSession): Promise<void> {
  return (writing.get(session) ?? Promise.resolve()).then(
    () => undefined,
    () => undefined,
  );
}

export type WriteOptions = Pick<ImportOptions, 'kind' | 'allowDuplicates' | 'signal'> &
  Readonly<{
    /** Further writes of the same batch (attribute values on existing sources, a codebook), inside its transaction. */
    alsoWrite?: (action: Action) => void;
    /** The undo entry's description when no source is written (only `alsoWrite`'s changes). */
    emptyDescription?: string;
  }>;

/**
 * Asks the operating system, in the background, to make what SQLite has written so far to the
 * WAL durable, so that the fsync at COMMIT (synchronous=FULL) has little left to do and the
 * event loop is not held while 100 MB reach the disk. Safe with our lock: SQLite takes its
 * POSIX locks on the database file, never on the WAL, so opening and closing a descriptor of
 * the WAL releases nothing (ARCHITECTURE.md, "Lock"; tests/services/importTransaction.test.ts
 * checks that another process is still refused). Failures only lose the head start.
 */
class WalFlusher {
  private running: Promise<void> | null = null;

  constructor(private readonly path: string) {}

  /** Starts a background sync unless one is running. */
  flush(): void {
    if (this.running) return;
    this.running = (async () => {
      const handle = await open(this.path, 'r').catch(() => null);
      try {
        await handle?.datasync();
      } catch {
        // Some systems (Windows) refuse to sync a read-only handle; COMMIT still syncs.
      } finally {
        await handle?.close();
      }
    })().finally(() => {
      this.running = null;
    });
  }

  /** Waits for the running sync, if any. */
  async settled(): Promise<void> {
    await this.running;
  }
}

/**
 * Writes parsed sources as one undoable action in ONE transaction: all of them, or — after an
 * error, a crash or a cancellation — none. The transaction stays open across turns of the
 * event loop (WRITE_SLICE_MS of work each), so a large batch never blocks the backend for long.
 */
export async function writeSources(
  session: ProjectSession,
  pending: readonly PendingSource[],
  options: WriteOptions,
  ticker: ProgressTicker,
): Promise<{ imported: ImportedFile[]; skipped: SkippedFile[] }> {
  const previous = writing.get(session) ?? Promise.resolve();
  const run = previous.then(
    () => writeNow(session, pending, options, ticker),
    () => writeNow(session, pending, options, ticker),
  );
  writing.set(session, run);
  try {
    return await run;
  } finally {
    if (writing.get(session) === run) writing.delete(session);
  }
}

async function writeNow(
  session: ProjectSession,
  pending: readonly PendingSource[],
  options: WriteOptions,
  ticker: ProgressTicker,
): Promise<{ imported: ImportedFile[]; skipped: SkippedFile[] }> {
  const { db } = session;
  const imported: ImportedFile[] = [];
  const skipped: SkippedFile[] = [];
  throwIfCancelled(options.signal);
  if (db.inTransaction) {
    throw new UserError('conflict', 'Another change is being written to the project; import again when it has finished.');
  }
  const byHash = db.prepare('SELECT name FROM sources WHERE text_hash = ?');
  const cacheSize = Number(db.pragma('cache_size', { simple: true }));
  db.pragma(`cache_size = -${WRITE_CACHE_KIB}`);
  db.exec('BEGIN IMMEDIATE');
  try {
    // Decide skips and names first (reads only), so the undo entry can name what it imports.
    const hashes = new Set<string>();
    const names = new Set<string>();
    const plan: { item: PendingSource; name: string }[] = [];
    for (const item of pending) {
      const existing = byHash.get(item.document.hash) as { name: string } | undefined;
      if (!options.allowDuplicates && (existing || hashes.has(item.document.hash))) {
        skipped.push({
          file: item.file,
          reason: `Its text is already in the project${existing ? ` as "${existing.name}"` : ' (twice in this batch)'}; import it as a copy if you want both.`,
          reasonKey: existing ? keyed('import.duplicate', { name: existing.name }) : keyed('import.duplicateInBatch'),
        });
        continue;
      }
      hashes.add(item.document.hash);
      const name = uniqueName(session, item.name, names);
      names.add(name);
      plan.push({ item, name });
    }
    if (plan.length === 0 && !options.alsoWrite) {
      db.exec('COMMIT');
      return { imported, skipped };
    }
    let action: Action | null = null;
    // runAction opens a savepoint inside this transaction; its Action keeps logging under the
    // same group after the callback returns, so the whole batch is one undo step.
    const description =
      plan.length === 0 ? (options.emptyDescription ?? 'Import') : plan.length === 1 ? `Import ${plan[0].name}` : `Import ${plan.length} sources`;
    act(session, description, (opened) => {
      action = opened;
    });
    const batch = action as unknown as Action;
    const wal = new WalFlusher(`${session.path}-wal`);
    let position = (db.prepare('SELECT coalesce(max(position), -1) + 1 AS p FROM sources').get() as { p: number }).p;
    const importedAt = nowIso();
    let slice = performance.now();
    // The change of phase goes out at once (not held back by the rate limit): a batch written
    // within one slice would otherwise report 'writing' only after its COMMIT, too late to cancel.
    ticker.set({ done: 0, total: plan.length, file: plan[0]?.item.file ?? '', phase: 'writing' }, true);
    for (const [index, { item, name }] of plan.entries()) {
      if (performance.now() - slice > WRITE_SLICE_MS) {
        ticker.set({ done: index, total: plan.length, file: item.file, phase: 'writing' });
        wal.flush();
        await new Promise((resolve) => setImmediate(resolve));
        throwIfCancelled(options.signal);
        slice = performance.now();
      }
      const id = newId<SourceId>();
      batch.insert('sources', {
        id,
        name,
        kind: options.kind ?? item.document.suggestedKind ?? 'other',
        text: item.text,
        text_length: item.text.length,
        text_hash: item.document.hash,
        original_name: item.original.name,
        original_type: item.original.type,
        original_bytes: item.original.bytes ? Buffer.from(item.original.bytes.buffer, item.original.bytes.byteOffset, item.original.bytes.byteLength) : null,
        structure: JSON.stringify(item.document.structure),
        imported_at: importedAt,
        position,
      });
      position += 1;
      for (const [key, value] of Object.entries(item.attributes)) setAttributeValue(db, batch, id, key, value);
      imported.push({ file: item.file, sourceId: id, name, length: item.text.length, notes: item.document.notes, ...(item.document.noteKeys ? { noteKeys: item.document.noteKeys } : {}) });
    }
    options.alsoWrite?.(batch);
    await wal.settled();
    throwIfCancelled(options.signal);
    // The checkpoint that copies a large batch from the WAL into the database (and syncs it)
    // is taken apart from the COMMIT, after a turn of the event loop, so each blocks less.
    const autocheckpoint = Number(db.pragma('wal_autocheckpoint', { simple: true }));
    db.pragma('wal_autocheckpoint = 0');
    try {
      db.exec('COMMIT');
    } finally {
      db.pragma(`wal_autocheckpoint = ${Number.isInteger(autocheckpoint) ? autocheckpoint : 1000}`);
    }
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  } finally {
    db.pragma(`cache_size = ${Number.isInteger(cacheSize) ? cacheSize : -16000}`);
  }
  // Sent before the checkpoint, which holds the thread for ~2 ms per MB written (docs/IMPORT.md).
  ticker.set({ done: imported.length, total: imported.length, file: '', phase: 'writing' }, true);
  await new Promise((resolve) => setImmediate(resolve));
  try {
    if (!db.inTransaction) db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    // The batch is committed; SQLite checkpoints again at the next change or on closing.
    logger.warn(`The checkpoint after an import failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { imported, skipped };
}

/**
 * Imports files as sources in one transaction: a failure in one file is reported and the
 * others still come in; a crash, an error or a cancellation mid-batch leaves the project as
 * it was before the batch. Files are parsed in worker threads (electron/importers/pool.ts).
 * A file whose text is already in the project (same SHA-256) is skipped unless asked.
 */
export async function importFiles(
  session: ProjectSession,
  files: readonly ImportFile[],
  options: ImportOptions = {},
  onProgress?: ImportProgress,
): Promise<ImportReport> {
  const ticker = new ProgressTicker(onProgress);
  const pool = new ImportPool(options.threads);
  const stop = (): void => void pool.close();
  options.signal?.addEventListener('abort', stop);
  try {
    throwIfCancelled(options.signal);
    const { pending, failed } = await parseFiles(files, options, pool, ticker);
    pool.close();
    const { imported, skipped } = await writeSources(session, pending, options, ticker);
    ticker.stop({ done: files.length, total: files.length, file: '', phase: 'done' });
    return { imported, skipped, failed };
  } finally {
    options.signal?.removeEventListener('abort', stop);
    ticker.stop();
    pool.close();
  }
}

export function renameSource(session: ProjectSession, sourceId: SourceId, name: string): SourceSummary {
  const trimmed = name.trim();
  if (trimmed.length === 0) throw new UserError('invalid-arguments', 'A source needs a name.');
  const clash = session.db.prepare('SELECT id FROM sources WHERE name = ? AND id <> ?').get(trimmed, sourceId);
  if (clash) throw new UserError('conflict', `Another source is already called "${trimmed}".`);
  getSourceSummary(session, sourceId);
  act(session, `Rename source to ${trimmed}`, (action) => action.update('sources', [sourceId], { name: trimmed }));
  return getSourceSummary(session, sourceId);
}

/** Deletes a source with its codings and attribute values, as one undoable action. */
export function deleteSource(session: ProjectSession, sourceId: SourceId): void {
  const summary = getSourceSummary(session, sourceId);
  act(session, `Delete source ${summary.name}`, (action) => {
    const codings = session.db.prepare('SELECT id FROM codings WHERE source_id = ?').all(sourceId) as { id: string }[];
    for (const coding of codings) action.remove('codings', [coding.id]);
    const values = session.db.prepare('SELECT attribute_id FROM attribute_values WHERE source_id = ?').all(sourceId) as {
      attribute_id: string;
    }[];
    for (const value of values) action.remove('attribute_values', [sourceId, value.attribute_id]);
    action.remove('sources', [sourceId]);
  });
}

/** Sets or clears one attribute value of a source (one undoable action). */
export function setSourceAttribute(session: ProjectSession, sourceId: SourceId, name: string, value: string | null): SourceSummary {
  getSourceSummary(session, sourceId);
  act(session, value ? `Set ${name} = ${value}` : `Clear ${name}`, (action) =>
    setAttributeValue(session.db, action, sourceId, name, value),
  );
  return getSourceSummary(session, sourceId);
}
