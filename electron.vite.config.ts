import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// electron-vite builds the three Electron bundles (TOOLCHAIN.md §3):
//   out/main/index.js      ESM (package.json "type": "module"); dependencies stay external and
//                          are loaded from node_modules at run time (better-sqlite3 is native).
//   out/preload/index.cjs  CommonJS, because a sandboxed preload cannot load ES modules.
//   out/renderer/          the page, served by the app:// protocol in electron/main/protocol.ts.
// The "electron/package.json" electron-vite reads is node_modules/electron/package.json (for the
// Electron version, hence the node/chrome targets), plus the root package.json ("type", "main").
// No electron/package.json of our own is needed; one would make Node and tsx treat electron/ as a
// separate package (CommonJS unless it repeated "type": "module").
const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      rollupOptions: {
        input: {
          index: resolve(root, 'electron/main/index.ts'),
          'import-worker': resolve(root, 'electron/importers/worker.ts'),
          'search-worker': resolve(root, 'electron/services/searchWorker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      // A sandboxed preload can require only 'electron' and a few built-ins, so nothing else
      // may stay external: bundle whatever it imports.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rollupOptions: { input: { index: resolve(root, 'renderer/index.html') } },
    },
  },
});
