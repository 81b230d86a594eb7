import type { CodeId, CodingId, SourceId } from '../../shared/domain/ids';
import type { Coding } from '../../shared/domain/types';
import { UserError } from '../util/errors';
import { act, newId, nowIso, type ProjectSession } from './session';

export type NewCoding = Readonly<{ sourceId: SourceId; codeId: CodeId; start: number; end: number; memo?: string }>;

const CODING_SQL = `
  SELECT c.id, c.source_id AS sourceId, c.code_id AS codeId, c.start, c.end, c.coder_id AS coderId,
         d.name AS coderName, c.created_at AS createdAt, c.memo
  FROM codings c JOIN coders d ON d.id = c.coder_id`;

export function getCoding(session: ProjectSession, codingId: CodingId): Coding {
  const row = session.db.prepare(`${CODING_SQL} WHERE c.id = ?`).get(codingId) as Coding | undefined;
  if (!row) throw new UserError('not-found', 'That coding is no longer in the project.');
  return { ...row };
}

function isLowSurrogate(text: string, index: number): boolean {
  const unit = text.charCodeAt(index);
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** Checks a range against the source and the code; returns the row to insert. */
function validate(session: ProjectSession, input: NewCoding, lengths: Map<string, string>): Record<string, unknown> {
  let text = lengths.get(input.sourceId);
  if (text === undefined) {
    const row = session.db.prepare('SELECT text FROM sources WHERE id = ?').get(input.sourceId) as { text: string } | undefined;
    if (!row) throw new UserError('not-found', 'That source is no longer in the project.');
    text = row.text;
    lengths.set(input.sourceId, text);
  }
  if (!session.db.prepare('SELECT 1 FROM codes WHERE id = ?').get(input.codeId)) {
    throw new UserError('not-found', 'That code is no longer in the codebook.');
  }
  if (!Number.isInteger(input.start) || !Number.isInteger(input.end) || input.start < 0 || input.end <= input.start) {
    throw new UserError('invalid-arguments', `A coding needs a start before its end (got ${input.start}–${input.end}).`);
  }
  if (input.end > text.length) {
    throw new UserError(
      'invalid-arguments',
      `The range ${input.start}–${input.end} is outside the source's text, which has ${text.length} characters.`,
    );
  }
  // A range may not cut a character above U+FFFF (a surrogate pair) in half.
  if (isLowSurrogate(text, input.start) || (input.end < text.length && isLowSurrogate(text, input.end))) {
    throw new UserError('invalid-arguments', 'The range starts or ends in the middle of a character.');
  }
  return {
    id: newId<CodingId>(),
    source_id: input.sourceId,
    code_id: input.codeId,
    start: input.start,
    end: input.end,
    coder_id: session.coder.id,
    created_at: nowIso(),
    memo: input.memo ?? '',
  };
}

/** Codes one passage, attributed to the session's current coder (one undoable action). */
export function createCoding(session: ProjectSession, input: NewCoding): Coding {
  const row = validate(session, input, new Map());
  act(session, 'Code passage', (action) => action.insert('codings', row));
  return getCoding(session, row.id as CodingId);
}

/** Codes many passages as one undoable action (autocoding, sample data, benchmarks). */
export function createCodings(session: ProjectSession, inputs: readonly NewCoding[], description = 'Code passages'): number {
  const texts = new Map<string, string>();
  const rows = inputs.map((input) => validate(session, input, texts));
  act(session, description, (action) => rows.forEach((row) => action.insert('codings', row)));
  return rows.length;
}

/** Removes a coding (one undoable action). */
export function deleteCoding(session: ProjectSession, codingId: CodingId): void {
  getCoding(session, codingId);
  act(session, 'Remove coding', (action) => action.remove('codings', [codingId]));
}

/** Finds the n-th (1-based) occurrence of `passage` in `text`; a clear error if there is none. */
export function locatePassage(text: string, passage: string, nth = 1): { start: number; end: number } {
  if (passage.length === 0) throw new UserError('invalid-arguments', 'The passage to code is empty.');
  let from = 0;
  let found = -1;
  let seen = 0;
  while (seen < nth) {
    found = text.indexOf(passage, from);
    if (found < 0) break;
    seen += 1;
    from = found + 1;
  }
  if (found < 0) {
    const shown = passage.length > 60 ? `${passage.slice(0, 57)}…` : passage;
    throw new UserError(
      'not-found',
      seen === 0
        ? `The passage "${shown}" does not occur in that source.`
        : `The passage "${shown}" occurs only ${seen} time${seen === 1 ? '' : 's'} in that source, not ${nth}.`,
    );
  }
  return { start: found, end: found + passage.length };
}
