import type { CodeId, SourceId } from '../../../shared/domain/ids';
import type { StructureSpan } from '../../../shared/domain/types';
import type {
  AutocodeOutcome,
  AutocodePreview,
  AutocodeSample,
  AutocodeScope,
} from '../../../shared/ipc/channels/search';
import { createCodings, type NewCoding } from '../codings';
import { getCode } from '../codes';
import { matchSources, snippetOf } from '../search';
import { widenMatches, type Passage } from '../searchScope';
import { UserError } from '../../util/errors';
import type { ProjectSession } from '../session';

export type AutocodeInput = Readonly<{
  codeId: CodeId;
  /** The text to find, or a regular expression when `regex` is set. */
  term: string;
  /** Only these sources; all sources when absent. */
  sourceIds?: readonly SourceId[];
  regex?: boolean;
  /**
   * Latin letters match whatever their case, as in the search view. Off by default: the CLI
   * and `codings:autocode` find the term exactly as typed (Chinese has no case).
   */
  ignoreCase?: boolean;
  /** What is coded around each match: the match itself (default), its sentence or its paragraph. */
  scope?: AutocodeScope;
}>;

export type AutocodeResult = Readonly<{ codings: number; sources: number }>;

/** More than this many passages in one step is refused: it is almost surely a mistaken query. */
export const AUTOCODE_LIMIT = 100_000;
const SAMPLE_SIZE = 5;
const SAMPLE_LENGTH = 160;
/** Characters of context around a sample passage shorter than this. */
const SAMPLE_CONTEXT = 24;

/** Start offsets of every occurrence of `term` in `text`, left to right, never overlapping each other. */
export function occurrences(text: string, term: string): number[] {
  const found: number[] = [];
  if (term.length === 0) return found;
  for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + term.length)) found.push(at);
  return found;
}

type Plan = {
  codePath: string;
  matches: number;
  alreadyCoded: number;
  passages: (NewCoding & { sourceName: string; text: string })[];
};

/** Ranges already coded with the code, per source, to leave out passages they cover. */
function codedRanges(session: ProjectSession, codeId: CodeId): Map<string, Passage[]> {
  const rows = session.db
    .prepare('SELECT source_id AS sourceId, start, end FROM codings WHERE code_id = ? ORDER BY source_id, start')
    .all(codeId) as { sourceId: string; start: number; end: number }[];
  const bySource = new Map<string, Passage[]>();
  for (const row of rows) {
    const list = bySource.get(row.sourceId) ?? [];
    list.push({ start: row.start, end: row.end });
    bySource.set(row.sourceId, list);
  }
  return bySource;
}

function isCovered(coded: readonly Passage[] | undefined, passage: Passage): boolean {
  return coded?.some((range) => range.start <= passage.start && range.end >= passage.end) ?? false;
}

/** Finds what autocoding would code: matches widened to the scope, less what the code already covers. */
function planAutocode(session: ProjectSession, input: AutocodeInput): Plan {
  if (input.term.length === 0)
    throw new UserError('invalid-arguments', 'Autocoding needs a word or phrase to look for.');
  const code = getCode(session, input.codeId);
  if (input.sourceIds) {
    const known = session.db.prepare('SELECT 1 FROM sources WHERE id = ?');
    for (const sourceId of input.sourceIds) {
      if (!known.get(sourceId)) throw new UserError('not-found', 'A source to autocode is no longer in the project.');
    }
  }
  const scope = input.scope ?? 'match';
  const coded = codedRanges(session, code.id);
  const structureOf = session.db.prepare('SELECT structure FROM sources WHERE id = ?');
  const plan: Plan = { codePath: code.path, matches: 0, alreadyCoded: 0, passages: [] };
  const found = matchSources(session, {
    query: input.term,
    regex: input.regex,
    ignoreCase: input.ignoreCase ?? false,
    sourceIds: input.sourceIds,
  });
  for (const source of found) {
    plan.matches += source.ranges.length;
    const structure =
      scope === 'paragraph'
        ? (JSON.parse((structureOf.get(source.sourceId) as { structure: string }).structure) as StructureSpan[])
        : [];
    for (const passage of widenMatches(source.text, structure, source.ranges, scope)) {
      if (isCovered(coded.get(source.sourceId), passage)) {
        plan.alreadyCoded += 1;
        continue;
      }
      plan.passages.push({
        sourceId: source.sourceId,
        codeId: code.id,
        start: passage.start,
        end: passage.end,
        sourceName: source.name,
        text: source.text,
      });
      if (plan.passages.length > AUTOCODE_LIMIT) {
        throw new UserError(
          'invalid-arguments',
          `This would code more than ${AUTOCODE_LIMIT.toLocaleString('en')} passages in one step. Narrow the search (a longer phrase, or some sources only) and try again.`,
        );
      }
    }
  }
  return plan;
}

