import { createHash } from 'node:crypto';
import { basename, extname } from 'node:path';
import type { SourceId } from '../../shared/domain/ids';
import type {
  Coding,
  FailedFile,
  ImportedFile,
  ImportReport,
  SkippedFile,
  SourceDetail,
  SourceKind,
  SourceSummary,
  StructureSpan,
} from '../../shared/domain/types';
import { parseDocument } from '../importers/index';
import { UserError } from '../util/errors';
import { attributeValuesBySource, setAttributeValue } from './attributes';
import { act, newId, nowIso, type ProjectSession } from './session';

export type ImportFile = Readonly<{ name: string; data: Uint8Array }>;
export type ImportOptions = Readonly<{
  kind?: SourceKind;
  attributes?: Readonly<Record<string, string>>;
  /** Import a file even when a source with the same text exists. */
  allowDuplicates?: boolean;
}>;
export type ImportProgress = (progress: { done: number; total: number; file: string }) => void;

/** SHA-256 of a source's text (UTF-8), its identity across copies of a project. */
export function hashText(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

type SourceRow = {
  id: SourceId;
  name: string;
  kind: SourceKind;
  text_length: number;
  text_hash: string;
  imported_at: string;
  coding_count: number;
};

const SUMMARY_SQL = `
  SELECT s.id, s.name, s.kind, s.text_length, s.text_hash, s.imported_at,
         (SELECT count(*) FROM codings c WHERE c.source_id = s.id) AS coding_count
  FROM sources s`;

function toSummary(row: SourceRow, attributes: Record<string, string> | undefined): SourceSummary {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    length: row.text_length,
    textHash: row.text_hash,
    importedAt: row.imported_at,
    attributes: attributes ?? {},
    codingCount: row.coding_count,
  };
}

/** Every source in import order, with its attributes and coding count. */
export function listSources(session: ProjectSession): SourceSummary[] {
  const rows = session.db.prepare(`${SUMMARY_SQL} ORDER BY s.position, s.name`).all() as SourceRow[];
  const attributes = attributeValuesBySource(session.db);
  return rows.map((row) => toSummary(row, attributes.get(row.id)));
}

export function getSourceSummary(session: ProjectSession, sourceId: SourceId): SourceSummary {
  const row = session.db.prepare(`${SUMMARY_SQL} WHERE s.id = ?`).get(sourceId) as SourceRow | undefined;
  if (!row) throw new UserError('not-found', 'That source is no longer in the project.');
  return toSummary(row, attributeValuesBySource(session.db).get(row.id));
}

/** Finds a source by its exact name (case-sensitive first, then case-insensitive). */
export function findSourceByName(session: ProjectSession, name: string): SourceSummary {
  const exact = session.db.prepare('SELECT id FROM sources WHERE name = ?').get(name) as { id: SourceId } | undefined;
  const row =
    exact ??
    (session.db.prepare('SELECT id FROM sources WHERE name = ? COLLATE NOCASE').all(name) as { id: SourceId }[]).at(0);
  if (!row) {
    const names = (session.db.prepare('SELECT name FROM sources ORDER BY position LIMIT 6').all() as { name: string }[]).map(
      (source) => source.name,
    );
    const hint = names.length > 0 ? ` Sources include: ${names.join(', ')}.` : ' The project has no sources yet.';
    throw new UserError('not-found', `There is no source named "${name}".${hint}`);
  }
  return getSourceSummary(session, row.id);
}

/** Codings of one source, in text order, with their coder's name. */
export function listCodingsOfSource(session: ProjectSession, sourceId: SourceId): Coding[] {
  return (
    session.db
      .prepare(
        `SELECT c.id, c.source_id AS sourceId, c.code_id AS codeId, c.start, c.end, c.coder_id AS coderId,
                d.name AS coderName, c.created_at AS createdAt, c.memo
         FROM codings c JOIN coders d ON d.id = c.coder_id
         WHERE c.source_id = ? ORDER BY c.start, c.end`,
      )
      .all(sourceId) as Coding[]
  ).map((coding) => ({ ...coding }));
}

/** A source with its text, structure and codings: everything the document view needs. */
export function getSource(session: ProjectSession, sourceId: SourceId): SourceDetail {
  const summary = getSourceSummary(session, sourceId);
  const row = session.db.prepare('SELECT text, structure FROM sources WHERE id = ?').get(sourceId) as {
    text: string;
    structure: string;
  };
  return {
    ...summary,
    text: row.text,
    structure: JSON.parse(row.structure) as StructureSpan[],
    codings: listCodingsOfSource(session, sourceId),
  };
}

/** Reads a source's text alone. */
export function getSourceText(session: ProjectSession, sourceId: SourceId): string {
  const row = session.db.prepare('SELECT text FROM sources WHERE id = ?').get(sourceId) as { text: string } | undefined;
  if (!row) throw new UserError('not-found', 'That source is no longer in the project.');
  return row.text;
}

function uniqueName(session: ProjectSession, wanted: string, taken: Set<string>): string {
  const exists = (name: string): boolean =>
    taken.has(name) || session.db.prepare('SELECT 1 FROM sources WHERE name = ?').get(name) !== undefined;
  if (!exists(wanted)) return wanted;
  for (let index = 2; ; index += 1) {
    const candidate = `${wanted} (${index})`;
    if (!exists(candidate)) return candidate;
  }
}

