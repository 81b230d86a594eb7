import type { CodeId, SourceId } from '../../../shared/domain/ids';
import { createCodings, type NewCoding } from '../codings';
import { getCode } from '../codes';
import { UserError } from '../../util/errors';
import type { ProjectSession } from '../session';

export type AutocodeInput = Readonly<{
  codeId: CodeId;
  /** The exact text to find (case-sensitive; Chinese has no case). */
  term: string;
  /** Only these sources; all sources when absent. */
  sourceIds?: readonly SourceId[];
}>;

export type AutocodeResult = Readonly<{ codings: number; sources: number }>;

/** Start offsets of every occurrence of `term` in `text`, left to right, never overlapping each other. */
export function occurrences(text: string, term: string): number[] {
  const found: number[] = [];
  if (term.length === 0) return found;
  for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + term.length)) found.push(at);
  return found;
}

/**
 * Codes every occurrence of a term with a code, attributed to the session's coder, as one
 * undoable action (one undo removes them all). Occurrences do not overlap one another
 * ("aaa" holds "aa" once), so the coded characters are the occurrences × the term's length.
 */
export function autocode(session: ProjectSession, input: AutocodeInput): AutocodeResult {
  if (input.term.length === 0) throw new UserError('invalid-arguments', 'Autocoding needs a word or phrase to look for.');
  const code = getCode(session, input.codeId);
  const rows = (
    input.sourceIds
      ? input.sourceIds.map((id) => session.db.prepare('SELECT id, text FROM sources WHERE id = ?').get(id))
      : session.db.prepare('SELECT id, text FROM sources ORDER BY position').all()
  ) as ({ id: SourceId; text: string } | undefined)[];
  const codings: NewCoding[] = [];
  let sources = 0;
  for (const row of rows) {
    if (!row) throw new UserError('not-found', 'A source to autocode is no longer in the project.');
    const starts = occurrences(row.text, input.term);
    if (starts.length > 0) sources += 1;
    for (const start of starts) codings.push({ sourceId: row.id, codeId: code.id, start, end: start + input.term.length });
  }
  if (codings.length > 0) createCodings(session, codings, `Autocode "${input.term}" as ${code.path}`);
  return { codings: codings.length, sources };
}
