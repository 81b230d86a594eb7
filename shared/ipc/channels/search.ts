import { z } from 'zod';
import type { SourceId } from '../../domain/ids';
import { id } from './common';

/** How far "code all results" reaches around each match. */
export const AUTOCODE_SCOPES = ['match', 'sentence', 'paragraph'] as const;
export type AutocodeScope = (typeof AUTOCODE_SCOPES)[number];

/**
 * How long one regular-expression search (or autocoding preview) may run, in milliseconds.
 * A pattern with nested repetition ((a+)+$ against a long run of a's) can backtrack for hours;
 * the backend runs patterns in a worker thread and stops it after this long.
 */
export const REGEX_TIME_LIMIT_MS = 5_000;

/** The answer to a pattern stopped after REGEX_TIME_LIMIT_MS (the view shows its own translation). */
export const REGEX_TOO_SLOW_MESSAGE = `This regular expression took too long (over ${REGEX_TIME_LIMIT_MS / 1000} seconds) and was stopped. Simplify it, e.g. avoid nested repetition such as (a+)+.`;

const query = z.string().min(1).max(500);
const sourceIds = z.array(id).max(100_000).optional();

/** What the search view asks for: the text (or pattern) and, optionally, some sources only. */
const searchQuery = {
  query,
  /** The query is a JavaScript regular expression (case-insensitive, `^`/`$` at line ends). */
  regex: z.boolean().optional(),
  sourceIds,
};

const autocodeRequest = z.object({ ...searchQuery, codeId: id, scope: z.enum(AUTOCODE_SCOPES) }).strict();

/**
 * Channels of the search area (issue 4). Merged into `channelArgs` and `ChannelResults`
 * by ../contract.ts; their handlers live in electron/backend/handlers/search.ts.
 */
export const searchArgs = {
  /**
   * Gets search ready for a short slice of work (reads the texts into memory, then builds the
   * index) and says how far it is; the view calls it until `done`, showing progress, so a
   * large first indexing never blocks the backend for long. Searching does not wait for it:
   * sources not indexed yet are scanned.
   */
  'search:prepare': z.object({}).strict(),
  /** Searches every source (or the given ones); hits beyond the caps are counted, not sent. */
  'search:run': z
    .object({
      ...searchQuery,
      /** At most this many hits with snippets in the answer (all are counted). */
      limit: z.number().int().min(1).max(5000).optional(),
    })
    .strict(),
  /** What "code all results" would do, before anything is written. */
  'search:previewAutocode': autocodeRequest,
  /** Codes every result (widened to the scope) as one undoable action. */
  'search:autocode': autocodeRequest,
} as const;

/** How far search preparation is (`done`: texts in memory and index complete); characters are UTF-16 units. */
export type SearchIndexState = Readonly<{
  done: boolean;
  indexedSources: number;
  totalSources: number;
  indexedCharacters: number;
  totalCharacters: number;
}>;

/** One hit: its range in the source's text (UTF-16 units) and a snippet around it. */
export type SearchHit = Readonly<{
  start: number;
  end: number;
  /** Text before the match on the same line, starting with … when it was cut. */
  before: string;
  match: string;
  /** Text after the match on the same line, ending with … when it was cut. */
  after: string;
}>;

export type SearchSourceHits = Readonly<{
  sourceId: SourceId;
  name: string;
  /** Every hit in the source, also those not sent. */
  hitCount: number;
  /** The first hits, in text order, with snippets (capped). */
  hits: readonly SearchHit[];
}>;

export type SearchResult = Readonly<{
  query: string;
  regex: boolean;
  /** How it was found: the trigram index (3+ characters), a scan of the texts, or a regular expression. */
  method: 'index' | 'scan' | 'regex';
  hitCount: number;
  sourceCount: number;
  /** Hits counted but sent without a snippet (over the caps): the view shows "N more". */
  moreHits: number;
  /** Sources with at least one hit, in the project's order. */
  sources: readonly SearchSourceHits[];
}>;

/** A passage autocoding would code, shown as a sample in the preview with a little context on its line. */
export type AutocodeSample = Readonly<{
  sourceId: SourceId;
  sourceName: string;
  start: number;
  end: number;
  before: string;
  /** The passage (cut with … when long). */
  text: string;
  after: string;
}>;

export type AutocodePreview = Readonly<{
  codePath: string;
  scope: AutocodeScope;
  /** Matches found before widening and merging. */
  matches: number;
  /** Passages that would be coded (matches widened to the scope, overlaps merged, already coded left out). */
  passages: number;
  /** Sources that would get at least one coding. */
  sources: number;
  /** Passages left out because a coding of the same code already covers them. */
  alreadyCoded: number;
  sample: readonly AutocodeSample[];
}>;

export type AutocodeOutcome = Readonly<{
  codings: number;
  sources: number;
  alreadyCoded: number;
  /** The undo step's name, as the history shows it. */
  description: string;
}>;

export type SearchResults = {
  'search:prepare': SearchIndexState;
  'search:run': SearchResult;
  'search:previewAutocode': AutocodePreview;
  'search:autocode': AutocodeOutcome;
};