function sourcesOf(plan: Plan): number {
  return new Set(plan.passages.map((passage) => passage.sourceId)).size;
}

function sampleOf(passage: Plan['passages'][number]): AutocodeSample {
  const text = passage.text.slice(passage.start, passage.end);
  // The context of a short passage is what tells the researcher whether the hits are right.
  const context = text.length < SAMPLE_CONTEXT ? snippetOf(passage.text, passage.start, passage.end) : null;
  return {
    sourceId: passage.sourceId,
    sourceName: passage.sourceName,
    start: passage.start,
    end: passage.end,
    before: context ? context.before.slice(-SAMPLE_CONTEXT) : '',
    text: text.length > SAMPLE_LENGTH ? `${[...text.slice(0, SAMPLE_LENGTH)].slice(0, -1).join('')}…` : text,
    after: context ? context.after.slice(0, SAMPLE_CONTEXT) : '',
  };
}

/** What autocoding would do (counts and a few passages), without writing anything. */
export function previewAutocode(session: ProjectSession, input: AutocodeInput): AutocodePreview {
  const plan = planAutocode(session, input);
  // The sample is spread over the sources: the first passage of each of the first sources.
  const sample: AutocodeSample[] = [];
  const seen = new Set<string>();
  for (const passage of plan.passages) {
    if (sample.length >= SAMPLE_SIZE) break;
    if (seen.has(passage.sourceId)) continue;
    seen.add(passage.sourceId);
    sample.push(sampleOf(passage));
  }
  for (const passage of plan.passages) {
    if (sample.length >= SAMPLE_SIZE) break;
    if (!sample.some((entry) => entry.sourceId === passage.sourceId && entry.start === passage.start))
      sample.push(sampleOf(passage));
  }
  return {
    codePath: plan.codePath,
    scope: input.scope ?? 'match',
    matches: plan.matches,
    passages: plan.passages.length,
    sources: sourcesOf(plan),
    alreadyCoded: plan.alreadyCoded,
    sample,
  };
}

function describe(input: AutocodeInput, codePath: string): string {
  const scope = input.scope === 'sentence' ? ' (sentences)' : input.scope === 'paragraph' ? ' (paragraphs)' : '';
  return `Autocode ${input.regex ? `/${input.term}/` : `"${input.term}"`} as ${codePath}${scope}`;
}

/**
 * Codes every match (widened to the scope) with a code, attributed to the session's coder, as
 * one undoable action (one undo removes them all). Passages a coding of the same code already
 * covers are left out, so running it twice codes nothing new.
 */
export function autocodeAll(session: ProjectSession, input: AutocodeInput): AutocodeOutcome {
  const plan = planAutocode(session, input);
  const description = describe(input, plan.codePath);
  if (plan.passages.length > 0) {
    createCodings(
      session,
      plan.passages.map(({ sourceId, codeId, start, end }) => ({ sourceId, codeId, start, end })),
      description,
    );
  }
  return { codings: plan.passages.length, sources: sourcesOf(plan), alreadyCoded: plan.alreadyCoded, description };
}

/**
 * Codes every occurrence of a term with a code, exactly as typed (the CLI and `codings:autocode`).
 * Occurrences do not overlap one another ("aaa" holds "aa" once), so the coded characters are
 * the occurrences × the term's length.
 */
export function autocode(session: ProjectSession, input: AutocodeInput): AutocodeResult {
  const outcome = autocodeAll(session, input);
  return { codings: outcome.codings, sources: outcome.sources };
}
