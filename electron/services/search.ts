import { Worker } from 'node:worker_threads';
import type { SourceId } from '../../shared/domain/ids';
import {
  REGEX_TIME_LIMIT_MS,
  REGEX_TOO_SLOW_MESSAGE,
  type SearchHit,
  type SearchIndexState,
  type SearchResult,
  type SearchSourceHits,
} from '../../shared/ipc/channels/search';
import { UserError } from '../util/errors';
import { logger } from '../util/logger';
import { findWorkerFile } from '../util/workerFile';
import type { ProjectSession } from './session';
import {
  compileRegex,
  regexMatcher,
  SEARCH_WORKER_MARK,
  type Matcher,
  type RegexReply,
  type RegexRequest,
} from './searchWorker';

export type { Matcher };

/**
 * Project-wide search (issue 4, DESIGN §7). Queries of three or more characters ask the
 * trigram index (migration 0030) which sources can hold them; shorter ones (most Chinese
 * words are two characters) and regular expressions scan every text. Either way the exact
 * offsets come from JavaScript over the texts, so they are UTF-16 units like every range.
 *
 * Texts are kept in memory per open project once read (they never change after import), up
 * to TEXT_CACHE_LIMIT. Measured on 20M mixed characters in 2,000 sources: reading every text
 * out of SQLite took 300–570 ms per query, `instr()` in SQL ~35–60 ms only to name the sources
 * (no offsets), and a case-insensitive scan of cached texts 9–17 ms. So the cache, not SQL,
 * carries the scan; the index spares a 3+ character query reading texts that cannot match.
 */

/** Hits sent with snippets, at most, unless the caller asks for another cap. */
export const DEFAULT_HIT_LIMIT = 500;
/** Hits sent with snippets per source, so that one long source does not fill the list. */
export const HITS_PER_SOURCE = 50;
/** UTF-16 units of text cached per project (about 128 MB); beyond it texts are read per search. */
const TEXT_CACHE_LIMIT = 64_000_000;
/** The most trigrams put in one index query: more narrow little and cost time. */
const MAX_TRIGRAMS = 12;
const SNIPPET_BEFORE = 40;
const SNIPPET_AFTER = 60;
const SNIPPET_MATCH = 200;

type TextCache = {
  texts: Map<string, string>;
  /** Lower-cased copies of texts with upper-case letters, made when a query has Latin letters. */
  lowered: Map<string, string | null>;
  size: number;
  /** The listing of sources as of a version of the project (versionOf), reused while it holds. */
  listing: { version: string; listed: Listed[] } | null;
  /** The version at which the index was last found complete. */
  completeAt: string | null;
};
const caches = new WeakMap<ProjectSession, TextCache>();

function cacheOf(session: ProjectSession): TextCache {
  let cache = caches.get(session);
  if (!cache) {
    cache = { texts: new Map(), lowered: new Map(), size: 0, listing: null, completeAt: null };
    caches.set(session, cache);
  }
  return cache;
}

function remember(cache: TextCache, sourceId: string, text: string): void {
  if (cache.texts.has(sourceId) || cache.size + text.length > TEXT_CACHE_LIMIT) return;
  cache.texts.set(sourceId, text);
  cache.size += text.length;
}

function forget(cache: TextCache, sourceId: string): void {
  const text = cache.texts.get(sourceId);
  if (text === undefined) return;
  cache.texts.delete(sourceId);
  cache.size -= text.length;
  const lowered = cache.lowered.get(sourceId);
  cache.lowered.delete(sourceId);
  if (lowered) cache.size -= lowered.length;
}

/**
 * The text lower-cased with every offset kept (the text itself when it has no upper case),
 * cached beside it; null when lower-casing moved offsets or the cache is full.
 */
function loweredOf(cache: TextCache, sourceId: string, text: string): string | null {
  const known = cache.lowered.get(sourceId);
  if (known !== undefined) return known;
  const lowered = text.toLowerCase();
  if (lowered.length !== text.length) {
    cache.lowered.set(sourceId, null);
    return null;
  }
  if (lowered === text) {
    cache.lowered.set(sourceId, text);
    return text;
  }
  if (!cache.texts.has(sourceId) || cache.size + lowered.length > TEXT_CACHE_LIMIT) return lowered;
  cache.lowered.set(sourceId, lowered);
  cache.size += lowered.length;
  return lowered;
}

