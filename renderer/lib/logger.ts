/**
 * The renderer's logger. The console is off limits (lint), and there is nowhere useful to
 * send renderer logs yet, so it keeps the last few entries in memory for debugging sessions
 * (`window.__marginaliaLog` in devtools) and nothing else.
 */
export type LogEntry = Readonly<{ level: 'info' | 'warn' | 'error'; message: string; at: number }>;

const LIMIT = 200;
const entries: LogEntry[] = [];

function push(level: LogEntry['level'], message: string): void {
  entries.push({ level, message, at: Date.now() });
  if (entries.length > LIMIT) entries.splice(0, entries.length - LIMIT);
}

export const logger = {
  info: (message: string): void => push('info', message),
  warn: (message: string): void => push('warn', message),
  error: (message: string): void => push('error', message),
  entries: (): readonly LogEntry[] => entries,
};

if (typeof window !== 'undefined') {
  (window as unknown as { __marginaliaLog?: () => readonly LogEntry[] }).__marginaliaLog = logger.entries;
}
