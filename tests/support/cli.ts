import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(REPO_ROOT, 'bin', 'marginalia.js');

export type CliResult = { status: number | null; stdout: string; stderr: string };

/** Runs the real `marginalia` command (the built bundle) in a child process. */
export function cli(args: readonly string[], options: { cwd?: string; home?: string } = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, MARGINALIA_HOME: options.home ?? join(options.cwd ?? REPO_ROOT, '.marginalia-home'), MARGINALIA_LOG: 'silent', CI: 'true' },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
