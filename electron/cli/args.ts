import { parseArgs, type ParseArgsConfig } from 'node:util';
import { resolve } from 'node:path';
import { closeProject, openProject } from '../services/project';
import type { ProjectSession } from '../services/session';

/** Bad usage: exit 2 with the command's usage. */
export class UsageError extends Error {}

/** Where a command writes: stdout for results, stderr for messages. */
export type Io = Readonly<{
  out(text: string): void;
  err(text: string): void;
}>;

export type Values = Record<string, string | boolean | string[] | undefined>;

/** One CLI command: its name, a one-line summary, its full help, and what it does. */
export type Command = Readonly<{
  name: string;
  summary: string;
  help: string;
  run(argv: string[], io: Io): number | Promise<number>;
}>;

/** Parses a command's options strictly; unknown options are bad usage (exit 2). */
export function parse(
  help: string,
  argv: string[],
  options: ParseArgsConfig['options'],
): { values: Values; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as Values, positionals };
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]}\n\n${help}`);
  }
}

/** Throws bad usage with the command's help after the sentence. */
export function usage(sentence: string, help: string): never {
  throw new UsageError(`${sentence}\n\n${help}`);
}

/** The project path, the first positional argument. */
export function requireProject(name: string, help: string, positionals: string[]): string {
  const project = positionals[0];
  if (!project) usage(`The ${name} command needs a project file.`, help);
  return resolve(project);
}

export function str(values: Values, key: string): string | undefined {
  const value = values[key];
  return typeof value === 'string' ? value : undefined;
}

/** A whole-number option, or bad usage. */
export function integer(values: Values, key: string, help: string): number | undefined {
  const raw = str(values, key);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) usage(`--${key} takes a whole number, not "${raw}".`, help);
  return Number(raw);
}

/** The --format option, one of `allowed`. */
export function format(values: Values, allowed: readonly string[], fallback: string, help: string): string {
  const chosen = str(values, 'format') ?? fallback;
  if (!allowed.includes(chosen)) usage(`--format is one of ${allowed.join(', ')}.`, help);
  return chosen;
}

/** Opens the project, runs `work`, and always closes it (releasing the lock). */
export async function withProject<T>(
  path: string,
  work: (session: ProjectSession) => T | Promise<T>,
  coderName?: string,
): Promise<T> {
  const session = openProject(path, { coderName });
  try {
    return await work(session);
  } finally {
    closeProject(session);
  }
}

/** Left-aligned columns for terminal tables (counts code points, not UTF-16 units). */
export function padTable(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => [...(row[column] ?? '')].length)));
  return (
    rows
      .map((row) =>
        row
          .map((cell, column) => cell + ' '.repeat(widths[column] - [...cell].length))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}
