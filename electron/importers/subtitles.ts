import type { StructureSpan } from '../../shared/domain/types';
import { keyed, UserError } from '../util/errors';
import { checkTextLength, formatCount } from './caps';
import { decodeText } from './encoding';
import { decodeEntities } from './html';
import { finishDocument } from './structure';
import type { ImportCaps, ParsedDocument, ParseOptions } from './types';

type Segment = { speaker: string | null; text: string; start: string };

const TIMING = /^\s*((?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)\s*-->\s*((?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)/;
// "Name: text" at the start of a cue line; a short name without sentence punctuation.
const NAME_PREFIX = /^(?:-\s*)?([^\s:：<>][^:：<>]{0,31}?)\s*(?::\s+|：\s*)(.*)$/;
const VOICE = /<v(?:\.[^\s>]*)?(?:\s+([^>]*))?>/g;
const CJK_END = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]$/;
const CJK_START = /^[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/;

/** "00:01:02.500" / "1:02,5" → "00:01:02". */
function clock(timestamp: string): string {
  const parts = timestamp.split(/[.,]/)[0].split(':').map((part) => part.padStart(2, '0'));
  while (parts.length < 3) parts.unshift('00');
  return parts.join(':');
}

/** What goes between two non-empty pieces of cue text: nothing between CJK, else one space. */
function separator(before: string, after: string): string {
  return CJK_END.test(before) || CJK_START.test(after) ? '' : ' ';
}

/**
 * Joins non-empty pieces of cue text with separator(). Built as an array and joined once:
 * growing one string and testing its end with a regular expression flattens it each time,
 * which made a cue of many lines quadratic (a 320 KB cue took 17 s).
 */
function joinAll(parts: readonly string[]): string {
  const out: string[] = [];
  let last = '';
  for (const part of parts) {
    if (part.length === 0) continue;
    if (last.length > 0) out.push(separator(last, part));
    out.push(part);
    last = part;
  }
  return out.join('');
}

/** Cue text without tags and entities; its line breaks become spaces, or nothing between CJK. */
function plain(text: string): string {
  return joinAll(
    decodeEntities(text.replace(/<[^>]*>/g, ''))
      .replace(/[\u200e\u200f]/g, '')
      .split('\n')
      .map((line) => line.replace(/\s+/g, ' ').trim()),
  );
}

function namePrefix(line: string): { speaker: string; rest: string } | null {
  const match = NAME_PREFIX.exec(line);
  if (!match) return null;
  const speaker = match[1].trim();
  if (speaker.split(/\s+/).length > 4 || !/\p{L}/u.test(speaker) || /[，。,.;；!?！？"“”()（）[\]]/.test(speaker)) return null;
  return { speaker, rest: match[2] };
}

/** Splits one cue's payload into speaker segments: WebVTT voice tags, else "Name:" prefixes. */
function cueSegments(payload: readonly string[], start: string): Segment[] {
  const joined = payload.join('\n');
  const segments: Segment[] = [];
  if (/<v[\s.>]/.test(joined)) {
    let speaker: string | null = null;
    let last = 0;
    for (const match of joined.matchAll(VOICE)) {
      const before = plain(joined.slice(last, match.index));
      if (before) segments.push({ speaker, text: before, start });
      speaker = match[1]?.trim() || null;
      last = match.index + match[0].length;
    }
    const rest = plain(joined.slice(last));
    if (rest) segments.push({ speaker, text: rest, start });
    return segments;
  }
  const lines: { speaker: string | null; parts: string[] }[] = [];
  for (const rawLine of payload) {
    const line = plain(rawLine);
    if (!line) continue;
    const named = namePrefix(line);
    const current = lines.at(-1);
    if (named) lines.push({ speaker: named.speaker, parts: [named.rest.trim()] });
    else if (current) current.parts.push(line.replace(/^-\s*/, ''));
    else lines.push({ speaker: null, parts: [line.replace(/^-\s*/, '')] });
  }
  for (const { speaker, parts } of lines) segments.push({ speaker, text: joinAll(parts), start });
  return segments;
}

function tooManyCues(fileName: string, caps: ImportCaps): UserError {
  return new UserError(
    'unsupported-format',
    `${fileName} has more than ${formatCount(caps.maxCues)} subtitle cues, the most Marginalia reads from one file (maxCues); split it into smaller files or raise the limit.`,
    keyed('import.tooManyCues', { file: fileName, cap: caps.maxCues }),
  );
}

/** Counts lines that are cue timings ("… --> …"), stopping at `limit`. */
function countTimingLines(source: string, limit: number): number {
  let count = 0;
  for (let arrow = source.indexOf('-->'); arrow >= 0 && count < limit; arrow = source.indexOf('-->', arrow + 3)) {
    const start = source.lastIndexOf('\n', arrow) + 1;
    const end = source.indexOf('\n', arrow);
    if (TIMING.test(source.slice(start, end < 0 ? source.length : end))) count += 1;
  }
  return count;
}

/**
 * Reads a WebVTT or SubRip file as a transcript: one turn per run of cues by the same speaker
 * ("Name: …"), labelled with the time it starts. Parsing stops at the cue cap, so a file with a
 * million cues is refused in moments instead of hanging the import.
 */
export function readSubtitles(bytes: Uint8Array, fileName: string, format: 'vtt' | 'srt', caps: ImportCaps, options: ParseOptions = {}): ParsedDocument {
  const decoded = decodeText(bytes, fileName, { encoding: options.encoding });
  const source = decoded.text;
  // Count timing lines first (indexOf is cheap), so an oversized file is refused before any
  // cue is parsed; the walk below enforces the same cap exactly.
  if (countTimingLines(source, caps.maxCues + 1) > caps.maxCues) throw tooManyCues(fileName, caps);
  const segments: Segment[] = [];
  let cues = 0;
  let position = 0;
  // Walk blocks separated by blank lines with indexOf, without splitting the whole file first.
  while (position < source.length) {
    let end = source.indexOf('\n\n', position);
    if (end < 0) end = source.length;
    const block = source.slice(position, end);
    position = end + 2;
    while (position < source.length && source[position] === '\n') position += 1;
    const lines = block.split('\n');
    const timing = lines.findIndex((line) => TIMING.test(line));
    if (timing < 0 || lines[0].startsWith('NOTE') || lines[0].startsWith('STYLE') || lines[0].startsWith('REGION')) continue;
    cues += 1;
    if (cues > caps.maxCues) throw tooManyCues(fileName, caps);
    const start = clock((TIMING.exec(lines[timing]) as RegExpExecArray)[1]);
    segments.push(...cueSegments(lines.slice(timing + 1), start));
  }
  if (cues === 0) {
    throw new UserError(
      'unsupported-format',
      `${fileName} has no subtitle cues in it (no "00:00:01.000 --> 00:00:04.000" timing lines); is it really a .${format} file?`,
      keyed('import.noCues', { file: fileName, extension: `.${format}` }),
    );
  }

  // Consecutive segments of one speaker form a turn; without any speakers, each cue is a turn.
  // A turn's text is kept as pieces and joined once: appending to one growing string and
  // testing its end with a regular expression flattened it every time, which made a long
  // single-speaker file quadratic (1.5 MB took 14 s; bench/import.ts found it).
  const anySpeaker = segments.some((segment) => segment.speaker !== null);
  const turns: { speaker: string | null; start: string; pieces: string[]; last: string }[] = [];
  for (const segment of segments) {
    const previous = turns.at(-1);
    if (previous && anySpeaker && previous.speaker === segment.speaker) {
      if (segment.text.length === 0) continue;
      if (previous.last.length > 0) previous.pieces.push(separator(previous.last, segment.text));
      previous.pieces.push(segment.text);
      previous.last = segment.text;
    } else {
      turns.push({ speaker: segment.speaker, start: segment.start, pieces: [segment.text], last: segment.text });
    }
  }
  const pieces: string[] = [];
  const structure: StructureSpan[] = [];
  let length = 0;
  for (const { speaker, start, pieces: parts } of turns) {
    const turn = { speaker, start, text: parts.join('') };
    if (turn.text.length === 0 && turn.speaker === null) continue;
    const line = turn.speaker ? `${turn.speaker}: ${turn.text}`.trimEnd() : turn.text;
    if (pieces.length > 0) {
      pieces.push('\n\n');
      length += 2;
    }
    structure.push({ kind: 'turn', start: length, end: length + line.length, label: turn.start, level: null });
    pieces.push(line);
    length += line.length;
    checkTextLength(fileName, length, caps);
  }
  return finishDocument(
    fileName,
    caps,
    {
      text: pieces.join(''),
      structure,
      notes: decoded.notes,
      noteKeys: decoded.noteKeys,
      mimeType: format === 'vtt' ? 'text/vtt' : 'application/x-subrip',
      suggestedKind: 'transcript',
    },
    false,
  );
}
