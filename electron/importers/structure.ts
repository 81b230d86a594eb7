import type { NoteKeys, SourceKind, StructureSpan } from '../../shared/domain/types';
import { keyed, UserError } from '../util/errors';
import { checkTextLength } from './caps';
import type { ImportCaps, ParsedDocument } from './types';

/** One block of a document as a reader sees it: a paragraph, heading, list item or table row. */
export type Block = Readonly<{
  /** May hold '\n' for a hard line break inside the block. */
  text: string;
  kind: 'paragraph' | 'heading';
  level?: number | null;
  label?: string | null;
  /** Follows the previous block after a single line break (table rows, list items), not a blank line. */
  tight?: boolean;
}>;

export type Assembled = {
  text: string;
  structure: StructureSpan[];
  /** Where each input block landed, or null when it was empty and left out. */
  offsets: ({ start: number; end: number } | null)[];
};

/** Trims ASCII whitespace only: a leading full-width space (U+3000) is part of Chinese layout. */
function trimAscii(text: string): string {
  return text.replace(/^[ \t\n]+|[ \t\n]+$/g, '');
}

/**
 * Joins blocks into one normalised text with a span per block. Blocks are separated by a blank
 * line, so the text reads well on its own and each paragraph is its own line in the viewer.
 */
export function assembleBlocks(blocks: readonly Block[]): Assembled {
  const pieces: string[] = [];
  const structure: StructureSpan[] = [];
  const offsets: Assembled['offsets'] = [];
  let length = 0;
  for (const block of blocks) {
    const text = trimAscii(block.text.replace(/\r\n?/g, '\n').replace(/\uFEFF/g, ''));
    if (text.length === 0) {
      offsets.push(null);
      continue;
    }
    if (pieces.length > 0) {
      const separator = block.tight ? '\n' : '\n\n';
      pieces.push(separator);
      length += separator.length;
    }
    const start = length;
    pieces.push(text);
    length += text.length;
    offsets.push({ start, end: length });
    structure.push({ kind: block.kind, start, end: length, label: block.label ?? null, level: block.level ?? null });
  }
  return { text: pieces.join(''), structure, offsets };
}

type Line = { start: number; end: number; text: string };

/** Splits a text into lines with their offsets. */
export function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lines.push({ start, end, text: text.slice(start, end) });
    start = end + 1;
  }
  return lines;
}

