import { availableParallelism } from 'node:os';
import { extname } from 'node:path';
import { Worker } from 'node:worker_threads';
import { keyed, UserError } from '../util/errors';
import { logger } from '../util/logger';
import { findWorkerFile } from '../util/workerFile';
import { runImportTask, type ImportTask, type ImportTaskResult, type TaskReply } from './tasks';

/*
 * Parses an import's files in worker threads, so the backend's event loop stays free while a
 * large file is read (DESIGN.md §2: never blocked for more than ~100 ms). Measured here
 * (docs/IMPORT.md, "Keeping the interface responsive"): a Word file of 5,000 paragraphs took
 * 3.3 s in mammoth and a 150-page PDF 1.9 s, all of it on the calling thread, so yielding
 * between files cannot keep the loop free. A worker also contains a hostile file that
 * exhausts memory: the worker dies, the file is reported, and the backend carries on.
 *
 * Plain text and Markdown up to INLINE_MAX_BYTES are parsed in the calling thread, as many
 * per turn of the event loop as fit in INLINE_SLICE_MS: they take under 15 ms (1 MB of mixed
 * Chinese and English text parses in ~15 ms), less than starting a worker (~250 ms), so small
 * batches never start one.
 *
 * Where the worker's code cannot be found or does not start, files are parsed in the calling
 * thread the same way.
 */

type Entry = Readonly<{ url: URL }>;

// Names are held in variables so that bundlers do not try to resolve or copy them as assets.
const WORKER_FILE = { bundled: './import-worker.js', source: './worker.ts', name: 'import-worker' } as const;

/** Heap limit of one worker: far above any file under the caps, low enough that a hostile file kills only its worker. */
const WORKER_HEAP_MB = 2048;

/** Plain text and Markdown files up to this size are parsed in the calling thread (see above). */
export const INLINE_MAX_BYTES = 512 * 1024;

/**
 * Parsing in the calling thread gives the event loop a turn after this long. One turn per
 * file cost the 1,000-file import bench more than parsing its small files (a turn of the loop,
 * promises and the scheduler for each 0.2 ms of work); a file is at most ~15 ms (above), so
 * no block is much longer than this plus one file.
 */
const INLINE_SLICE_MS = 25;

const INLINE_EXTENSIONS = new Set(['.txt', '.text', '.md', '.markdown']);

/**
 * Where the worker's code is: out/node/import-worker.js beside the CLI bundle (an entry of
 * scripts/build-node.mjs), or bundled from this folder's TypeScript when the sources run
 * directly (util/workerFile.ts). Null when neither is available.
 */
export async function workerEntry(): Promise<Entry | null> {
  const url = await findWorkerFile({ here: import.meta.url, ...WORKER_FILE });
  return url ? { url } : null;
}

function startWorker(entry: Entry): Worker {
  return new Worker(entry.url, {
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    // Library warnings (pdf.js) would otherwise interleave with the CLI's report on stdout.
    stdout: true,
    stderr: true,
  });
}

/** The default number of parsing workers: the cores left after the backend's own thread, 1 to 4. */
export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

/** Tuning for measurements; the defaults suit the app. */
export type PoolOptions = Readonly<{
  /** Worker threads (default: defaultWorkerCount()); 0 parses every file in the calling thread. */
  workers?: number;
  /** Plain text up to this many bytes is parsed in the calling thread (default INLINE_MAX_BYTES; 0: never). */
  inlineMaxBytes?: number;
  /**
   * For a pool kept between calls (the import dialog's previews): its workers stop after this
   * many milliseconds with nothing to do, and start again for the next task. Without it they
   * live until close().
   */
  idleMs?: number;
}>;

type Job = {
  readonly id: number;
  readonly task: ImportTask;
  /** The caller's own cancellation, in a pool that several callers share. */
  readonly signal: AbortSignal | undefined;
  resolve(value: unknown): void;
  reject(error: unknown): void;
};

type Slot = { readonly worker: Worker; job: Job | null; ready: boolean };

function cancelled(): UserError {
  return new UserError('cancelled', 'The import was cancelled; nothing was added to the project.');
}

