// Bundles the Node side (CLI, browser-mode server, services) into out/node/cli.js, so
// `npx marginalia` starts fast without a TypeScript loader. npm packages stay external.
// The workers are entries of their own: worker threads load a file, and
// electron/util/workerFile.ts looks for import-worker.js (electron/importers/worker.ts, for
// electron/importers/pool.ts) and search-worker.js (electron/services/searchWorker.ts, for
// regular-expression search) beside the bundle.
import { build } from 'esbuild';

await build({
  entryPoints: {
    cli: 'electron/cli/entry.ts',
    'import-worker': 'electron/importers/worker.ts',
    'search-worker': 'electron/services/searchWorker.ts',
  },
  // MARGINALIA_OUT lets several working copies' builds (helpers, CI clones) live side by side.
  outdir: `${process.env.MARGINALIA_OUT ?? 'out'}/node`,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
