import type { CodeId, SourceId } from '../../shared/domain/ids';
import type { FrequencyTable, FrequencyUnit } from '../../shared/domain/types';
import { computeFrequencies, type FrequencyCell } from '../../shared/stats/frequencies';
import { UserError } from '../util/errors';
import { findAttribute, listAttributes } from './attributes';
import { findCoder, type ProjectSession } from './session';

export type FrequencyQuery = Readonly<{ by: string; unit: FrequencyUnit; coder?: string | null }>;

/**
 * Code frequencies by an attribute (DESIGN.md §6), for the UI, the CLI and every export.
 * SQL does the heavy lifting (grouping 200,000 codings to code × source cells); the pure
 * function in shared/ rolls the cells up the codebook and into columns.
 */
export function frequencies(session: ProjectSession, query: FrequencyQuery): FrequencyTable {
  const { db } = session;
  const attribute = findAttribute(db, query.by);
  if (!attribute) {
    const names = listAttributes(db).map((candidate) => candidate.name);
    throw new UserError(
      'not-found',
      names.length > 0
        ? `There is no attribute "${query.by}"; the project has ${names.join(', ')}.`
        : `There is no attribute "${query.by}"; no source has attributes yet.`,
    );
  }
  let coderId: string | null = null;
  if (query.coder) {
    const coder = findCoder(db, query.coder);
    if (!coder) throw new UserError('not-found', `There is no coder "${query.coder}" in this project.`);
    coderId = coder.id;
  }

  const sources = (
    db
      .prepare(
        `SELECT s.id, s.text_length AS length, v.value
         FROM sources s LEFT JOIN attribute_values v ON v.source_id = s.id AND v.attribute_id = ?`,
      )
      .all(attribute.id) as { id: SourceId; length: number; value: string | null }[]
  ).map((source) => ({ ...source }));
  const codes = (
    db.prepare('SELECT id, parent_id AS parentId, name, position FROM codes').all() as {
      id: CodeId;
      parentId: CodeId | null;
      name: string;
      position: number;
    }[]
  ).map((code) => ({ ...code }));

  const coderFilter = coderId === null ? '' : 'WHERE coder_id = ?';
  const parameters = coderId === null ? [] : [coderId];
  let cells: FrequencyCell[];
  if (query.unit === 'characters') {
    // One row per code × source with its ranges packed as "start,end,start,end…": moving
    // 200,000 codings into JavaScript as separate rows costs several times more.
    const rows = db
      .prepare(
        `SELECT code_id, source_id, count(*), group_concat(start || ',' || end) FROM codings ${coderFilter} GROUP BY code_id, source_id`,
      )
      .raw()
      .all(...parameters) as [CodeId, SourceId, number, string][];
    cells = rows.map(([codeId, sourceId, segments, packed]) => ({
      codeId,
      sourceId,
      segments,
      ranges: packed.split(',').map(Number),
    }));
  } else {
    cells = (
      db
        .prepare(`SELECT code_id, source_id, count(*) FROM codings ${coderFilter} GROUP BY code_id, source_id`)
        .raw()
        .all(...parameters) as [CodeId, SourceId, number][]
    ).map(([codeId, sourceId, segments]) => ({ codeId, sourceId, segments }));
  }

  return computeFrequencies({
    by: attribute.name,
    unit: query.unit,
    coder: query.coder ? (findCoder(db, query.coder)?.name ?? query.coder) : null,
    codes,
    sources,
    cells,
  });
}