/** One paragraph per non-empty line; Markdown `#` lines become headings. */
export function lineStructure(text: string, markdown: boolean): StructureSpan[] {
  const spans: StructureSpan[] = [];
  for (const line of linesOf(text)) {
    if (line.text.trim().length === 0) continue;
    const heading = markdown ? /^(#{1,6})\s+/.exec(line.text) : null;
    spans.push(
      heading
        ? { kind: 'heading', start: line.start, end: line.end, label: null, level: heading[1].length }
        : { kind: 'paragraph', start: line.start, end: line.end, label: null, level: null },
    );
  }
  return spans;
}

// Speaker labels: an optional timestamp ("[00:01:02]"), then a short label and a colon. An
// ASCII colon must be followed by a space or the line end, so times ("12:30") and URLs
// ("http://") are not labels; a full-width colon (：) needs nothing after it.
const SPEAKER_LINE =
  /^[ \t\u3000]*(?:[[(]?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?[\])]?[ \t]+)?(?:\*\*)?([^\s:：*#>\-–—][^:：\n]{0,29}?)(?:\*\*)?[ \t]*(?::(?=[ \t]|\*\*|$)|：)/;
const KNOWN_LATIN =
  /^(?:interviewer|interviewee|respondent|participant|moderator|facilitator|researcher|speaker|int|iv|ie|resp|[iqarp])(?:[ \t]?[-_#]?[ \t]?[0-9a-z]{1,3})?$/i;
const KNOWN_CJK =
  /^(?:问|答|主持人|受访者|被访者|受访人|访谈者|访谈人|访谈员|访员|采访者|采访人|记者|提问|回答|调研员|研究者|研究员|参与者|发言人)[A-Za-z0-9甲乙丙丁一二三四五六七八九十]{0,3}$/;
const NOT_SPEAKERS = new Set([
  'note', 'notes', 'nb', 'date', 'time', 'location', 'place', 'venue', 'subject', 'title', 're', 'tel', 'phone', 'fax',
  'email', 'e-mail', 'source', 'keywords', 'abstract', 'summary', 'transcript', 'duration', 'participants', 'attendees',
  'present', 'file', 'from', 'to', 'cc', 'url', 'website', 'address', 'updated', 'warning', 'tip', 'example', 'figure',
  'table', 'chapter', 'section', 'step', 'page', 'version', 'author', 'authors', 'interview', 'recording', 'language',
  '注', '备注', '说明', '附件', '附', '附录', '电话', '传真', '地址', '邮编', '时间', '日期', '地点', '来源', '网址', '邮箱',
  '关键词', '关键字', '摘要', '题目', '标题', '作者', '单位', '主题', '内容', '目的', '联系人', '联系电话', '发布时间',
  '发文字号', '文号', '主送', '抄送', '例如', '比如', '其中', '如下', '包括', '原因', '结论', '建议', '要求', '措施',
  '牵头单位', '责任单位', '配合单位', '完成时限', '主办单位', '承办单位', '访谈时间', '访谈地点', '访谈对象', '录音时长',
]);

/** The speaker a line starts with, if it starts with something shaped like a speaker label. */
function speakerLabel(line: string): string | null {
  const match = SPEAKER_LINE.exec(line);
  if (!match) return null;
  const label = match[1].trim();
  if (label.length === 0 || label.length > 24 || label.split(/\s+/).length > 4) return null;
  if (!/[\p{L}]/u.test(label) || /[，。,;；!?！？"“”、/<>[\]{}=()（）《》|]/.test(label)) return null;
  if (/^第.+[条章节编]$/.test(label)) return null;
  if (NOT_SPEAKERS.has(label.toLowerCase())) return null;
  return label;
}

function isKnownSpeaker(label: string): boolean {
  return KNOWN_LATIN.test(label) || KNOWN_CJK.test(label);
}

const NUMERAL = '[〇零一二三四五六七八九十百千两0-9０-９]+';
// 第N条 at the start of a line (after indentation, a Markdown heading mark or bold), then a
// space, a colon or the line end; mid-sentence references ("违反第三条规定") never start a line.
const ARTICLE_LINE = new RegExp(
  `^[ \\t\\u3000]*(?:#{1,6}[ \\t]+)?(?:\\*\\*)?(第${NUMERAL}条(?:之[一二三四五六七八九十]+)?)(?:\\*\\*)?(?=[ \\t\\u3000：:]|$)`,
);
const DIVISION_LINE = new RegExp(`^[ \\t\\u3000]*(?:#{1,6}[ \\t]+)?(?:\\*\\*)?第${NUMERAL}([编章节])(?=[ \\t\\u3000]|$)`);

export type Enriched = { structure: StructureSpan[]; suggestedKind?: SourceKind };

/** Index of the line holding an offset (binary search over line starts). */
function lineIndexAt(lines: readonly Line[], offset: number): number {
  let low = 0;
  let high = lines.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (lines[middle].start <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** The end of the last non-empty line in lines[from, to). */
function lastContentEnd(lines: readonly Line[], from: number, to: number): number {
  for (let index = to - 1; index >= from; index -= 1) {
    if (lines[index].text.trim().length > 0) return lines[index].end;
  }
  return lines[from].end;
}

/**
 * Adds what researchers cite to a document's structure: speaker turns (lines starting with a
 * label such as "Interviewer:" or "问："), 第N条 articles and 第N章/节 headings, and suggests
 * a kind (transcript when most lines are turns, policy when it has articles).
 */
export function enrichStructure(text: string, base: readonly StructureSpan[]): Enriched {
  const lines = linesOf(text);
  const headingLines = new Set<number>();
  for (const span of base) if (span.kind === 'heading') headingLines.add(lineIndexAt(lines, span.start));
  const added: StructureSpan[] = [];

  // Speaker turns.
  const labelled: { index: number; label: string }[] = [];
  const counts = new Map<string, number>();
  let nonEmpty = 0;
  lines.forEach((line, index) => {
    if (line.text.trim().length === 0) return;
    nonEmpty += 1;
    const label = speakerLabel(line.text);
    if (label) {
      labelled.push({ index, label });
      counts.set(label, (counts.get(label) ?? 0) + 1);
    }
  });
  const turns = labelled.filter((entry) => isKnownSpeaker(entry.label) || (counts.get(entry.label) ?? 0) >= 2);
  const allKnown = turns.length > 0 && turns.every((entry) => isKnownSpeaker(entry.label));
  let turnLines = 0;
  if (turns.length >= 2 && (allKnown || turns.length >= nonEmpty * 0.2)) {
    turns.forEach((turn, position) => {
      const next = position + 1 < turns.length ? turns[position + 1].index : lines.length;
      const end = lastContentEnd(lines, turn.index, next);
      const start = lines[turn.index].start + (lines[turn.index].text.length - lines[turn.index].text.trimStart().length);
      for (let index = turn.index; index < next; index += 1) if (lines[index].text.trim().length > 0) turnLines += 1;
      added.push({ kind: 'turn', start, end, label: turn.label, level: null });
    });
  }

  // Articles and the chapters / sections that end them.
  const divisions: { index: number; kind: string }[] = [];
  const articles: { index: number; label: string; offset: number }[] = [];
  lines.forEach((line, index) => {
    const article = ARTICLE_LINE.exec(line.text);
    if (article) {
      articles.push({ index, label: article[1], offset: line.start + article[0].indexOf(article[1]) });
      return;
    }
    const division = DIVISION_LINE.exec(line.text);
    if (division) divisions.push({ index, kind: division[1] });
  });
  const boundaries = new Set<number>(divisions.map((division) => division.index));
  for (const index of headingLines) boundaries.add(index);
  articles.forEach((article, position) => {
    let next = position + 1 < articles.length ? articles[position + 1].index : lines.length;
    for (let index = article.index + 1; index < next; index += 1) {
      if (boundaries.has(index)) {
        next = index;
        break;
      }
    }
    added.push({ kind: 'article', start: article.offset, end: lastContentEnd(lines, article.index, next), label: article.label, level: null });
  });
  const hasVolumes = divisions.some((division) => division.kind === '编');
  for (const division of divisions) {
    if (headingLines.has(division.index)) continue;
    const line = lines[division.index];
    const level = (division.kind === '编' ? 1 : division.kind === '章' ? 2 : 3) - (hasVolumes ? 0 : 1);
    const start = line.start + (line.text.length - line.text.trimStart().length);
    added.push({ kind: 'heading', start, end: line.end, label: null, level });
  }

  const structure = [...base, ...added].sort((a, b) => a.start - b.start || b.end - a.end);
  let suggestedKind: SourceKind | undefined;
  if (turns.length >= 2 && turnLines >= nonEmpty * 0.5 && turns.length >= nonEmpty * 0.2) suggestedKind = 'transcript';
  else if (articles.length >= 3) suggestedKind = 'policy';
  return { structure, suggestedKind };
}

export type DraftDocument = {
  text: string;
  structure: readonly StructureSpan[];
  notes: readonly string[];
  noteKeys?: NoteKeys;
  mimeType: string;
  suggestedKind?: SourceKind;
  bytesAreText?: boolean;
};

/**
 * The last step of every reader: refuses an empty or over-long text, checks that the text is
 * normalised (coding offsets refer to it forever) and that every span lies inside it.
 */
export function finishDocument(fileName: string, caps: ImportCaps, draft: DraftDocument, enrich = true): ParsedDocument {
  if (draft.text.trim().length === 0) {
    throw new UserError('unsupported-format', `${fileName} has no text in it.`, keyed('import.noText', { file: fileName }));
  }
  checkTextLength(fileName, draft.text.length, caps);
  if (draft.text.includes('\r') || draft.text.startsWith('\uFEFF')) {
    throw new Error(`A reader returned text that is not normalised (${fileName}).`);
  }
  for (const span of draft.structure) {
    if (!(span.start >= 0 && span.start <= span.end && span.end <= draft.text.length)) {
      throw new Error(`A reader returned a structure span outside the text (${fileName}).`);
    }
  }
  const enriched = enrich ? enrichStructure(draft.text, draft.structure) : { structure: [...draft.structure] };
  const suggestedKind = draft.suggestedKind ?? enriched.suggestedKind;
  return {
    text: draft.text,
    structure: enriched.structure,
    notes: draft.notes,
    ...(draft.noteKeys && Object.keys(draft.noteKeys).length > 0 ? { noteKeys: draft.noteKeys } : {}),
    mimeType: draft.mimeType,
    ...(suggestedKind ? { suggestedKind } : {}),
    ...(draft.bytesAreText ? { bytesAreText: true } : {}),
  };
}