/** A source's text, from the cache or the file (a source's text never changes after import). */
function textOf(session: ProjectSession, sourceId: string): string | null {
  const cache = cacheOf(session);
  const cached = cache.texts.get(sourceId);
  if (cached !== undefined) return cached;
  const row = session.db.prepare('SELECT text FROM sources WHERE id = ?').get(sourceId) as { text: string } | undefined;
  if (!row) return null;
  remember(cache, sourceId, row.text);
  return row.text;
}

/** A source as search lists it; read through the covering index of migration 0030. */
type Listed = { id: SourceId; name: string; textHash: string; length: number };
type Indexed = { doc: number; sourceId: string; textHash: string };

/**
 * The sources in the project's order. Only columns of the covering index `sources_listing`
 * are read: a column stored after `text` (position, text_length …) would make SQLite walk
 * each text's overflow pages — measured 70–760 ms for 20M characters instead of ~20 ms.
 */
function listSources(session: ProjectSession): Listed[] {
  const cache = cacheOf(session);
  const version = versionOf(session);
  if (cache.listing?.version === version) return cache.listing.listed;
  const listed = session.db
    .prepare(
      `SELECT id, name, text_hash AS textHash, text_length AS length
       FROM sources INDEXED BY sources_listing ORDER BY position`,
    )
    .all() as Listed[];
  cache.listing = { version, listed };
  return listed;
}

/**
 * A token that changes whenever the sources may have: every write to them (import, deletion,
 * rename, reordering, merge) is logged in the change log, undo and redo append to undo_state,
 * and the count catches writes made outside the log. Three index lookups (~0.1 ms) instead of
 * listing every source again before each search.
 */
function versionOf(session: ProjectSession): string {
  const row = session.db
    .prepare(
      `SELECT (SELECT coalesce(max(seq), 0) FROM change_log) AS log, (SELECT coalesce(max(seq), 0) FROM undo_state) AS undo,
              (SELECT count(*) FROM sources) AS sources`,
    )
    .get() as { log: number; undo: number; sources: number };
  return `${row.log}:${row.undo}:${row.sources}`;
}

function stateOf(listed: readonly Listed[], indexed: ReadonlySet<string>, done: boolean): SearchIndexState {
  let indexedCharacters = 0;
  let totalCharacters = 0;
  let indexedSources = 0;
  for (const source of listed) {
    totalCharacters += source.length;
    if (indexed.has(source.id)) {
      indexedSources += 1;
      indexedCharacters += source.length;
    }
  }
  return { done, indexedSources, totalSources: listed.length, indexedCharacters, totalCharacters };
}

/**
 * Brings the search index up to date: drops sources that are gone (deleted, or an import
 * undone), then indexes sources not indexed yet, in the project's order, for about `budgetMs`
 * (stopping at a source boundary, committing every ~200 ms of work), so that the caller can
 * report progress and the backend stays responsive. Searching never waits for it: sources not
 * indexed yet are scanned. Not part of the change log: the index is derived and rebuildable.
 */
