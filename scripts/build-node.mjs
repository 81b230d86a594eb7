// Bundles the Node side (CLI, browser-mode server, services) into out/node/cli.js, so
// `npx marginalia` starts fast without a TypeScript loader. npm packages stay external.
import { build } from 'esbuild';

await build({
  entryPoints: { cli: 'electron/cli/entry.ts' },
  outdir: 'out/node',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