/** A worker's failure on a file, as a sentence naming the file. */
function crashError(task: ImportTask, error: unknown): UserError {
  if ((error as { code?: string } | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return new UserError(
      'unsupported-format',
      `${task.fileName} needs more memory to read than Marginalia allows one file (${WORKER_HEAP_MB} MB); it may be damaged or built to exhaust memory.`,
      keyed('import.outOfMemory', { file: task.fileName, cap: `${WORKER_HEAP_MB} MB` }),
    );
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new UserError(
    'unsupported-format',
    `${task.fileName} could not be read: the reader stopped unexpectedly (${reason}).`,
    keyed('import.readerStopped', { file: task.fileName, detail: reason }),
  );
}

/**
 * A few worker threads that parse import tasks, one task per worker at a time, started only
 * when a task needs one. Close it when the import ends or is cancelled: close() stops the
 * workers at once, mid-file.
 *
 * A pool can also be shared by several callers and kept between them (the backend keeps one
 * for the import dialog's previews, with `idleMs`): each caller then cancels its own tasks with
 * the signal it gives run(), which leaves the other callers' tasks alone.
 */
export class ImportPool {
  private readonly size: number;
  private readonly inlineMaxBytes: number;
  /** undefined until a task needs a worker; null when workers are off or unavailable. */
  private entry: Entry | null | undefined;
  private entryLookup: Promise<void> | null = null;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private inline: Promise<unknown> = Promise.resolve();
  private inlineSince = 0;
  private workersStarted = 0;
  private readonly idleMs: number | undefined;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(options: PoolOptions = {}) {
    const wanted = options.workers ?? defaultWorkerCount();
    this.entry = wanted > 0 ? undefined : null;
    this.size = Math.max(1, wanted);
    this.inlineMaxBytes = options.inlineMaxBytes ?? INLINE_MAX_BYTES;
    this.idleMs = options.idleMs;
  }

  /** How many worker threads this pool started (0 when every file was parsed in the calling thread). */
  get started(): number {
    return this.workersStarted;
  }

  /** How many of its worker threads are running now. */
  get alive(): number {
    return this.slots.length;
  }

  /**
   * Runs one task; rejects with the task's UserError, or a 'cancelled' one after close() or
   * once `signal` aborts. An aborted task waiting for a worker is dropped from the queue; one a
   * worker is already reading is left to finish and its result dropped: stopping that worker
   * would throw away the readers it has loaded (mammoth, pdf.js), which is what keeping a pool
   * between callers saves, while the file's remaining work is bounded by the caps.
   */
  run<T extends ImportTask>(task: T, signal?: AbortSignal): Promise<ImportTaskResult[T['op']]> {
    if (this.closed || signal?.aborted) return Promise.reject(cancelled());
    const small = (task.op === 'parse' || task.op === 'preview') && INLINE_EXTENSIONS.has(extname(task.fileName).toLowerCase()) && task.bytes.length <= this.inlineMaxBytes;
    if (this.entry === null || small) return this.runInline(task, signal);
    return new Promise((resolve, reject) => {
      const job: Job = { id: this.nextId++, task, signal, resolve: resolve as (value: unknown) => void, reject };
      if (signal) {
        const abort = (): void => this.cancel(job);
        signal.addEventListener('abort', abort, { once: true });
        job.resolve = (value) => {
          signal.removeEventListener('abort', abort);
          resolve(value as ImportTaskResult[T['op']]);
        };
        job.reject = (error) => {
          signal.removeEventListener('abort', abort);
          reject(error);
        };
      }
      this.queue.push(job);
      if (this.entry === undefined) {
        this.entryLookup ??= workerEntry().then((entry) => {
          if (entry === null) logger.info('No import worker found; files are parsed in the backend thread.');
          this.entry = entry;
        });
        void this.entryLookup.then(() => this.dispatch());
      } else this.dispatch();
    });
  }

  /** Stops every worker, rejecting what is still queued or running as cancelled. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopIdleTimer();
    for (const job of this.queue.splice(0)) job.reject(cancelled());
    const running = this.slots.splice(0);
    for (const slot of running) slot.job?.reject(cancelled());
    // Not awaited: a worker busy inside a library can take a moment to stop, and nothing
    // waits for it (its results are dropped).
    for (const slot of running) slot.worker.terminate().catch(() => undefined);
  }

  /** One caller's task stops (see run): out of the queue, or its answer dropped when it comes. */
  private cancel(job: Job): void {
    const index = this.queue.indexOf(job);
    if (index >= 0) this.queue.splice(index, 1);
    // A worker reading it keeps it as its job until it replies, so no other task is sent to
    // that worker meanwhile; the reply then settles nothing (the promise is already rejected).
    job.reject(cancelled());
  }

  /** One file at a time in the calling thread, with a turn of the event loop every INLINE_SLICE_MS so waiting events run. */
  private runInline<T extends ImportTask>(task: T, signal?: AbortSignal): Promise<ImportTaskResult[T['op']]> {
    const next = this.inline.then(async () => {
      if (performance.now() - this.inlineSince >= INLINE_SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        this.inlineSince = performance.now();
      }
      if (this.closed || signal?.aborted) throw cancelled();
      return runImportTask(task);
    });
    // The chain keeps no result: a parsed text would otherwise stay reachable until the next file is done.
    this.inline = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }

  private dispatch(): void {
    this.assign();
    if (this.idleMs === undefined || this.closed) return;
    const idle = this.queue.length === 0 && this.slots.every((slot) => slot.job === null);
    if (!idle || this.slots.length === 0) this.stopIdleTimer();
    else if (!this.idleTimer) {
      this.idleTimer = setTimeout(() => {
        this.idleTimer = null;
        // Every worker is idle (a task sent to one clears this timer): none is mid-file.
        for (const slot of this.slots.splice(0)) slot.worker.terminate().catch(() => undefined);
      }, this.idleMs);
      // The workers, while they live, keep the process running; this timer alone should not.
      this.idleTimer.unref();
    }
  }

  private stopIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  /** Sends queued tasks to idle workers, starting workers up to the pool's size. */
  private assign(): void {
    while (this.queue.length > 0 && !this.closed) {
      if (this.entry === null) {
        // The workers could not start: the rest is parsed here.
        for (const job of this.queue.splice(0)) this.runInline(job.task, job.signal).then(job.resolve, job.reject);
        return;
      }
      if (this.entry === undefined) return;
      let slot = this.slots.find((candidate) => candidate.job === null);
      if (!slot && this.slots.length < this.size) slot = this.spawn(this.entry);
      if (!slot) return;
      const job = this.queue.shift() as Job;
      slot.job = job;
      // The bytes are copied, not transferred: the caller keeps them as the source's original.
      slot.worker.postMessage({ id: job.id, task: job.task });
    }
  }

  private spawn(entry: Entry): Slot {
    const worker = startWorker(entry);
    this.workersStarted += 1;
    worker.stdout.resume();
    worker.stderr.resume();
    const slot: Slot = { worker, job: null, ready: false };
    worker.on('message', (reply: TaskReply | { ready: true }) => {
      if ('ready' in reply) {
        slot.ready = true;
        return;
      }
      const job = slot.job;
      if (!job || job.id !== reply.id) return;
      slot.job = null;
      if (reply.ok) job.resolve(reply.value);
      else if (reply.error.code) job.reject(new UserError(reply.error.code as UserError['code'], reply.error.message, reply.error.key));
      else job.reject(crashError(job.task, new Error(reply.error.message)));
      this.dispatch();
    });
    const lost = (error: unknown): void => {
      const index = this.slots.indexOf(slot);
      if (index < 0) return;
      this.slots.splice(index, 1);
      const job = slot.job;
      slot.job = null;
      if (!slot.ready) {
        // It never started: not the file's fault. Parse it, and the rest, in this thread.
        logger.warn(`The import worker did not start (${String(error)}); files are parsed in the backend thread.`);
        this.entry = null;
        if (job) this.queue.unshift(job);
      } else if (job) {
        logger.warn(`The import worker stopped while reading ${job.task.fileName}: ${String(error)}`);
        job.reject(crashError(job.task, error));
      }
      this.dispatch();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`the worker exited with code ${code}`)));
    this.slots.push(slot);
    return slot;
  }
}
