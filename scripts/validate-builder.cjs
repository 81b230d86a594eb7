// Validates electron-builder.yml with electron-builder's own loader and schema — the same path
// `electron-builder` takes before packaging — without building anything (TOOLCHAIN.md §3, P4).
// Usage: node scripts/validate-builder.cjs [config.yml]   (exit code 1 when invalid)
// From code: const { validateBuilderConfig } = require('./validate-builder.cjs').
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS script, run by plain node */
'use strict';

const path = require('node:path');
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config');
const { DebugLogger } = require('builder-util/out/DebugLogger');

/** Loads an electron-builder config file (YAML, JSON or JS) as electron-builder reads it. */
async function loadBuilderConfig(configPath, projectDir = path.dirname(path.resolve(configPath))) {
  return getConfig(projectDir, path.resolve(configPath), null);
}

/** Resolves to { ok: true, config } or { ok: false, message } — never rejects. */
async function validateBuilderConfig(configPath, projectDir) {
  try {
    const config = await loadBuilderConfig(configPath, projectDir);
    await validateConfiguration(config, new DebugLogger(false));
    return { ok: true, config };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

module.exports = { loadBuilderConfig, validateBuilderConfig };

if (require.main === module) {
  const configPath = path.resolve(process.argv[2] ?? 'electron-builder.yml');
  validateBuilderConfig(configPath).then((result) => {
    if (result.ok) {
      console.log(`OK: ${path.relative(process.cwd(), configPath)} is a valid electron-builder configuration`);
    } else {
      console.error(`Invalid electron-builder configuration ${configPath}:\n${result.message}`);
      process.exitCode = 1;
    }
  });
}
