import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { logger } from './logger';

/*
 * Where a worker thread's code is. A worker thread loads a JavaScript file, so each worker is
 * its own entry of the builds (scripts/build-node.mjs, electron.vite.config.ts) and lies beside
 * the bundle that starts it. Running from the TypeScript sources (tests, benchmarks), the
 * worker is bundled on first use with esbuild into node_modules/.cache/marginalia (inside the
 * repository, so its npm imports resolve). Loading it through tsx instead worked, but tsx also
 * transforms pdf.js and mammoth as they load: 5.2 s instead of 1.0 s per import worker,
 * measured here. Used by the import pool and the regular-expression search.
 */

export type WorkerFile = Readonly<{
  /** `import.meta.url` of the module that starts the worker: both names below are relative to it. */
  here: string;
  /** The built file beside the bundle, e.g. './import-worker.js'. */
  bundled: string;
  /** The TypeScript source beside the module, e.g. './worker.ts'. */
  source: string;
  /** Names the cached bundle and the log line: 'import-worker', 'search-worker'. */
  name: string;
}>;

/** Bundled source workers, once per process and worker (test files run in parallel processes). */
const bundled = new Map<string, Promise<URL | null>>();

async function bundleSource(file: WorkerFile): Promise<URL | null> {
  try {
    const { build } = await import('esbuild');
    const entry = fileURLToPath(new URL(file.source, file.here));
    let root = dirname(entry);
    while (!existsSync(join(root, 'node_modules')) && dirname(root) !== root) root = dirname(root);
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0].text;
    const folder = join(root, 'node_modules', '.cache', 'marginalia');
    const path = join(folder, `${file.name}-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
    if (!existsSync(path)) {
      mkdirSync(folder, { recursive: true });
      // Earlier builds, from before the sources changed, are removed once nothing can still be starting them.
      for (const old of readdirSync(folder)) {
        const stale = join(folder, old);
        if (old.startsWith(`${file.name}-`) && Date.now() - statSync(stale).mtimeMs > 3_600_000) rmSync(stale, { force: true });
      }
      // Written under a temporary name and renamed: test files run in parallel processes.
      const temporary = `${path}.${process.pid}.tmp`;
      writeFileSync(temporary, code);
      renameSync(temporary, path);
    }
    return pathToFileURL(path);
  } catch (error) {
    logger.warn(`Could not bundle the ${file.name} from its sources: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

/**
 * The worker's code: beside the bundle, or bundled from the TypeScript sources when they run
 * directly. Null when neither is available (the caller then works in its own thread).
 */
export function findWorkerFile(file: WorkerFile): Promise<URL | null> {
  if (file.here.endsWith('.ts')) {
    const key = new URL(file.source, file.here).href;
    let found = bundled.get(key);
    if (!found) {
      found = bundleSource(file);
      bundled.set(key, found);
    }
    return found;
  }
  const url = new URL(file.bundled, file.here);
  return Promise.resolve(existsSync(fileURLToPath(url)) ? url : null);
}
