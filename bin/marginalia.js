#!/usr/bin/env node
// Runs the bundled CLI (npm run build:node makes it; npm install runs that for you).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// MARGINALIA_OUT (a build folder other than out/) is for development: see scripts/build-node.mjs.
const bundle = join(root, process.env.MARGINALIA_OUT ?? 'out', 'node', 'cli.js');
if (!existsSync(bundle)) {
  process.stderr.write('Marginalia is not built yet: run "npm run build" in its folder first.\n');
  process.exit(1);
}
await import(pathToFileURL(bundle).href);