export function updateSearchIndex(session: ProjectSession, budgetMs = Number.POSITIVE_INFINITY): SearchIndexState {
  const { db } = session;
  const cache = cacheOf(session);
  const listed = listSources(session);
  if (cache.completeAt !== null && cache.completeAt === cache.listing?.version) {
    return stateOf(listed, new Set(listed.map((source) => source.id)), true);
  }
  const current = new Map(listed.map((source) => [source.id as string, source]));
  const entries = db
    .prepare('SELECT doc, source_id AS sourceId, text_hash AS textHash FROM search_sources')
    .all() as Indexed[];
  const gone = entries.filter((entry) => current.get(entry.sourceId)?.textHash !== entry.textHash);
  if (gone.length > 0) {
    const dropText = db.prepare('DELETE FROM search_text WHERE rowid = ?');
    const dropSource = db.prepare('DELETE FROM search_sources WHERE doc = ?');
    db.transaction(() => {
      for (const entry of gone) {
        dropText.run(entry.doc);
        dropSource.run(entry.doc);
        forget(cache, entry.sourceId);
      }
    })();
  }
  const indexed = new Set(entries.filter((entry) => !gone.includes(entry)).map((entry) => entry.sourceId));
  const pending = listed.filter((source) => !indexed.has(source.id));
  const started = performance.now();
  if (pending.length > 0 && budgetMs > 0) {
    const readText = db.prepare('SELECT text FROM sources WHERE id = ?');
    const addSource = db.prepare('INSERT INTO search_sources (source_id, text_hash) VALUES (?, ?)');
    const addText = db.prepare('INSERT INTO search_text (rowid, text) VALUES (?, ?)');
    let next = 0;
    while (next < pending.length && performance.now() - started < budgetMs) {
      db.transaction(() => {
        const sliceStarted = performance.now();
        do {
          const source = pending[next];
          const text = cache.texts.get(source.id) ?? (readText.get(source.id) as { text: string }).text;
          const doc = addSource.run(source.id, source.textHash).lastInsertRowid;
          addText.run(doc, text);
          remember(cache, source.id, text);
          indexed.add(source.id);
          next += 1;
        } while (
          next < pending.length &&
          performance.now() - sliceStarted < Math.min(200, budgetMs) &&
          performance.now() - started < budgetMs
        );
      })();
    }
  }
  const complete = indexed.size === listed.length;
  cache.completeAt = complete ? (cache.listing?.version ?? null) : null;
  return stateOf(listed, indexed, complete);
}

/**
 * Gets search ready, a slice of about `budgetMs` at a time: first the texts are read into
 * memory (0.3–0.6 s for 20M characters; after that every query is fast), then the index is
 * built (tens of seconds for 20M characters, once per project, then only new sources).
 * `done` when both are complete (the texts up to the memory cap).
 */
export function prepareSearch(session: ProjectSession, budgetMs: number): SearchIndexState {
  const started = performance.now();
  const cache = cacheOf(session);
  const readText = session.db.prepare('SELECT text FROM sources WHERE id = ?');
  for (const source of listSources(session)) {
    if (cache.texts.has(source.id)) continue;
    if (cache.size + source.length > TEXT_CACHE_LIMIT) break;
    if (performance.now() - started >= budgetMs) {
      return { ...updateSearchIndex(session, 0), done: false };
    }
    const row = readText.get(source.id) as { text: string } | undefined;
    if (row) remember(cache, source.id, row.text);
  }
  return updateSearchIndex(session, Math.max(0, budgetMs - (performance.now() - started)));
}

/** How a query is matched against texts. */
export type MatchOptions = Readonly<{
  query: string;
  /** The query is a regular expression. */
  regex?: boolean;
  /** Latin letters match whatever their case (the search view); false finds the text exactly as typed. */
  ignoreCase?: boolean;
  /** Only these sources, when given. */
  sourceIds?: readonly SourceId[];
}>;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** True when the text has letters with an upper and a lower case (Latin, Greek, Cyrillic …). */
function hasCase(text: string): boolean {
  return text.toLowerCase() !== text.toUpperCase();
}

/** Builds the matcher for a query; an unreadable regular expression is a clear UserError. */
export function buildMatcher(options: MatchOptions): Matcher {
  const { query } = options;
  if (query.length === 0) throw new UserError('invalid-arguments', 'Type a word or phrase to search for.');
  const ignoreCase = options.ignoreCase ?? true;
  if (options.regex) return regexMatcher(compileRegex(query, ignoreCase));
  const exact = (text: string, term: string, found: (start: number, end: number) => void): void => {
    for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + term.length)) found(at, at + term.length);
  };
  if (ignoreCase && hasCase(query)) {
    // Over a lower-cased copy of the text indexOf is ~3× faster than a case-insensitive
    // RegExp (measured: 33 ms against 112 ms for 20M characters); the copy is usable when
    // lower-casing kept every offset (it does unless the text holds a letter like İ).
    const pattern = new RegExp(escapeRegExp(query), 'gi');
    const term = query.toLowerCase();
    const byRegExp = regexMatcher(pattern);
    return (text, found, lowered) => {
      const copy = term.length === query.length ? lowered?.() : null;
      if (copy) exact(copy, term, found);
      else byRegExp(text, found);
    };
  }
  return (text, found) => exact(text, query, found);
}

