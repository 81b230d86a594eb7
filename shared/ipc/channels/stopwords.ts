import { z } from 'zod';

/** The languages word frequency keeps a stop-word list for (the scripts do not meet). */
export const STOPWORD_LANGUAGES = ['en', 'zh'] as const;
export type StopwordLanguage = (typeof STOPWORD_LANGUAGES)[number];

/** A language's stop words and whether they are the built-in list or the project's own. */
export type StopwordList = Readonly<{
  language: StopwordLanguage;
  words: readonly string[];
  source: 'default' | 'project';
}>;

/** Bounds of a list sent from the window: far above any real list, low enough to refuse a pasted book. */
export const STOPWORD_LIMITS = { words: 20_000, length: 200 } as const;

const language = z.enum(STOPWORD_LANGUAGES);

/**
 * Channels of the stop-word lists word frequency leaves out (issue 5). The lists belong to the
 * project (kept in its file), as `marginalia wordfreq <project> stopwords` has them. Merged into
 * `channelArgs` and `ChannelResults` by ../contract.ts; handlers in electron/backend/handlers/stopwords.ts.
 */
export const stopwordsArgs = {
  /** The list word frequency uses now: the project's own, or the built-in one. */
  'stopwords:get': z.object({ language }).strict(),
  /** Replaces the project's list (words are normalised, duplicates dropped); null goes back to the built-in list. */
  'stopwords:set': z
    .object({
      language,
      words: z.array(z.string().max(STOPWORD_LIMITS.length)).max(STOPWORD_LIMITS.words).nullable(),
    })
    .strict(),
} as const;

export type StopwordsResults = {
  'stopwords:get': StopwordList;
  'stopwords:set': StopwordList;
};
