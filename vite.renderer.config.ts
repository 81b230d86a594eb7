import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';

// The renderer on its own, for browser mode and e2e (TOOLCHAIN.md P8): the same bundle
// electron-vite builds, without anything that needs the Electron binary.
export default defineConfig({
  root: resolve(import.meta.dirname, 'renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, process.env.MARGINALIA_OUT ?? 'out', 'renderer'),
    emptyOutDir: true,
    target: 'chrome130',
    chunkSizeWarningLimit: 2000,
  },
  server: { host: '127.0.0.1', port: 5181, strictPort: true },
});