/** Characters as a reader counts them (code points): 𠀀 is one. */
function characterCount(text: string): number {
  let count = 0;
  for (const _character of text) count += 1;
  return count;
}

/**
 * The FTS5 query that finds every source holding `query`: its trigrams ANDed (without
 * positions, detail=none, an AND of trigrams is what the index can answer; the scan after
 * it drops the sources where they do not stand together). At most MAX_TRIGRAMS of them,
 * spread over the query, always the first and the last.
 */
export function trigramQuery(query: string): string {
  const characters = [...query];
  const all: string[] = [];
  for (let index = 0; index + 3 <= characters.length; index += 1) all.push(characters.slice(index, index + 3).join(''));
  const picked = new Set<string>();
  const step = all.length <= MAX_TRIGRAMS ? 1 : (all.length - 1) / (MAX_TRIGRAMS - 1);
  for (let position = 0; Math.round(position) < all.length; position += step) picked.add(all[Math.round(position)]);
  picked.add(all[all.length - 1]);
  return [...picked].map((trigram) => `"${trigram.replaceAll('"', '""')}"`).join(' AND ');
}

/** True when a query goes to the trigram index rather than a scan. */
export function usesIndex(options: MatchOptions): boolean {
  return !options.regex && characterCount(options.query) >= 3;
}

/** How long a search may spend indexing new sources itself before it scans them instead. */
const SEARCH_INDEXING_BUDGET_MS = 100;

/**
 * The sources a query may match, in the project's order (limited to `sourceIds` when given):
 * for a query of three or more characters, the index's candidates plus every source not
 * indexed yet (those are scanned); for shorter queries and patterns, every source.
 */
function candidateSources(session: ProjectSession, options: MatchOptions): Listed[] {
  let rows = listSources(session);
  if (options.sourceIds) {
    const wanted = new Set<string>(options.sourceIds);
    rows = rows.filter((row) => wanted.has(row.id));
  }
  if (!usesIndex(options)) return rows;
  // Drops what is gone and indexes a little (a source just imported); the rest is scanned.
  const state = updateSearchIndex(session, SEARCH_INDEXING_BUDGET_MS);
  // Once the index is complete every source is in it; else those not (yet) in it are scanned.
  const indexed = state.done
    ? null
    : new Map(
        (
          session.db
            .prepare('SELECT source_id AS sourceId, text_hash AS textHash FROM search_sources')
            .all() as Indexed[]
        ).map((entry) => [entry.sourceId, entry.textHash]),
      );
  const candidates = new Set(
    (
      session.db
        .prepare(
          `SELECT m.source_id AS id FROM search_text t JOIN search_sources m ON m.doc = t.rowid
           WHERE search_text MATCH ?`,
        )
        .all(trigramQuery(options.query)) as { id: string }[]
    ).map((row) => row.id),
  );
  return rows.filter((row) => candidates.has(row.id) || (indexed !== null && indexed.get(row.id) !== row.textHash));
}

/** A source's matches, as UTF-16 ranges. */
export type SourceMatches = Readonly<{ sourceId: SourceId; name: string; text: string; ranges: [number, number][] }>;

/** Matches found off the backend's thread for one query at one version of the project (see usingMatches). */
const foundOffThread = new WeakMap<ProjectSession, { key: string; found: readonly SourceMatches[] }>();

function matchKey(session: ProjectSession, options: MatchOptions): string {
  return JSON.stringify([
    versionOf(session),
    options.query,
    options.regex ?? false,
    options.ignoreCase ?? true,
    options.sourceIds ?? null,
  ]);
}

/**
 * Runs `run` with the matches of `options` already known (found by matchSourcesOffThread), so
 * that code written for matchSources (autocoding) uses them instead of running the pattern again
 * in this thread. They are used only while the sources are as they were when they were found.
 */
