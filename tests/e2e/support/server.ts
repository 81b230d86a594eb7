import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const CLI = join(REPO_ROOT, 'bin', 'marginalia.js');
/** The build folder: out/, or MARGINALIA_OUT when several builds share this working copy. */
const OUT = process.env.MARGINALIA_OUT ?? 'out';

/** Fails early, with the fix, when the bundles the journey needs have not been built. */
export function assertBuilt(): void {
  const missing = [
    [`${OUT}/node/cli.js`, 'npm run build:node'],
    [`${OUT}/renderer/index.html`, 'npm run build:renderer'],
  ].filter(([file]) => !existsSync(join(REPO_ROOT, file)));
  if (missing.length > 0) {
    throw new Error(`Build first: ${missing.map(([file, command]) => `${file} (${command})`).join(', ')}`);
  }
  // The server serves the built bundle: a journey against a stale one tests old code. Only
  // the folders the renderer is built from count (not all of shared/, which changes often).
  const built = statSync(join(REPO_ROOT, OUT, 'renderer/index.html')).mtimeMs;
  const newer = ['renderer', 'shared/ipc', 'shared/domain'].flatMap((folder) =>
    newerFiles(join(REPO_ROOT, folder), built),
  );
  if (newer.length > 0) {
    throw new Error(`The renderer bundle is older than ${newer[0]}: run "npm run build:renderer" first.`);
  }
}

function newerFiles(folder: string, than: number): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return newerFiles(path, than);
    return statSync(path).mtimeMs > than ? [path] : [];
  });
}

/** A fresh MARGINALIA_HOME (recent projects and the default projects folder live there). */
export function makeHome(): { home: string; remove(): void } {
  const home = mkdtempSync(join(tmpdir(), 'marginalia-e2e-'));
  return { home, remove: () => rmSync(home, { recursive: true, force: true }) };
}

function environment(home: string): NodeJS.ProcessEnv {
  return { ...process.env, MARGINALIA_HOME: home, MARGINALIA_LOG: 'silent', CI: '1' };
}

/** Runs `marginalia <args>` and returns its stdout; throws with stderr when it fails. */
export async function runCli(args: readonly string[], home: string): Promise<string> {
  const { stdout } = await run(process.execPath, [CLI, ...args], {
    cwd: REPO_ROOT,
    env: environment(home),
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

export type RunningServer = Readonly<{
  /** The address with the token, as the CLI printed it. */
  url: string;
  origin: string;
  token: string;
  stop(): Promise<void>;
}>;

/** Starts `marginalia serve [project] --port 0 --no-open` and waits for the address line. */
export async function startServer(home: string, project?: string): Promise<RunningServer> {
  const args = [CLI, 'serve', ...(project ? [project] : []), '--port', '0', '--no-open'];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: environment(home),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const url = await new Promise<string>((resolvePromise, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const timer = setTimeout(() => reject(new Error(`marginalia serve printed no address in 30 s. ${stderr}`)), 30_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolvePromise(line.trim());
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`marginalia serve exited with ${code}: ${stderr}`));
    });
  });
  const parsed = new URL(url);
  const token = parsed.searchParams.get('token');
  if (!token) throw new Error(`marginalia serve printed an address without a token: ${url}`);
  return {
    url,
    origin: parsed.origin,
    token,
    stop: () =>
      new Promise<void>((resolvePromise) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          resolvePromise();
          return;
        }
        const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(killer);
          resolvePromise();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Calls the running server's contract directly (to check what the UI did, as the UI would). */
export async function callApi<T>(server: RunningServer, channel: string, args: object = {}): Promise<T> {
  const response = await fetch(`${server.origin}/api/${encodeURIComponent(channel)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-marginalia-token': server.token },
    body: JSON.stringify(args),
  });
  const result = (await response.json()) as { ok: true; value: T } | { ok: false; error: { message: string } };
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value;
}