/**
 * Imports files as sources in one transaction: a failure in one file is reported and the
 * others still come in; a crash mid-batch leaves the project as it was before the batch.
 * A file whose text is already in the project (same SHA-256) is skipped unless asked.
 */
export async function importFiles(
  session: ProjectSession,
  files: readonly ImportFile[],
  options: ImportOptions = {},
  onProgress?: ImportProgress,
): Promise<ImportReport> {
  const imported: ImportedFile[] = [];
  const skipped: SkippedFile[] = [];
  const failed: FailedFile[] = [];
  const parsed: {
    file: ImportFile;
    name: string;
    text: string;
    hash: string;
    structure: readonly StructureSpan[];
    mime: string;
    kind: SourceKind;
    notes: readonly string[];
  }[] = [];
  const hashes = new Set<string>();
  const names = new Set<string>();

  for (const [index, file] of files.entries()) {
    onProgress?.({ done: index, total: files.length, file: file.name });
    try {
      const document = await parseDocument(file.name, file.data);
      const hash = hashText(document.text);
      const existing = session.db.prepare('SELECT name FROM sources WHERE text_hash = ?').get(hash) as
        | { name: string }
        | undefined;
      if (!options.allowDuplicates && (existing || hashes.has(hash))) {
        skipped.push({
          file: file.name,
          reason: `Its text is already in the project${existing ? ` as "${existing.name}"` : ' (twice in this batch)'}; import it as a copy if you want both.`,
        });
        continue;
      }
      hashes.add(hash);
      const name = uniqueName(session, basename(file.name, extname(file.name)), names);
      names.add(name);
      parsed.push({
        file,
        name,
        text: document.text,
        hash,
        structure: document.structure,
        mime: document.mimeType,
        kind: options.kind ?? document.suggestedKind ?? 'other',
        notes: document.notes,
      });
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      failed.push({ file: file.name, reason: error.message });
    }
  }

  if (parsed.length > 0) {
    act(session, parsed.length === 1 ? `Import ${parsed[0].name}` : `Import ${parsed.length} sources`, (action) => {
      let position = (session.db.prepare('SELECT coalesce(max(position), -1) + 1 AS p FROM sources').get() as { p: number }).p;
      const importedAt = nowIso();
      for (const item of parsed) {
        const id = newId<SourceId>();
        action.insert('sources', {
          id,
          name: item.name,
          kind: item.kind,
          text: item.text,
          text_length: item.text.length,
          text_hash: item.hash,
          original_name: basename(item.file.name),
          original_type: item.mime,
          original_bytes: Buffer.from(item.file.data),
          structure: JSON.stringify(item.structure),
          imported_at: importedAt,
          position,
        });
        position += 1;
        for (const [key, value] of Object.entries(options.attributes ?? {})) {
          setAttributeValue(session.db, action, id, key, value);
        }
        imported.push({ file: item.file.name, sourceId: id, name: item.name, length: item.text.length, notes: item.notes });
      }
    });
  }
  onProgress?.({ done: files.length, total: files.length, file: '' });
  return { imported, skipped, failed };
}

export function renameSource(session: ProjectSession, sourceId: SourceId, name: string): SourceSummary {
  const trimmed = name.trim();
  if (trimmed.length === 0) throw new UserError('invalid-arguments', 'A source needs a name.');
  const clash = session.db.prepare('SELECT id FROM sources WHERE name = ? AND id <> ?').get(trimmed, sourceId);
  if (clash) throw new UserError('conflict', `Another source is already called "${trimmed}".`);
  getSourceSummary(session, sourceId);
  act(session, `Rename source to ${trimmed}`, (action) => action.update('sources', [sourceId], { name: trimmed }));
  return getSourceSummary(session, sourceId);
}

/** Deletes a source with its codings and attribute values, as one undoable action. */
export function deleteSource(session: ProjectSession, sourceId: SourceId): void {
  const summary = getSourceSummary(session, sourceId);
  act(session, `Delete source ${summary.name}`, (action) => {
    const codings = session.db.prepare('SELECT id FROM codings WHERE source_id = ?').all(sourceId) as { id: string }[];
    for (const coding of codings) action.remove('codings', [coding.id]);
    const values = session.db.prepare('SELECT attribute_id FROM attribute_values WHERE source_id = ?').all(sourceId) as {
      attribute_id: string;
    }[];
    for (const value of values) action.remove('attribute_values', [sourceId, value.attribute_id]);
    action.remove('sources', [sourceId]);
  });
}

/** Sets or clears one attribute value of a source (one undoable action). */
export function setSourceAttribute(session: ProjectSession, sourceId: SourceId, name: string, value: string | null): SourceSummary {
  getSourceSummary(session, sourceId);
  act(session, value ? `Set ${name} = ${value}` : `Clear ${name}`, (action) =>
    setAttributeValue(session.db, action, sourceId, name, value),
  );
  return getSourceSummary(session, sourceId);
}
