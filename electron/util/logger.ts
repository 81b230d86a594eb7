/** A small levelled logger writing to stderr, so stdout stays clean for CLI output. */
export type Logger = Readonly<{
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}>;

const quiet = process.env.MARGINALIA_LOG === 'silent';

export const logger: Logger = {
  info(message) {
    if (!quiet && process.env.MARGINALIA_LOG === 'debug') process.stderr.write(`[marginalia] ${message}\n`);
  },
  warn(message) {
    if (!quiet) process.stderr.write(`[marginalia] warning: ${message}\n`);
  },
  error(message, error) {
    if (quiet) return;
    const detail = error instanceof Error ? `\n${error.stack ?? error.message}` : '';
    process.stderr.write(`[marginalia] error: ${message}${detail}\n`);
  },
};
