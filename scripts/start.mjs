// `npm start`: the desktop app where Electron can be had, browser mode where it cannot.
// Electron's binary is downloaded on first use; on machines without that download (offline
// build machines, CI) we say so in one sentence and serve the same interface to a browser.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, cpSync, rmSync, copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const args = process.argv.slice(2);

function run(command, commandArgs, options = {}) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', ...options });
  return result.status === 0;
}

function ensureBuilt() {
  if (!existsSync(join(root, 'out', 'node', 'cli.js')) || !existsSync(join(root, 'out', 'renderer', 'index.html'))) {
    if (!run(npm, ['run', 'build'])) process.exit(1);
  }
}

/** The Electron executable, or null when it cannot be downloaded here. */
function electronPath() {
  if (process.env.MARGINALIA_BROWSER === '1') return null;
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    cwd: root,
    encoding: 'utf8',
    timeout: 10 * 60 * 1000,
  });
  const path = probe.status === 0 ? probe.stdout.trim() : '';
  return path && existsSync(path) ? path : null;
}

/**
 * better-sqlite3 built for Electron's ABI, kept in out/native so the dev tree's Node build
 * (which the tests use) is never replaced (TOOLCHAIN.md P3).
 */
function electronSqliteBinding() {
  const electronVersion = require('electron/package.json').version;
  const target = join(root, 'out', 'native', `electron-${electronVersion}-${process.platform}-${process.arch}`, 'better_sqlite3.node');
  if (existsSync(target)) return target;
  const work = join(tmpdir(), `marginalia-native-${process.pid}`);
  cpSync(join(root, 'node_modules', 'better-sqlite3'), work, { recursive: true });
  try {
    const prebuilt = run(process.execPath, [require.resolve('prebuild-install/bin.js'), '--runtime', 'electron', '--target', electronVersion], { cwd: work });
    const built =
      prebuilt ||
      run(process.execPath, [require.resolve('node-gyp/bin/node-gyp.js'), 'rebuild', '--release', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers'], {
        cwd: work,
      });
    if (!built) return null;
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(work, 'build', 'Release', 'better_sqlite3.node'), target);
    return target;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function browserMode(reason) {
  process.stdout.write(`${reason}, so Marginalia opens in browser mode instead.\n`);
  const cliArgs = [join(root, 'bin', 'marginalia.js'), 'serve', ...args];
  const child = spawn(process.execPath, cliArgs, { cwd: root, stdio: 'inherit' });
  const stop = () => child.kill('SIGINT');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}

ensureBuilt();
const electron = electronPath();
if (!electron) {
  browserMode('Electron could not be downloaded on this machine');
} else {
  if (!existsSync(join(root, 'out', 'main', 'index.js')) && !run(npm, ['run', 'build:electron'])) process.exit(1);
  const binding = electronSqliteBinding();
  if (!binding) {
    browserMode('The database module could not be built for Electron here');
  } else {
    const child = spawn(electron, [root, ...args], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, MARGINALIA_SQLITE_BINDING: binding },
    });
    child.on('exit', (code) => process.exit(code ?? 0));
  }
}