export function usingMatches<T>(
  session: ProjectSession,
  options: MatchOptions,
  found: readonly SourceMatches[],
  run: () => T,
): T {
  foundOffThread.set(session, { key: matchKey(session, options), found });
  try {
    return run();
  } finally {
    foundOffThread.delete(session);
  }
}

/** Every match of a query in the project, per source (in the project's order), as UTF-16 ranges. */
export function* matchSources(session: ProjectSession, options: MatchOptions): Generator<SourceMatches> {
  const known = foundOffThread.get(session);
  if (known && known.key === matchKey(session, options)) {
    yield* known.found;
    return;
  }
  const matcher = buildMatcher(options);
  let spent = 0;
  for (const source of candidateSources(session, options)) {
    // A pattern's time runs out between sources here too (the CLI): one source's match cannot
    // be stopped in this thread, but a slow pattern over many sources can.
    if (options.regex && spent > REGEX_TIME_LIMIT_MS) throw regexTooSlow();
    const text = textOf(session, source.id);
    if (text === null) continue;
    const ranges: [number, number][] = [];
    const started = performance.now();
    matcher(
      text,
      (start, end) => ranges.push([start, end]),
      () => loweredOf(cacheOf(session), source.id, text),
    );
    spent += performance.now() - started;
    if (ranges.length > 0) yield { sourceId: source.id, name: source.name, text, ranges };
  }
}

/** The answer to a pattern that ran over REGEX_TIME_LIMIT_MS. */
function regexTooSlow(): UserError {
  return new UserError('invalid-arguments', REGEX_TOO_SLOW_MESSAGE);
}

function searchReplaced(): UserError {
  return new UserError('cancelled', 'The search was replaced by a newer one before it finished.');
}

/** How a search off the backend's thread may be stopped. */
export type SearchControl = Readonly<{
  /** Aborted when a newer search replaces this one: the worker is stopped at once. */
  signal?: AbortSignal;
  /** Default REGEX_TIME_LIMIT_MS; tests shorten it. */
  timeLimitMs?: number;
  /** Match in this thread, as when no worker is available (tests of that path). */
  inThread?: boolean;
}>;

// Names are held in variables so that bundlers do not try to resolve or copy them as assets.
const WORKER_FILE = { bundled: './search-worker.js', source: './searchWorker.ts', name: 'search-worker' } as const;
/**
 * Matching in the calling thread (no worker) gives the event loop a turn after this long, so
 * that other requests are answered between sources (as electron/importers/pool.ts does).
 */
const INLINE_SLICE_MS = 25;

/** False once a worker failed to start: matching then stays in this thread. */
let workersWork = true;
/** A worker that finished its job, kept for the next one (starting one costs ~30 ms). */
let idleWorker: Worker | null = null;
let nextJobId = 1;

/**
 * Where the worker's code is: beside the bundle (search-worker.js, an entry of
 * scripts/build-node.mjs and electron.vite.config.ts), or bundled from this folder's TypeScript
 * when the sources run directly (util/workerFile.ts). Null when neither is there: matching
 * stays in this thread.
 */
function searchWorkerEntry(): Promise<URL | null> {
  return findWorkerFile({ here: import.meta.url, ...WORKER_FILE });
}

/**
 * Matches a pattern in texts in a worker thread; stops the worker (terminate) when the time
 * limit passes or the signal aborts. 'unavailable' when the worker did not start.
 */
