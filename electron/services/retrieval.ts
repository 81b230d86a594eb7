import type { z } from 'zod';
import type { CodeId, SourceId } from '../../shared/domain/ids';
import type { StructureSpan } from '../../shared/domain/types';
import { descendantsOf, orderCodebook } from '../../shared/domain/codebook';
import {
  retrievalArgs,
  type PassageLocation,
  type RetrievalReport,
  type RetrievedPassage,
} from '../../shared/ipc/channels/retrieval';
import { endsSentence, isSpace, pastEnd } from '../../shared/domain/sentences';
import { UserError } from '../util/errors';
import { attributeValuesBySource, listAttributes } from './attributes';
import { codeNodes, parseQuery, resolveScope } from './analysis/scope';
import type { ProjectSession } from './session';

export type RetrievalQuery = z.input<(typeof retrievalArgs)['retrieval:get']>;

/** Characters of context kept at most on each side, however long its sentences are. */
const CONTEXT_LIMIT = 600;

/**
 * Offsets in [from, to) where a sentence ends (after its end marks and closing quotes) and the
 * next one starts (after the space). A line break ends a sentence too. A full stop counts only
 * before a space or a line's end, so "3.5" and "www.gov.cn" do not split a sentence
 * (shared/domain/sentences.ts: the rules of the document view's "extend to sentence").
 */
function sentenceBounds(text: string, from: number, to: number): { ends: number[]; starts: number[] } {
  const ends: number[] = [];
  const starts: number[] = [];
  let index = from;
  while (index < to) {
    const char = text[index];
    let end = -1;
    if (char === '\n') {
      end = index;
    } else if (endsSentence(text, index, text.length)) {
      end = pastEnd(text, index, text.length);
    }
    if (end < 0) {
      index += 1;
      continue;
    }
    let start = end;
    while (start < text.length && isSpace(text[start])) start += 1;
    ends.push(end);
    starts.push(start);
    index = Math.max(start, index + 1);
  }
  return { ends, starts };
}

/**
 * Up to `sentences` whole sentences before and after [start, end), plus the rest of the
 * sentences the passage starts and ends in; at most CONTEXT_LIMIT characters a side, cut
 * with "…". Sentences may come from the neighbouring paragraph (the previous speaker's turn).
 */
export function contextAround(
  text: string,
  start: number,
  end: number,
  sentences: number,
): { before: string; after: string } {
  const windowStart = Math.max(0, start - CONTEXT_LIMIT);
  const windowEnd = Math.min(text.length, end + CONTEXT_LIMIT);

  // Before: sentence starts up to the passage's start (the text's start counts as one).
  const starts = [...(windowStart === 0 ? [0] : []), ...sentenceBounds(text, windowStart, start).starts].filter(
    (offset) => offset <= start,
  );
  const startsSentence = starts.length > 0 && starts[starts.length - 1] === start;
  const startsBefore = startsSentence ? starts.slice(0, -1) : starts;
  // Mid-sentence, the head of the passage's own sentence comes as well as the whole ones.
  const wantedBefore = startsSentence ? sentences : sentences + 1;
  let before = '';
  if (wantedBefore > 0) {
    const index = startsBefore.length - wantedBefore;
    if (index >= 0) before = text.slice(startsBefore[index], start);
    else if (windowStart === 0) before = text.slice(0, start);
    else before = `…${text.slice(windowStart, start)}`;
  }

  // After: sentence ends from the passage's end on.
  const ends = sentenceBounds(text, Math.max(0, end - 1), windowEnd).ends.filter((offset) => offset >= end);
  const endsSentence = (ends.length > 0 && ends[0] === end) || end === text.length;
  const endsAfter = ends.length > 0 && ends[0] === end ? ends.slice(1) : ends;
  const wantedAfter = endsSentence ? sentences : sentences + 1;
  let after = '';
  if (wantedAfter > 0) {
    if (endsAfter.length >= wantedAfter) after = text.slice(end, endsAfter[wantedAfter - 1]);
    else after = text.slice(end, windowEnd) + (windowEnd < text.length ? '…' : '');
  }
  return { before: trimContext(before, 'start'), after: trimContext(after, 'end') };
}

function trimContext(context: string, side: 'start' | 'end'): string {
  // Paragraph breaks stay (one each), so the view can show where a speaker's turn ends.
  const flat = context.replace(/[^\S\n]*\n\s*/g, '\n');
  return side === 'start' ? flat.trimStart() : flat.trimEnd();
}

/** Where a passage sits: the innermost page, article, turn and paragraph around its start. */
export function locate(structure: readonly StructureSpan[], offset: number): PassageLocation {
  const innermost = (kind: StructureSpan['kind']): { span: StructureSpan; number: number } | null => {
    let best: { span: StructureSpan; number: number } | null = null;
    let number = 0;
    for (const span of structure) {
      if (span.kind !== kind) continue;
      number += 1;
      if (span.start > offset || offset >= span.end) continue;
      if (best === null || span.end - span.start < best.span.end - best.span.start) best = { span, number };
    }
    return best;
  };
  const page = innermost('page');
  const article = innermost('article');
  const turn = innermost('turn');
  const paragraph = innermost('paragraph');
  return {
    page: page?.span.label ?? null,
    article: article?.span.label ?? null,
    turn: turn ? { number: turn.number, speaker: turn.span.label } : null,
    paragraph: paragraph?.number ?? null,
  };
}

