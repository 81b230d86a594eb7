#!/usr/bin/env node
// Runs the bundled CLI (npm run build:node makes it; npm install runs that for you).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const bundle = join(dirname(fileURLToPath(import.meta.url)), '..', 'out', 'node', 'cli.js');
if (!existsSync(bundle)) {
  process.stderr.write('Marginalia is not built yet: run "npm run build" in its folder first.\n');
  process.exit(1);
}
await import(pathToFileURL(bundle).href);