function matchInWorker(
  url: URL,
  query: string,
  ignoreCase: boolean,
  texts: readonly string[],
  control: SearchControl,
): Promise<Uint32Array[] | 'unavailable'> {
  return new Promise((resolve, reject) => {
    const reused = idleWorker;
    idleWorker = null;
    const worker = reused ?? new Worker(url, { workerData: SEARCH_WORKER_MARK, stdout: true, stderr: true });
    if (!reused) {
      worker.stdout.resume();
      worker.stderr.resume();
    }
    worker.ref();
    let ready = reused !== null;
    let settled = false;
    const id = nextJobId++;
    const finish = (keep: boolean, settle: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      control.signal?.removeEventListener('abort', onAbort);
      worker.removeAllListeners('message');
      worker.removeAllListeners('error');
      worker.removeAllListeners('exit');
      if (keep && idleWorker === null) {
        // An idle worker must not keep the process (the CLI) alive.
        worker.unref();
        worker.on('error', () => undefined);
        worker.on('exit', () => {
          if (idleWorker === worker) idleWorker = null;
        });
        idleWorker = worker;
      } else {
        // Not awaited: a worker deep in a backtracking match can take a moment to stop.
        worker.terminate().catch(() => undefined);
      }
      settle();
    };
    const onAbort = (): void => finish(false, () => reject(searchReplaced()));
    const timer = setTimeout(
      () => finish(false, () => reject(regexTooSlow())),
      control.timeLimitMs ?? REGEX_TIME_LIMIT_MS,
    );
    if (control.signal?.aborted) {
      onAbort();
      return;
    }
    control.signal?.addEventListener('abort', onAbort);
    worker.on('message', (reply: RegexReply | { ready: true }) => {
      if ('ready' in reply) {
        ready = true;
        return;
      }
      if (reply.id !== id) return;
      if (reply.ok) finish(true, () => resolve(reply.ranges));
      else
        finish(true, () =>
          reject(
            reply.error.code
              ? new UserError(reply.error.code as UserError['code'], reply.error.message)
              : new Error(reply.error.message),
          ),
        );
    });
    const lost = (error: unknown): void => {
      if (!ready) {
        logger.warn(`The search worker did not start (${String(error)}); patterns are matched in the backend thread.`);
        workersWork = false;
        finish(false, () => resolve('unavailable'));
      } else finish(false, () => reject(new Error(`the search worker stopped: ${String(error)}`)));
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`it exited with code ${code}`)));
    const request: RegexRequest = { id, query, ignoreCase, texts };
    worker.postMessage(request);
  });
}

/** Matching in this thread, source by source, with the time limit and a turn of the event loop between sources. */
async function matchInThread(
  query: string,
  ignoreCase: boolean,
  texts: readonly string[],
  control: SearchControl,
): Promise<Uint32Array[]> {
  const matcher = regexMatcher(compileRegex(query, ignoreCase));
  const limit = control.timeLimitMs ?? REGEX_TIME_LIMIT_MS;
  const started = performance.now();
  let sliceStarted = started;
  const ranges: Uint32Array[] = [];
  for (const text of texts) {
    if (performance.now() - sliceStarted >= INLINE_SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStarted = performance.now();
    }
    if (control.signal?.aborted) throw searchReplaced();
    if (performance.now() - started > limit) throw regexTooSlow();
    const found: number[] = [];
    matcher(text, (start, end) => found.push(start, end));
    ranges.push(Uint32Array.from(found));
  }
  return ranges;
}

/**
 * Every match of a regular expression in the project, like matchSources, but found where a
 * runaway pattern cannot hold the backend's event loop: in a worker thread stopped after
 * REGEX_TIME_LIMIT_MS (a UserError saying so), or when the signal aborts (a newer search).
 * Without a worker (its file missing, or it did not start) the sources are matched in this
 * thread with the same limit checked between sources. Plain queries are matched in this thread:
 * they are fast. The texts are copied to the worker on each search: measured on 20M characters
 * in 200 sources, a pattern took 16–18 ms off the thread (1–7 ms in it), the longest block of
 * the event loop 0–4 ms; the first search also bundles the worker when running from sources.
 */
