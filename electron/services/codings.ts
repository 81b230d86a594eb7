import type { CodeId, CodingId, SourceId } from '../../shared/domain/ids';
import type { Code, Coding } from '../../shared/domain/types';
import { paletteColor } from '../../shared/domain/palette';
import { UserError } from '../util/errors';
import { getCode } from './codes';
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

function sourceText(session: ProjectSession, sourceId: string, texts: Map<string, string>): string {
  let text = texts.get(sourceId);
  if (text === undefined) {
    const row = session.db.prepare('SELECT text FROM sources WHERE id = ?').get(sourceId) as
      { text: string } | undefined;
    if (!row) throw new UserError('not-found', 'That source is no longer in the project.');
    text = row.text;
    texts.set(sourceId, text);
  }
  return text;
}

/** Refuses a range that is empty, reversed, outside the text, or cuts a character in half. */
function checkRange(text: string, start: number, end: number): void {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end <= start) {
    throw new UserError('invalid-arguments', `A coding needs a start before its end (got ${start}–${end}).`);
  }
  if (end > text.length) {
    throw new UserError(
      'invalid-arguments',
      `The range ${start}–${end} is outside the source's text, which has ${text.length} characters.`,
    );
  }
  // A range may not cut a character above U+FFFF (a surrogate pair) in half.
  if (isLowSurrogate(text, start) || (end < text.length && isLowSurrogate(text, end))) {
    throw new UserError('invalid-arguments', 'The range starts or ends in the middle of a character.');
  }
}

/** Checks a range against the source and the code; returns the row to insert. */
function validate(session: ProjectSession, input: NewCoding, texts: Map<string, string>): Record<string, unknown> {
  const text = sourceText(session, input.sourceId, texts);
  if (!session.db.prepare('SELECT 1 FROM codes WHERE id = ?').get(input.codeId)) {
    throw new UserError('not-found', 'That code is no longer in the codebook.');
  }
  checkRange(text, input.start, input.end);
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
export function createCodings(
  session: ProjectSession,
  inputs: readonly NewCoding[],
  description = 'Code passages',
): number {
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

/**
 * Moves a coding's ends (one undoable action). The range is checked against the source's
 * text like a new coding's; the coding keeps its code, coder and memo. An unchanged range
 * writes nothing, so it leaves no empty step in the undo history.
 */
export function updateCodingRange(session: ProjectSession, codingId: CodingId, start: number, end: number): Coding {
  const coding = getCoding(session, codingId);
  checkRange(sourceText(session, coding.sourceId, new Map()), start, end);
  if (coding.start === start && coding.end === end) return coding;
  act(session, 'Adjust coding', (action) => action.update('codings', [codingId], { start, end }));
  return getCoding(session, codingId);
}

export type InVivoInput = Readonly<{
  sourceId: SourceId;
  start: number;
  end: number;
  parentId: CodeId | null;
  name: string;
}>;

/**
 * In-vivo coding as one undoable action: a code named with the selected words (under
 * `parentId`, else at the top) and the passage coded with it. A code of that name already
 * there is reused rather than duplicated (sibling names are unique), so coding the same words
 * twice gathers both passages under one code; undo then removes only the coding.
 */
export function createInVivoCoding(
  session: ProjectSession,
  input: InVivoInput,
): { code: Code; coding: Coding; created: boolean } {
  const name = input.name.trim();
  if (name.length === 0) throw new UserError('invalid-arguments', 'An in-vivo code needs words to be named with.');
  if (input.parentId !== null && !session.db.prepare('SELECT 1 FROM codes WHERE id = ?').get(input.parentId)) {
    throw new UserError('not-found', 'The parent code is no longer in the codebook.');
  }
  checkRange(sourceText(session, input.sourceId, new Map()), input.start, input.end);
  const existing = session.db
    .prepare("SELECT id FROM codes WHERE coalesce(parent_id, '') = ? AND name = ?")
    .get(input.parentId ?? '', name) as { id: CodeId } | undefined;
  const codeId = existing?.id ?? newId<CodeId>();
  const codingId = newId<CodingId>();
  act(session, `Code in vivo ${name}`, (action) => {
    if (!existing) {
      const count = (session.db.prepare('SELECT count(*) AS n FROM codes').get() as { n: number }).n;
      const position = (
        session.db
          .prepare("SELECT coalesce(max(position), -1) + 1 AS p FROM codes WHERE coalesce(parent_id, '') = ?")
          .get(input.parentId ?? '') as { p: number }
      ).p;
      action.insert('codes', {
        id: codeId,
        parent_id: input.parentId,
        name,
        color: paletteColor(count),
        description: '',
        position,
        created_at: nowIso(),
      });
    }
    action.insert('codings', {
      id: codingId,
      source_id: input.sourceId,
      code_id: codeId,
      start: input.start,
      end: input.end,
      coder_id: session.coder.id,
      created_at: nowIso(),
      memo: '',
    });
  });
  return { code: getCode(session, codeId), coding: getCoding(session, codingId), created: !existing };
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