/** A source's structure column as spans in text order (an unreadable one as none). */
export function parseStructure(json: string): StructureSpan[] {
  try {
    const parsed = JSON.parse(json) as unknown;
    if (!Array.isArray(parsed)) return [];
    // Spans in text order, so that "paragraph 5" counts the way a reader counts.
    return (parsed as StructureSpan[]).slice().sort((a, b) => a.start - b.start || b.end - a.end);
  } catch {
    return [];
  }
}

type PassageRow = [string, SourceId, CodeId, number, number, string, string];

/**
 * Every passage coded with a code (its descendants too, unless `includeDescendants` is false),
 * in the sources the attribute filters (=, ≠, <, ≤, >, ≥) keep and by one coder or all, in reading order (source
 * order, then position), each with context, its source's attributes and where to cite it.
 */
export function retrievePassages(session: ProjectSession, input: RetrievalQuery): RetrievalReport {
  const query = parseQuery(retrievalArgs['retrieval:get'], input);
  const { db } = session;
  const codes = codeNodes(db);
  const ordered = orderCodebook(codes);
  const entryOf = new Map(ordered.map((entry) => [entry.code.id, entry]));
  const chosen = entryOf.get(query.codeId as CodeId);
  if (!chosen) throw new UserError('not-found', 'That code is no longer in the codebook.');
  const wanted = query.includeDescendants ? descendantsOf(codes, chosen.code.id) : new Set([chosen.code.id]);
  // The analyses' own filters: the same comparisons (numbers by value, dates in calendar
  // order) and the same refusal of a value that does not fit its attribute.
  const scope = resolveScope(session, { where: query.where, coder: query.coder });
  const colorOf = new Map(db.prepare('SELECT id, color FROM codes').raw().all() as [CodeId, string][]);
  const coderFilter = scope.coder ? 'AND c.coder_id = ?' : '';
  // The code ids go in as one bound JSON array: never SQL built from data.
  const rows = db
    .prepare(
      `SELECT c.id, c.source_id, c.code_id, c.start, c.end, d.name, c.memo
       FROM codings c JOIN coders d ON d.id = c.coder_id
       WHERE c.code_id IN (SELECT value FROM json_each(?)) ${coderFilter}`,
    )
    .raw()
    .all(JSON.stringify([...wanted]), ...(scope.coder ? [scope.coder.id] : [])) as PassageRow[];
  const position = new Map(scope.sources.map((source, index) => [source.id, index]));
  const codeOrder = new Map(ordered.map((entry, index) => [entry.code.id, index]));
  const kept = rows.filter(([, sourceId]) => position.has(sourceId));
  kept.sort(
    (a, b) =>
      (position.get(a[1]) as number) - (position.get(b[1]) as number) ||
      a[3] - b[3] ||
      a[4] - b[4] ||
      (codeOrder.get(a[2]) ?? 0) - (codeOrder.get(b[2]) ?? 0),
  );

  const sourceRow = db.prepare('SELECT text, structure FROM sources WHERE id = ?');
  const values = attributeValuesBySource(db);
  const sourceName = new Map(scope.sources.map((source) => [source.id, source.name]));
  const passages: RetrievedPassage[] = [];
  // Rows are sorted by source, so one source's text is held at a time.
  const cache = new Map<SourceId, { text: string; structure: StructureSpan[] }>();
  for (const [codingId, sourceId, codeId, start, end, coder, memo] of kept) {
    let current = cache.get(sourceId);
    if (!current) {
      cache.clear();
      const row = sourceRow.get(sourceId) as { text: string; structure: string };
      current = { text: row.text, structure: parseStructure(row.structure) };
      cache.set(sourceId, current);
    }
    const { before, after } = contextAround(current.text, start, end, query.contextSentences);
    passages.push({
      codingId,
      sourceId,
      source: sourceName.get(sourceId) as string,
      attributes: values.get(sourceId) ?? {},
      codeId,
      codePath: entryOf.get(codeId)?.path ?? '',
      color: colorOf.get(codeId) ?? '#888888',
      coder,
      start,
      end,
      text: current.text.slice(start, end),
      before,
      after,
      location: locate(current.structure, start),
      memo,
    });
  }
  return {
    codeId: chosen.code.id,
    codePath: chosen.path,
    includeDescendants: query.includeDescendants,
    where: scope.where,
    coder: scope.coder?.name ?? null,
    attributes: listAttributes(db).map((attribute) => attribute.name),
    sourceCount: scope.sources.length,
    passages,
  };
}
