import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createCodeAtPath } from '../../electron/services/codes';
import { createCoding, locatePassage } from '../../electron/services/codings';
import { setCurrentCoder } from '../../electron/services/project';
import { act, newId, nowIso, type ProjectSession } from '../../electron/services/session';
import { hashText } from '../../electron/services/sources';
import type { Db } from '../../electron/store/database';
import type { CodeId, SourceId } from '../../shared/domain/ids';

/*
 * Project fixtures for the exchange, merge and agreement tests. Sources are written as one
 * logged action, the way an import writes them, but without the import pipeline (file
 * parsing in worker threads), which these tests are not about.
 */

/** Adds a plain-text source through the change log and returns its id. */
export function addSource(session: ProjectSession, name: string, text: string): SourceId {
  const id = newId<SourceId>();
  const position = (session.db.prepare('SELECT coalesce(max(position), -1) + 1 AS p FROM sources').get() as { p: number }).p;
  // One paragraph per line, as the text importer finds them.
  const structure: { kind: 'paragraph'; start: number; end: number; label: null; level: null }[] = [];
  let start = 0;
  for (const line of text.split('\n')) {
    if (line.trim() !== '') structure.push({ kind: 'paragraph', start, end: start + line.length, label: null, level: null });
    start += line.length + 1;
  }
  act(session, `Import ${name}`, (action) =>
    action.insert('sources', {
      id,
      name,
      kind: 'other',
      text,
      text_length: text.length,
      text_hash: hashText(text),
      original_name: `${name}.txt`,
      original_type: 'text/plain',
      original_bytes: Buffer.from(text, 'utf8'),
      structure: JSON.stringify(structure),
      imported_at: nowIso(),
      position,
    }),
  );
  return id;
}

/** Codes [start, end) of a source as `coder` (made the current coder). */
export function codeRange(
  session: ProjectSession,
  coder: string,
  sourceId: SourceId,
  codeId: CodeId,
  start: number,
  end: number,
): void {
  setCurrentCoder(session, coder);
  createCoding(session, { sourceId, codeId, start, end });
}

/** Codes the first occurrence of `passage` as `coder`. */
export function codePassage(
  session: ProjectSession,
  coder: string,
  sourceId: SourceId,
  codeId: CodeId,
  text: string,
  passage: string,
  memo?: string,
): void {
  setCurrentCoder(session, coder);
  createCoding(session, { sourceId, codeId, ...locatePassage(text, passage), memo });
}

/** Ten letters repeated to `length` characters. */
export function letters(length: number): string {
  return Array.from({ length }, (_x, index) => 'abcdefghij'[index % 10]).join('');
}

/**
 * The two-coder character fixture of the agreement tests (service and CLI):
 *   S1, 100 characters. Code C1: Ana [10,40) and [30,40) (overlapping: counted once) and [60,70);
 *       Ben [20,50).
 *   S2, 50 characters. Code C2: Ana [0,10), Ben [0,10).
 *   S3, 30 characters, coded by Ana only (C1 [0,5)): not every coder coded it, so it is left out.
 */
export function codeTwoCoderFixture(session: ProjectSession): void {
  const s1 = addSource(session, 'S1', letters(100));
  const s2 = addSource(session, 'S2', letters(50));
  const s3 = addSource(session, 'S3', letters(30));
  const c1 = createCodeAtPath(session, 'C1').id;
  const c2 = createCodeAtPath(session, 'C2').id;
  codeRange(session, 'Ana', s1, c1, 10, 40);
  codeRange(session, 'Ana', s1, c1, 30, 40);
  codeRange(session, 'Ana', s1, c1, 60, 70);
  codeRange(session, 'Ben', s1, c1, 20, 50);
  codeRange(session, 'Ana', s2, c2, 0, 10);
  codeRange(session, 'Ben', s2, c2, 0, 10);
  codeRange(session, 'Ana', s3, c1, 0, 5);
}

/** Every row a project holds for the researcher (not the change log), for before/after comparisons. */
export function projectSnapshot(db: Db): Record<string, unknown[]> {
  const rows = (sql: string): unknown[] => db.prepare(sql).all();
  return {
    coders: rows('SELECT id, name FROM coders ORDER BY id'),
    codes: rows('SELECT id, parent_id, name, color, description, position FROM codes ORDER BY id'),
    sources: rows('SELECT id, name, kind, text, text_hash, structure, position FROM sources ORDER BY id'),
    attributes: rows('SELECT id, name, type, position FROM attributes ORDER BY id'),
    values: rows('SELECT source_id, attribute_id, value FROM attribute_values ORDER BY source_id, attribute_id'),
    codings: rows('SELECT id, source_id, code_id, start, "end", coder_id, created_at, memo FROM codings ORDER BY id'),
    memos: rows('SELECT id, target_type, target_id, title, body, author_id FROM memos ORDER BY id'),
  };
}

/** SHA-256 of a file's bytes and the names beside it, to prove a file was not touched. */
export function fileFingerprint(path: string): { sha256: string; folder: string[] } {
  return {
    sha256: createHash('sha256').update(readFileSync(path)).digest('hex'),
    folder: readdirSync(dirname(path)).sort(),
  };
}
