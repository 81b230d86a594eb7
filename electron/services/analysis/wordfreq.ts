import type { z } from 'zod';
import type { CodeId, SourceId } from '../../../shared/domain/ids';
import { descendantsOf, orderCodebook } from '../../../shared/domain/codebook';
import { unionRanges, type Range } from '../../../shared/domain/ranges';
import { countWords, rankWords, wordSegmenter } from '../../../shared/stats/wordfreq';
import { wordfreqAbout, type WordfreqReport } from '../../../shared/format/wordfreq';
import { wordfreqQuerySchema } from '../../../shared/format/query';
import { UserError } from '../../util/errors';
import type { ProjectSession } from '../session';
import { aboutEntries } from './about';
import { codeNodes, parseQuery, planColumns, resolveScope } from './scope';
import { getStopwords } from './stopwords';

/**
 * Word frequency per value of an attribute (or over all sources in scope): Chinese segmented
 * per paragraph, English lower-cased, the project's stop words left out, words shorter than
 * the minimum dropped; optionally only the text inside passages coded with a code (or its
 * descendants), each character read once however many codings cover it.
 */
export function wordFrequency(session: ProjectSession, input: z.input<typeof wordfreqQuerySchema>): WordfreqReport {
  const query = parseQuery(wordfreqQuerySchema, input);
  const { db } = session;
  const scope = resolveScope(session, query);
  let columns = ['all'];
  let columnOf = new Map<SourceId, string>(scope.sources.map((source) => [source.id, 'all']));
  let by: string | null = null;
  let bins: readonly string[] = [];
  if (query.by) {
    const plan = planColumns(db, scope, { by: query.by, bin: query.bin });
    by = plan.by.name;
    bins = plan.bins;
    columnOf = new Map(plan.columnOf);
    const used = new Set(columnOf.values());
    columns = plan.columns.map((column) => column.key).filter((key) => used.has(key));
  }

  // With a code: the union of its (and its descendants') ranges per source, by the coder asked for.
  let passages: Map<SourceId, Range[]> | null = null;
  let codePath: string | null = null;
  if (query.codeId) {
    const codes = codeNodes(db);
    const entry = orderCodebook(codes).find((candidate) => candidate.code.id === query.codeId);
    if (!entry) throw new UserError('not-found', 'The code this query names is no longer in the codebook; edit or save the query again.');
    codePath = entry.path;
    const wanted = descendantsOf(codes, entry.code.id);
    const filter = scope.coder ? 'WHERE coder_id = ?' : '';
    const rows = db
      .prepare(`SELECT code_id, source_id, start, end FROM codings ${filter}`)
      .raw()
      .all(...(scope.coder ? [scope.coder.id] : [])) as [CodeId, SourceId, number, number][];
    const ranges = new Map<SourceId, Range[]>();
    for (const [codeId, sourceId, start, end] of rows) {
      if (!wanted.has(codeId) || !scope.sourceIds.has(sourceId)) continue;
      const list = ranges.get(sourceId) ?? [];
      list.push([start, end]);
      ranges.set(sourceId, list);
    }
    passages = new Map([...ranges].map(([sourceId, list]) => [sourceId, unionRanges(list)]));
  }

  const english = getStopwords(session, 'en');
  const chinese = getStopwords(session, 'zh');
  const options = { minLength: query.minLength, stopwords: new Set([...english.words, ...chinese.words]) };
  const segmenter = wordSegmenter();
  const counts = columns.map(() => new Map<string, number>());
  const words = columns.map(() => 0);
  const columnIndex = new Map(columns.map((column, index) => [column, index]));
  const textOf = db.prepare('SELECT text FROM sources WHERE id = ?').pluck();
  for (const source of scope.sources) {
    const column = columnIndex.get(columnOf.get(source.id) as string);
    if (column === undefined) continue;
    if (passages && !passages.has(source.id)) continue;
    const text = textOf.get(source.id) as string;
    const pieces = passages ? (passages.get(source.id) as Range[]).map(([start, end]) => text.slice(start, end)) : [text];
    for (const piece of pieces) words[column] += countWords(piece, options, counts[column], segmenter);
  }

  const report: Omit<WordfreqReport, 'about'> = {
    query,
    by,
    code: codePath,
    coder: scope.coder?.name ?? null,
    where: scope.where,
    bins,
    sourceCount: scope.sources.length,
    stopwords: { en: english, zh: chinese },
    result: rankWords(columns, counts, words, query.top),
  };
  return { ...report, about: aboutEntries(session, wordfreqAbout(report), query) };
}
