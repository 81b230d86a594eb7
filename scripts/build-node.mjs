// Bundles the Node side (CLI, browser-mode server, services) into out/node/cli.js, so
// `npx marginalia` starts fast without a TypeScript loader. npm packages stay external.
// The import worker (electron/importers/worker.ts) is its own entry: worker threads load a
// file, and electron/importers/pool.ts looks for import-worker.js beside the bundle.
import { build } from 'esbuild';

await build({
  entryPoints: { cli: 'electron/cli/entry.ts', 'import-worker': 'electron/importers/worker.ts' },
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
