import { parentPort, workerData } from 'node:worker_threads';
import { UserError } from '../util/errors';

/*
 * Regular-expression matching, and the worker thread that runs it for the backend
 * (electron/services/search.ts starts it). A pattern with nested repetition, such as (a+)+$
 * against a long run of a's, backtracks for hours, and a running match cannot be interrupted:
 * in the backend's own thread it would hang every window. In a worker it is simply stopped
 * (Worker.terminate) when it runs over the time limit.
 *
 * This file is kept free of the database and of npm packages so that the worker starts fast.
 */

/** Calls `found(start, end)` for each match, left to right, never overlapping one another. */
export type Matcher = (
  text: string,
  found: (start: number, end: number) => void,
  lowered?: () => string | null,
) => void;

/** The pattern of a regular-expression query; an unreadable one is a clear UserError. */
export function compileRegex(query: string, ignoreCase: boolean): RegExp {
  try {
    // u: a character above U+FFFF is one character to `.` and classes; m: ^ and $ at line ends.
    return new RegExp(query, `gmu${ignoreCase ? 'i' : ''}`);
  } catch (error) {
    const detail =
      error instanceof Error ? error.message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '') : '';
    throw new UserError(
      'invalid-arguments',
      `The regular expression "${query}" cannot be read (${detail}). Check its brackets and backslashes, or turn off "Regular expression" to search for the text as typed.`,
    );
  }
}

/** Every match of a global pattern, skipping empty ones. */
export function regexMatcher(pattern: RegExp): Matcher {
  return (text, found) => {
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      if (match[0].length === 0) {
        // An empty match (`a*`, `^`) marks nothing to show or code: step over it, by a whole
        // character. With the u flag exec moves a lastIndex inside a surrogate pair back to the
        // pair's start, so stepping one unit there matched the same empty string for ever.
        pattern.lastIndex = match.index + ((text.codePointAt(match.index) ?? 0) > 0xffff ? 2 : 1);
        continue;
      }
      found(match.index, match.index + match[0].length);
    }
  };
}

/** One job for the worker: a pattern and the texts to match it in. */
export type RegexRequest = Readonly<{ id: number; query: string; ignoreCase: boolean; texts: readonly string[] }>;

/** The matches per text as flat [start, end, start, end …] arrays (transferred, not copied), or why not. */
export type RegexReply =
  | Readonly<{ id: number; ok: true; ranges: Uint32Array[] }>
  | Readonly<{ id: number; ok: false; error: { code: string | null; message: string } }>;

/** Marks the worker search.ts starts, so that importing this file elsewhere (a test pool's thread) runs nothing. */
export const SEARCH_WORKER_MARK = 'marginalia-search-worker';

if (parentPort && workerData === SEARCH_WORKER_MARK) {
  const port = parentPort;
  port.on('message', (request: RegexRequest) => {
    let reply: RegexReply;
    try {
      const matcher = regexMatcher(compileRegex(request.query, request.ignoreCase));
      const ranges = request.texts.map((text) => {
        const found: number[] = [];
        matcher(text, (start, end) => found.push(start, end));
        return Uint32Array.from(found);
      });
      reply = { id: request.id, ok: true, ranges };
      port.postMessage(
        reply,
        ranges.map((list) => list.buffer as ArrayBuffer),
      );
      return;
    } catch (error) {
      reply = {
        id: request.id,
        ok: false,
        error: {
          code: error instanceof UserError ? error.code : null,
          message: error instanceof Error ? error.message : String(error),
        },
      };
    }
    port.postMessage(reply);
  });
  // Tells search.ts the worker started: one that dies before this is a broken install, and
  // matching falls back to the backend's thread (with the time limit checked between sources).
  port.postMessage({ ready: true });
}
