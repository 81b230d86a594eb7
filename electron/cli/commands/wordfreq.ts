import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { wordfreqDocument } from '../../../shared/format/wordfreq';
import type { WordfreqQuery } from '../../../shared/format/query';
import { parseStopwords } from '../../../shared/stats/wordfreq';
import { getStopwords, resetStopwords, setStopwords, STOPWORD_LANGUAGES } from '../../services/analysis/stopwords';
import { wordFrequency } from '../../services/analysis/wordfreq';
import { findCodeByPath } from '../../services/codes';
import type { ProjectSession } from '../../services/session';
import { UserError } from '../../util/errors';
import { parse, requireProject, str, usage, withProject, type Command, type Io, type Values } from '../args';
import { boundedInteger, choice, emit, outputFormat, saveIfAsked, SCOPE_HELP, SCOPE_OPTIONS, whereOption } from './analysisOptions';

const HELP = `Usage: marginalia wordfreq <project> [--by <attribute>] [--bin <bins>] [--code <path>] [--top <n>]
                [--min-length <n>] [--where <attr><op><value>]... [--coder <name>]
                [--format csv|json|md|xlsx] [--out <file>] [--bom] [--save <name>]
       marginalia wordfreq <project> stopwords [--lang en|zh] [--set <file> | --reset]

Word frequency per value of an attribute (or over all sources). Chinese is segmented into
words paragraph by paragraph (Intl.Segmenter), English is lower-cased, stop words are left
out, and words shorter than --min-length characters (default 2) are dropped; --top keeps the
n most frequent (default 50). --code reads only the passages coded with that code or a
descendant (each character once), by --coder if given.

"stopwords" prints the project's stop words for a language, or replaces them with the words
of a file (one per line, # for comments), or goes back to the built-in list.
${SCOPE_HELP}`;

export const WORDFREQ_OPTIONS = {
  ...SCOPE_OPTIONS,
  by: { type: 'string' },
  bin: { type: 'string' },
  code: { type: 'string' },
  top: { type: 'string' },
  'min-length': { type: 'string' },
  lang: { type: 'string' },
  set: { type: 'string' },
  reset: { type: 'boolean' },
} as const;

/** The word-frequency query the options describe (shared with `marginalia chart wordfreq`). */
export function wordfreqQueryOf(session: ProjectSession, values: Values, help: string): WordfreqQuery {
  if (str(values, 'bin') !== undefined && str(values, 'by') === undefined) usage('--bin needs --by.', help);
  const code = str(values, 'code');
  return {
    kind: 'wordfreq',
    by: str(values, 'by') ?? null,
    bin: str(values, 'bin') ?? null,
    codeId: code === undefined ? null : findCodeByPath(session, code).id,
    top: boundedInteger(values, 'top', 50, 1, 10_000, help),
    minLength: boundedInteger(values, 'min-length', 2, 1, 50, help),
    where: whereOption(values, help),
    coder: str(values, 'coder') ?? null,
  };
}

async function commandStopwords(path: string, values: Values, io: Io): Promise<number> {
  const language = choice(values, 'lang', STOPWORD_LANGUAGES, 'zh', HELP);
  const file = str(values, 'set');
  if (file !== undefined && values.reset === true) usage('Give --set <file> or --reset, not both.', HELP);
  let words: string[] | null = null;
  if (file !== undefined) {
    try {
      words = parseStopwords(readFileSync(resolve(file), 'utf8'));
    } catch {
      throw new UserError('not-found', `Cannot read the stop-word file ${file}.`);
    }
  }
  const list = await withProject(path, (session) =>
    words !== null ? setStopwords(session, language, words) : values.reset === true ? resetStopwords(session, language) : getStopwords(session, language),
  );
  if (file !== undefined || values.reset === true) {
    io.err(`The project now uses ${list.source === 'default' ? 'the built-in' : 'its own'} ${language} stop words (${list.words.length}).\n`);
  } else {
    io.out(`# ${language} stop words (${list.source === 'default' ? 'built-in list' : "the project's list"}, ${list.words.length})\n${list.words.join('\n')}\n`);
  }
  return 0;
}

async function commandWordfreq(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(HELP, argv, WORDFREQ_OPTIONS);
  const path = requireProject('wordfreq', HELP, positionals);
  if (positionals[1] === 'stopwords') {
    if (positionals.length > 2) usage(`Unexpected argument "${positionals[2]}".`, HELP);
    return commandStopwords(path, values, io);
  }
  if (positionals.length > 1) usage(`Unknown wordfreq action "${positionals[1]}".`, HELP);
  for (const key of ['lang', 'set', 'reset']) if (values[key] !== undefined) usage(`--${key} belongs to "wordfreq <project> stopwords".`, HELP);
  const format = outputFormat(values, ['csv', 'json', 'md', 'xlsx'] as const, 'csv', HELP);
  boundedInteger(values, 'top', 50, 1, 10_000, HELP);
  boundedInteger(values, 'min-length', 2, 1, 50, HELP);
  whereOption(values, HELP);
  await withProject(path, async (session) => {
    const query = wordfreqQueryOf(session, values, HELP);
    const report = wordFrequency(session, query);
    saveIfAsked(session, values, query, io);
    await emit(io, wordfreqDocument(report), format, values);
  });
  return 0;
}

/** `marginalia wordfreq` */
export const wordfreqCommand: Command = {
  name: 'wordfreq',
  summary: 'word frequency per attribute value (Chinese segmented), with stop words',
  help: HELP,
  run: commandWordfreq,
};