export async function matchSourcesOffThread(
  session: ProjectSession,
  options: MatchOptions,
  control: SearchControl = {},
): Promise<SourceMatches[]> {
  if (!options.regex) return [...matchSources(session, options)];
  const ignoreCase = options.ignoreCase ?? true;
  // An unreadable pattern is answered at once, with its own sentence.
  compileRegex(options.query, ignoreCase);
  const sources: { sourceId: SourceId; name: string; text: string }[] = [];
  for (const source of candidateSources(session, options)) {
    const text = textOf(session, source.id);
    if (text !== null) sources.push({ sourceId: source.id, name: source.name, text });
  }
  const texts = sources.map((source) => source.text);
  const url = workersWork && !control.inThread ? await searchWorkerEntry() : null;
  let ranges = url ? await matchInWorker(url, options.query, ignoreCase, texts, control) : 'unavailable';
  if (ranges === 'unavailable') ranges = await matchInThread(options.query, ignoreCase, texts, control);
  const found: SourceMatches[] = [];
  sources.forEach((source, index) => {
    const flat = (ranges as Uint32Array[])[index];
    if (flat.length === 0) return;
    const pairs: [number, number][] = [];
    for (let at = 0; at < flat.length; at += 2) pairs.push([flat[at], flat[at + 1]]);
    found.push({ ...source, ranges: pairs });
  });
  return found;
}

function isLowSurrogate(text: string, index: number): boolean {
  const unit = text.charCodeAt(index);
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** Moves a cut point off the middle of a surrogate pair (towards `outward`). */
function whole(text: string, index: number, outward: -1 | 1): number {
  if (index > 0 && index < text.length && isLowSurrogate(text, index)) return index + (outward < 0 ? -1 : 1);
  return index;
}

/** The hit with the text around it on its own line, cut with … where it goes on. */
export function snippetOf(text: string, start: number, end: number): SearchHit {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = (() => {
    const newline = text.indexOf('\n', end);
    return newline < 0 ? text.length : newline;
  })();
  const from = whole(text, Math.max(lineStart, start - SNIPPET_BEFORE), -1);
  const to = whole(text, Math.min(lineEnd, end + SNIPPET_AFTER), 1);
  const shownEnd = end - start > SNIPPET_MATCH ? whole(text, start + SNIPPET_MATCH, 1) : end;
  return {
    start,
    end,
    before: (from > lineStart ? '…' : '') + text.slice(from, start),
    match: text.slice(start, shownEnd) + (shownEnd < end ? '…' : ''),
    after: shownEnd < end ? '' : text.slice(end, to) + (to < lineEnd ? '…' : ''),
  };
}

type SearchOptions = Readonly<{ query: string; regex?: boolean; sourceIds?: readonly SourceId[]; limit?: number }>;

/** Per source the number of hits and the first ones with snippets (HITS_PER_SOURCE per source, `limit` in all). */
function summarise(options: SearchOptions, found: Iterable<SourceMatches>): SearchResult {
  const limit = options.limit ?? DEFAULT_HIT_LIMIT;
  const sources: SearchSourceHits[] = [];
  let hitCount = 0;
  let shown = 0;
  for (const source of found) {
    const take = Math.max(0, Math.min(HITS_PER_SOURCE, limit - shown, source.ranges.length));
    const hits = source.ranges.slice(0, take).map(([start, end]) => snippetOf(source.text, start, end));
    sources.push({ sourceId: source.sourceId, name: source.name, hitCount: source.ranges.length, hits });
    hitCount += source.ranges.length;
    shown += take;
  }
  return {
    query: options.query,
    regex: options.regex ?? false,
    method: options.regex ? 'regex' : usesIndex(options) ? 'index' : 'scan',
    hitCount,
    sourceCount: sources.length,
    moreHits: hitCount - shown,
    sources,
  };
}

/**
 * Searches the project in the calling thread (the CLI, benchmarks): per source the number of
 * hits and the first ones with snippets; every hit is counted. A regular expression's time
 * limit is checked only between sources here; the backend calls searchProjectOffThread.
 */
export function searchProject(session: ProjectSession, options: SearchOptions): SearchResult {
  return summarise(options, matchSources(session, { ...options, ignoreCase: true }));
}

/**
 * Searches the project like searchProject; a regular expression runs in a worker thread with
 * a time limit (matchSourcesOffThread), so that no pattern can hang the backend.
 */
export async function searchProjectOffThread(
  session: ProjectSession,
  options: SearchOptions,
  control: SearchControl = {},
): Promise<SearchResult> {
  if (!options.regex) return searchProject(session, options);
  return summarise(options, await matchSourcesOffThread(session, { ...options, ignoreCase: true }, control));
}
