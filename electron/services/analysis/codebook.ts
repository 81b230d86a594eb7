import type { z } from 'zod';
import type { CodeId, SourceId } from '../../../shared/domain/ids';
import type { StructureSpan } from '../../../shared/domain/types';
import { computeCrosstab } from '../../../shared/stats/crosstab';
import { codebookAbout, type CodebookEntry, type CodebookExample, type CodebookReport } from '../../../shared/format/codebook';
import { codebookQuerySchema } from '../../../shared/format/query';
import { listCodes } from '../codes';
import { getMeta, type ProjectSession } from '../session';
import { aboutEntries } from './about';
import { codeNodes, codeSourceCells, parseQuery, resolveScope } from './scope';

/** Longest example quoted, in characters (code points); longer passages end in "…". */
const EXAMPLE_LENGTH = 280;

function shorten(text: string): string {
  const characters = [...text.replace(/\s+/g, ' ').trim()];
  return characters.length <= EXAMPLE_LENGTH ? characters.join('') : `${characters.slice(0, EXAMPLE_LENGTH - 1).join('')}…`;
}

/** Where a passage starts, as a researcher cites it: the article (§), else the turn, else the page. */
function placeOf(structure: readonly StructureSpan[], offset: number): string | null {
  for (const kind of ['article', 'turn', 'page'] as const) {
    const span = structure.find((candidate) => candidate.kind === kind && candidate.start <= offset && offset < candidate.end);
    if (span?.label) return kind === 'page' ? `p. ${span.label}` : kind === 'turn' ? `turn: ${span.label}` : span.label;
  }
  return null;
}

/**
 * The codebook with counts (own codings, codings with descendants, documents) and examples
 * drawn from coded passages — spread over as many sources as possible, in source order.
 */
export function codebookWithCounts(session: ProjectSession, input: z.input<typeof codebookQuerySchema> = { kind: 'codebook' }): CodebookReport {
  const query = parseQuery(codebookQuerySchema, input);
  const { db } = session;
  const scope = resolveScope(session, query);
  const codes = listCodes(session);
  const nodes = codeNodes(db);
  const cells = codeSourceCells(db, { coderId: scope.coder?.id ?? null, ranges: false });
  const columns = [{ key: 'all', values: ['all'] }];
  const sources = scope.sources.map((source) => ({ id: source.id, column: 'all', length: 0 }));
  const figures = (unit: 'segments' | 'documents', rollup: boolean): Map<CodeId, number> =>
    new Map(
      computeCrosstab({ codes: nodes, rows: null, rollup, unit, columns, sources, cells }).rows.map((row) => [row.codeId, row.total]),
    );
  const own = figures('segments', false);
  const segments = figures('segments', true);
  const documents = figures('documents', true);

  // Examples: each code's own codings in source order, taking one per source in turn.
  const examples = new Map<CodeId, CodebookExample[]>();
  if (query.examples > 0) {
    const position = new Map(scope.sources.map((source, index) => [source.id, index]));
    const filter = scope.coder ? 'WHERE coder_id = ?' : '';
    const rows = (
      db
        .prepare(`SELECT code_id, source_id, start, end FROM codings ${filter}`)
        .raw()
        .all(...(scope.coder ? [scope.coder.id] : [])) as [CodeId, SourceId, number, number][]
    ).filter(([, sourceId]) => position.has(sourceId));
    rows.sort((a, b) => (position.get(a[1]) as number) - (position.get(b[1]) as number) || a[2] - b[2]);
    const byCode = new Map<CodeId, [CodeId, SourceId, number, number][]>();
    for (const row of rows) {
      const list = byCode.get(row[0]) ?? [];
      list.push(row);
      byCode.set(row[0], list);
    }
    const sourceOf = db.prepare('SELECT text, structure FROM sources WHERE id = ?');
    const cache = new Map<SourceId, { text: string; structure: StructureSpan[] }>();
    const nameOf = new Map(scope.sources.map((source) => [source.id, source.name]));
    for (const [codeId, list] of byCode) {
      const chosen: [CodeId, SourceId, number, number][] = [];
      const used = new Set<number>();
      // Round after round, the first unused coding of each source not yet quoted in this round.
      while (chosen.length < query.examples && used.size < list.length) {
        const quoted = new Set<SourceId>();
        list.forEach((row, index) => {
          if (chosen.length >= query.examples || used.has(index) || quoted.has(row[1])) return;
          quoted.add(row[1]);
          used.add(index);
          chosen.push(row);
        });
      }
      examples.set(
        codeId,
        chosen.map(([, sourceId, start, end]) => {
          let source = cache.get(sourceId);
          if (!source) {
            const row = sourceOf.get(sourceId) as { text: string; structure: string };
            source = { text: row.text, structure: JSON.parse(row.structure) as StructureSpan[] };
            cache.set(sourceId, source);
          }
          return { source: nameOf.get(sourceId) as string, text: shorten(source.text.slice(start, end)), place: placeOf(source.structure, start) };
        }),
      );
    }
  }

  const entries: CodebookEntry[] = codes.map((code) => ({
    id: code.id,
    path: code.path,
    name: code.name,
    depth: code.depth,
    color: code.color,
    description: code.description,
    ownSegments: own.get(code.id) ?? 0,
    segments: segments.get(code.id) ?? 0,
    documents: documents.get(code.id) ?? 0,
    examples: examples.get(code.id) ?? [],
  }));
  const report: Omit<CodebookReport, 'about'> = {
    query,
    project: getMeta(db, 'name') ?? '',
    coder: scope.coder?.name ?? null,
    where: scope.where,
    sourceCount: scope.sources.length,
    codes: entries,
  };
  return { ...report, about: aboutEntries(session, codebookAbout(report), query) };
}
