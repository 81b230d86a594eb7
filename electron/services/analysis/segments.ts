import type { z } from 'zod';
import type { CodeId, CodingId, SourceId } from '../../../shared/domain/ids';
import type { StructureSpan } from '../../../shared/domain/types';
import { descendantsOf, orderCodebook } from '../../../shared/domain/codebook';
import { joinCodePath } from '../../../shared/domain/codePath';
import { utf16ToCodePoint } from '../../../shared/domain/ranges';
import { segmentsAbout, type SegmentRow, type SegmentsReport } from '../../../shared/format/segments';
import { segmentsQuerySchema } from '../../../shared/format/query';
import { UserError } from '../../util/errors';
import { attributeValuesBySource, listAttributes } from '../attributes';
import type { ProjectSession } from '../session';
import { aboutEntries } from './about';
import { codeNodes, parseQuery, resolveScope } from './scope';

/** The label of the innermost span of `kind` holding `offset`, or null. */
function labelAt(structure: readonly StructureSpan[], kind: StructureSpan['kind'], offset: number): string | null {
  let best: StructureSpan | null = null;
  for (const span of structure) {
    if (span.kind !== kind || span.start > offset || offset >= span.end) continue;
    if (best === null || span.end - span.start < best.end - best.start) best = span;
  }
  return best?.label ?? null;
}

type CodingRow = [CodingId, SourceId, CodeId, number, number, string, string, string];

/**
 * Coded segments, long and tidy: one row per coding with its source, every attribute, the
 * code (id, full path, top-level code), coder, offsets, the page / turn / § it starts in
 * (from the source's structure, where known), the passage and the memo.
 */
export function codedSegments(session: ProjectSession, input: z.input<typeof segmentsQuerySchema>): SegmentsReport {
  const query = parseQuery(segmentsQuerySchema, input);
  const { db } = session;
  const scope = resolveScope(session, query);
  const codes = codeNodes(db);
  const ordered = orderCodebook(codes);
  const entryOf = new Map(ordered.map((entry) => [entry.code.id, entry]));
  let wanted: Set<CodeId> | null = null;
  let codePath: string | null = null;
  if (query.codeId) {
    const entry = entryOf.get(query.codeId as CodeId);
    if (!entry) throw new UserError('not-found', 'The code this query names is no longer in the codebook; edit or save the query again.');
    wanted = descendantsOf(codes, entry.code.id);
    codePath = entry.path;
  }
  const coderFilter = scope.coder ? 'WHERE c.coder_id = ?' : '';
  const rows = db
    .prepare(
      `SELECT c.id, c.source_id, c.code_id, c.start, c.end, d.name, c.memo, c.created_at
       FROM codings c JOIN coders d ON d.id = c.coder_id ${coderFilter}`,
    )
    .raw()
    .all(...(scope.coder ? [scope.coder.id] : [])) as CodingRow[];
  const position = new Map(scope.sources.map((source, index) => [source.id, index]));
  const kept = rows.filter(([, sourceId, codeId]) => position.has(sourceId) && (wanted === null || wanted.has(codeId)));
  const codeOrder = new Map(ordered.map((entry, index) => [entry.code.id, index]));
  // Source order, then text order, then codebook order: the order a reader meets them.
  kept.sort(
    (a, b) =>
      (position.get(a[1]) as number) - (position.get(b[1]) as number) ||
      a[3] - b[3] ||
      a[4] - b[4] ||
      (codeOrder.get(a[2]) ?? 0) - (codeOrder.get(b[2]) ?? 0),
  );

  const textOf = db.prepare('SELECT text, structure FROM sources WHERE id = ?');
  const values = attributeValuesBySource(db);
  const attributes = listAttributes(db).map((attribute) => attribute.name);
  const sourceName = new Map(scope.sources.map((source) => [source.id, source.name]));
  const segments: SegmentRow[] = [];
  const sourceCache = new Map<SourceId, { text: string; structure: StructureSpan[] }>();
  for (const [id, sourceId, codeId, start, end, coder, memo, createdAt] of kept) {
    let current = sourceCache.get(sourceId);
    if (!current) {
      // Rows are sorted by source, so only one source's text is held at a time.
      sourceCache.clear();
      const source = textOf.get(sourceId) as { text: string; structure: string };
      current = { text: source.text, structure: JSON.parse(source.structure) as StructureSpan[] };
      sourceCache.set(sourceId, current);
    }
    const entry = entryOf.get(codeId);
    const text = current.text.slice(start, end);
    const startCodePoint = utf16ToCodePoint(current.text, start);
    segments.push({
      codingId: id,
      sourceId,
      source: sourceName.get(sourceId) as string,
      attributes: values.get(sourceId) ?? {},
      codeId,
      codePath: entry?.path ?? '',
      topLevelCode: entry ? joinCodePath([entryOf.get(entry.lineage[entry.lineage.length - 1])?.code.name ?? entry.code.name]) : '',
      coder,
      start,
      end,
      startCodePoint,
      endCodePoint: startCodePoint + [...text].length,
      page: labelAt(current.structure, 'page', start),
      turn: labelAt(current.structure, 'turn', start),
      section: labelAt(current.structure, 'article', start),
      text,
      memo,
      createdAt,
    });
  }
  const report: Omit<SegmentsReport, 'about'> = {
    query,
    code: codePath,
    coder: scope.coder?.name ?? null,
    where: scope.where,
    attributes,
    sourceCount: scope.sources.length,
    segments,
  };
  return { ...report, about: aboutEntries(session, segmentsAbout(report), query) };
}
