import type { z } from 'zod';
import type { CodeId } from '../../../shared/domain/ids';
import { orderCodebook } from '../../../shared/domain/codebook';
import { computeMatrix } from '../../../shared/stats/matrix';
import { matrixAbout, type MatrixReport } from '../../../shared/format/matrix';
import { matrixQuerySchema } from '../../../shared/format/query';
import { attributeValuesBySource, listAttributes } from '../attributes';
import type { ProjectSession } from '../session';
import { aboutEntries } from './about';
import { characterInfo, checkCodeIds, codeNodes, codeSourceCells, parseQuery, resolveScope } from './scope';

/**
 * The code × document matrix: one row per source in scope (project order) with every
 * attribute, one column per code holding codings, characters or 0/1 presence.
 */
export function codeDocumentMatrix(session: ProjectSession, input: z.input<typeof matrixQuerySchema>): MatrixReport {
  const query = parseQuery(matrixQuerySchema, input);
  const { db } = session;
  checkCodeIds(db, query.codeIds);
  const scope = resolveScope(session, query);
  const codes = codeNodes(db);
  const characters = query.value === 'characters';
  const info = characters ? characterInfo(db) : null;
  const result = computeMatrix({
    codes,
    rows: query.codeIds as CodeId[] | null,
    rollup: query.rollup,
    value: query.value,
    sources: scope.sources.map((source) => ({
      id: source.id,
      length: info?.get(source.id)?.length ?? 0,
      astral: info?.get(source.id)?.astral,
    })),
    cells: codeSourceCells(db, { coderId: scope.coder?.id ?? null, ranges: characters }),
  });
  const attributes = listAttributes(db).map((attribute) => attribute.name);
  const values = attributeValuesBySource(db);
  let codePaths: string[] | null = null;
  if (query.codeIds) {
    const pathOf = new Map(orderCodebook(codes).map((entry) => [entry.code.id as string, entry.path]));
    // In codebook order, as the rows are.
    const wanted = new Set<string>(query.codeIds);
    codePaths = [...pathOf].filter(([id]) => wanted.has(id)).map(([, path]) => path);
  }
  const report: Omit<MatrixReport, 'about'> = {
    query,
    coder: scope.coder?.name ?? null,
    codes: codePaths,
    where: scope.where,
    attributes,
    sources: scope.sources.map((source) => ({ id: source.id, name: source.name, kind: source.kind, attributes: values.get(source.id) ?? {} })),
    result,
  };
  return { ...report, about: aboutEntries(session, matrixAbout(report), query) };
}
