import { isAbsolute, resolve } from 'node:path';

// How a project file reaches the app from outside: double-clicked in a file manager, dropped
// on the dock, or given on the command line. Pure, so it is tested without Electron.

export const PROJECT_EXTENSION = '.marginalia';

/** True when a path names a project file (by extension; the backend checks the contents). */
export function isProjectPath(path: string): boolean {
  return path.toLowerCase().endsWith(PROJECT_EXTENSION) && path.length > PROJECT_EXTENSION.length;
}

/**
 * The last `.marginalia` path on a command line, made absolute against `cwd`, or null.
 * Switches (`--flag=x.marginalia`) are ignored: Chromium adds its own and they are not files.
 */
export function projectPathFromArgv(argv: readonly string[], cwd: string): string | null {
  // argv[0] is the executable (and argv[1] the app folder in development); never a project.
  for (let index = argv.length - 1; index >= 1; index -= 1) {
    const arg = argv[index];
    if (arg === undefined || arg.startsWith('-') || !isProjectPath(arg)) continue;
    return isAbsolute(arg) ? arg : resolve(cwd, arg);
  }
  return null;
}
