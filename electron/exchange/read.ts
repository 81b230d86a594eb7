import { randomUUID } from 'node:crypto';
import { UserError } from '../util/errors';
import {
  VARIABLE_TYPES,
  deriveGuid,
  normaliseGuid,
  type ExchangeCase,
  type ExchangeCode,
  type ExchangeCodebook,
  type ExchangeCoding,
  type ExchangeNote,
  type ExchangeOriginal,
  type ExchangeProject,
  type ExchangeSelection,
  type ExchangeSet,
  type ExchangeSource,
  type ExchangeUser,
  type ExchangeVariable,
  type ExchangeVariableValue,
  type NoteTarget,
  type VariableType,
} from './model';
import {
  POSITION_CONVENTIONS,
  positionMapper,
  prepareText,
  type PositionConvention,
  type PreparedText,
} from './offsets';
import { childNamed, childText, childrenNamed, parseXml, type XmlElement } from './xml';
import { DEFAULT_ZIP_LIMITS, openZip, type ZipEntry, type ZipLimits } from './zip';

/*
 * Lenient readers for REFI-QDA files (GUIDE.md §1, §3–§8): whatever the exporting tool's
 * quirks, read what can be read, and write one sentence into the report for everything
 * that cannot be carried over. Only hostile input (unsafe archives, DOCTYPEs) and files
 * that are not REFI-QDA at all are refused outright.
 */

/** Looks up a file inside the exchange archive by its internal name ("<GUID>.txt"); null if absent. */
export type InternalFiles = (name: string) => Uint8Array | null;

export type ReadQdeOptions = Readonly<{
  /** Used in messages; defaults to "project.qde". */
  fileName?: string;
  /** The archive's sources/ folder. Without it (a bare .qde) sources have no text. */
  files?: InternalFiles;
}>;

export type ReadQdpxOptions = Readonly<{ fileName?: string; limits?: Partial<ZipLimits> }>;

type Context = {
  readonly fileName: string;
  readonly files: InternalFiles | null;
  readonly report: string[];
  /** Each kind of finding is reported once, with a count and a few examples. */
  readonly findings: Map<
    string,
    { sentence: (count: number, examples: string) => string; examples: string[]; count: number }
  >;
};

function note(
  context: Context,
  key: string,
  example: string,
  sentence: (count: number, examples: string) => string,
): void {
  const finding = context.findings.get(key) ?? { sentence, examples: [], count: 0 };
  finding.count += 1;
  if (finding.examples.length < 3 && example !== '') finding.examples.push(example);
  context.findings.set(key, finding);
}

function flushFindings(context: Context): void {
  for (const finding of context.findings.values()) {
    const examples = finding.examples.map((example) => `"${example}"`).join(', ');
    context.report.push(
      finding.sentence(finding.count, finding.count > finding.examples.length ? `${examples}, …` : examples),
    );
  }
  context.findings.clear();
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The `item` children of `parent`'s `container` child (e.g. Users/User); none when the container is absent. */
function listIn(parent: XmlElement, container: string, item: string): XmlElement[] {
  const holder = childNamed(parent, container);
  return holder ? childrenNamed(holder, item) : [];
}

function attribute(element: XmlElement, name: string): string | undefined {
  return element.attributes[name];
}

function optional(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}

/** A GUID from an attribute; a fresh one (reported) when the file's is missing or malformed. */
function requiredGuid(context: Context, element: XmlElement, what: string, label: string): string {
  const guid = normaliseGuid(attribute(element, 'guid'));
  if (guid) return guid;
  note(
    context,
    `guid:${what}`,
    label,
    (count, examples) =>
      `${plural(count, what)} had a missing or malformed GUID and got a new one (${examples}); a later merge will not recognise ${count === 1 ? 'it' : 'them'} as the same.`,
  );
  return randomUUID();
}

function userReference(context: Context, element: XmlElement, name: string): string | null {
  const raw = attribute(element, name);
  if (raw === undefined) return null;
  const guid = normaliseGuid(raw);
  if (guid === null) {
    // QualCoder writes creatingUser="" for unknown users (GUIDE.md §3).
    note(
      context,
      'bad-user-ref',
      '',
      (count) =>
        `${plural(count, 'object')} named their author with a malformed user reference; the author is unknown.`,
    );
  }
  return guid;
}

/** `#rrggbb` from #RGB, #RRGGBB, #RRGGBBAA, rgb()/rgba() (requal #176); null when unreadable. */
export function normaliseColor(value: string | undefined): { color: string | null; lostAlpha: boolean } {
  if (value === undefined || value.trim() === '') return { color: null, lostAlpha: false };
  const trimmed = value.trim();
  let match = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(trimmed);
  if (match)
    return {
      color: `#${match[1]}${match[1]}${match[2]}${match[2]}${match[3]}${match[3]}`.toLowerCase(),
      lostAlpha: false,
    };
  match = /^#([0-9a-f]{6})([0-9a-f]{2})?$/i.exec(trimmed);
  if (match)
    return {
      color: `#${match[1].toLowerCase()}`,
      lostAlpha: match[2] !== undefined && match[2].toLowerCase() !== 'ff',
    };
  match = /^rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*(?:,\s*([\d.]+%?)\s*)?\)$/i.exec(trimmed);
  if (match) {
    const channels = [match[1], match[2], match[3]].map(Number);
    if (channels.every((channel) => channel <= 255)) {
      const hex = channels.map((channel) => channel.toString(16).padStart(2, '0')).join('');
      const alpha = match[4];
      return { color: `#${hex}`, lostAlpha: alpha !== undefined && alpha !== '1' && alpha !== '100%' };
    }
  }
  return { color: null, lostAlpha: false };
}

// ---------------------------------------------------------------- codes

function readCodes(
  context: Context,
  parent: XmlElement,
  seen: Set<string>,
  noteTargets: Map<string, NoteTarget[]>,
): ExchangeCode[] {
  return childrenNamed(parent, 'Code').map((element) => {
    const name = attribute(element, 'name') ?? '';
    let guid = requiredGuid(context, element, 'code', name);
    if (seen.has(guid)) {
      note(
        context,
        'dup-code',
        name,
        (count, examples) => `${plural(count, 'code')} repeated another code's GUID and got a new one (${examples}).`,
      );
      guid = randomUUID();
    }
    seen.add(guid);
    const { color, lostAlpha } = normaliseColor(attribute(element, 'color'));
    if (lostAlpha)
      note(
        context,
        'alpha',
        name,
        (count, examples) => `${plural(count, 'code colour')} had transparency, which was dropped (${examples}).`,
      );
    if (color === null && attribute(element, 'color')) {
      note(
        context,
        'bad-color',
        name,
        (count, examples) =>
          `${plural(count, 'code colour')} could not be read and will get a colour from the palette (${examples}).`,
      );
    }
    for (const ref of childrenNamed(element, 'NoteRef'))
      addNoteTarget(noteTargets, attribute(ref, 'targetGUID'), { kind: 'code', guid });
    const isCodable = attribute(element, 'isCodable');
    return {
      guid,
      name,
      color,
      description: childText(element, 'Description'),
      isCodable: isCodable === undefined ? true : isCodable === 'true' || isCodable === '1',
      children: readCodes(context, element, seen, noteTargets),
    };
  });
}

function addNoteTarget(noteTargets: Map<string, NoteTarget[]>, noteGuid: string | undefined, target: NoteTarget): void {
  const guid = normaliseGuid(noteGuid);
  if (!guid) return;
  const targets = noteTargets.get(guid) ?? [];
  targets.push(target);
  noteTargets.set(guid, targets);
}

// ---------------------------------------------------------------- variables

function readVariableValues(element: XmlElement): ExchangeVariableValue[] {
  const values: ExchangeVariableValue[] = [];
  for (const valueElement of childrenNamed(element, 'VariableValue')) {
    const variableGuid = normaliseGuid(
      attribute(childNamed(valueElement, 'VariableRef') ?? valueElement, 'targetGUID'),
    );
    if (!variableGuid) continue;
    const holder = valueElement.children.find((child) => child.name !== 'VariableRef');
    values.push({ variableGuid, value: holder ? holder.text.trim() : null });
  }
  return values;
}

// ---------------------------------------------------------------- sources

type RawSelection = {
  guid: string;
  name: string | null;
  start: number;
  end: number;
  description: string;
  creatingUser: string | null;
  createdAt: string | null;
  codings: ExchangeCoding[];
};

type RawSource = {
  guid: string;
  name: string;
  kind: 'text' | 'pdf';
  prepared: PreparedText | null;
  original: ExchangeOriginal | null;
  description: string;
  creatingUser: string | null;
  createdAt: string | null;
  modifiedAt: string | null;
  selections: RawSelection[];
  codings: ExchangeCoding[];
  variableValues: ExchangeVariableValue[];
};

const SAFE_FILE_NAME = /^[^/\\]+$/;

/**
 * Resolves a path attribute to a file inside the archive, reporting anything not followed.
 * `purpose` 'original' is for the optional rich file (.docx, .pdf): its absence costs no text.
 */
function internalFile(
  context: Context,
  path: string,
  owner: string,
  purpose: 'text' | 'original' = 'text',
): Uint8Array | null {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(path);
  if (scheme && scheme[1].toLowerCase() !== 'internal') {
    if (purpose === 'original') {
      note(
        context,
        'external-original',
        owner,
        (count, examples) =>
          `${plural(count, 'original document')} (.docx or .pdf) ${count === 1 ? 'lies' : 'lie'} outside the exchange file and ${count === 1 ? 'was' : 'were'} not opened (${examples}); the text is kept.`,
      );
      return null;
    }
    note(
      context,
      `external:${scheme[1].toLowerCase()}`,
      owner,
      (count, examples) =>
        `${plural(count, 'source')} point${count === 1 ? 's' : ''} to a file outside the exchange file (${scheme[1]}://), which Marginalia does not open on its own (${examples}). Choose the file yourself to bring its text in.`,
    );
    return null;
  }
  // qc 1.3.2 writes a bare file name without "internal://" (GUIDE.md §7.3); read it from sources/ too.
  const name = scheme ? path.slice(scheme[0].length) : path;
  if (!SAFE_FILE_NAME.test(name) || name === '.' || name === '..') {
    note(
      context,
      'unsafe-internal',
      owner,
      (count, examples) =>
        `${plural(count, 'source')} named an internal file with a folder path (${examples}); it was not followed.`,
    );
    return null;
  }
  if (!context.files) {
    if (purpose === 'text') {
      note(
        context,
        'no-files',
        owner,
        (count, examples) =>
          `${plural(count, 'source')} ha${count === 1 ? 's' : 've'} no text here: a .qde file does not include the documents (${examples}). Import the .qdpx to bring the text in.`,
      );
    }
    return null;
  }
  const bytes = context.files(name);
  if (!bytes) {
    note(context, `missing:${purpose}`, owner, (count, examples) =>
      purpose === 'text'
        ? `${plural(count, 'source')} refer${count === 1 ? 's' : ''} to a text file missing from the archive (${examples}).`
        : `${plural(count, 'original document')} ${count === 1 ? 'is' : 'are'} missing from the archive; the text is kept (${examples}).`,
    );
  }
  return bytes;
}

function decodeText(context: Context, bytes: Uint8Array, owner: string): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe)
    return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff)
    return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    note(
      context,
      'bad-utf8',
      owner,
      (count, examples) =>
        `${plural(count, 'source text')} ${count === 1 ? 'is' : 'are'} not valid UTF-8; unreadable bytes became "�" and coded passages may be shifted (${examples}).`,
    );
    return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  }
}

function readOriginal(context: Context, path: string | undefined, owner: string): ExchangeOriginal | null {
  if (!path) return null;
  const bytes = internalFile(context, path, owner, 'original');
  if (!bytes) return null;
  const extension = /\.([A-Za-z0-9]{1,5})$/.exec(path)?.[1].toLowerCase() ?? '';
  return { extension, bytes };
}

function readCoding(
  context: Context,
  element: XmlElement,
  fallbackUser: string | null,
  noteTargets: Map<string, NoteTarget[]>,
): ExchangeCoding | null {
  const codeRef = childNamed(element, 'CodeRef');
  const codeGuid = normaliseGuid(codeRef ? attribute(codeRef, 'targetGUID') : undefined);
  const guid = requiredGuid(context, element, 'coding', '');
  for (const ref of childrenNamed(element, 'NoteRef'))
    addNoteTarget(noteTargets, attribute(ref, 'targetGUID'), { kind: 'coding', guid });
  if (!codeGuid) {
    note(
      context,
      'coding-no-code',
      '',
      (count) => `${plural(count, 'coding')} named no code and ${count === 1 ? 'was' : 'were'} dropped.`,
    );
    return null;
  }
  return {
    guid,
    codeGuid,
    creatingUser: userReference(context, element, 'creatingUser') ?? fallbackUser,
    createdAt: optional(attribute(element, 'creationDateTime')),
  };
}

/** Reads the parts shared by TextSource and a PDF's text Representation. */
function readTextBody(
  context: Context,
  element: XmlElement,
  owner: string,
  sourceUser: string | null,
  noteTargets: Map<string, NoteTarget[]>,
): { prepared: PreparedText | null; selections: RawSelection[]; codings: ExchangeCoding[] } {
  let prepared: PreparedText | null = null;
  const inline = childNamed(element, 'PlainTextContent');
  const path = attribute(element, 'plainTextPath');
  if (inline) {
    prepared = prepareText(inline.text);
  } else if (path) {
    const bytes = internalFile(context, path, owner);
    if (bytes) prepared = prepareText(decodeText(context, bytes, owner));
  } else {
    note(
      context,
      'no-text',
      owner,
      (count, examples) => `${plural(count, 'source')} had no text at all (${examples}).`,
    );
  }
  const selections: RawSelection[] = [];
  for (const selection of childrenNamed(element, 'PlainTextSelection')) {
    const start = Number(attribute(selection, 'startPosition'));
    const end = Number(attribute(selection, 'endPosition'));
    const guid = requiredGuid(context, selection, 'selection', attribute(selection, 'name') ?? '');
    for (const ref of childrenNamed(selection, 'NoteRef'))
      addNoteTarget(noteTargets, attribute(ref, 'targetGUID'), { kind: 'selection', guid });
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start) {
      note(
        context,
        'bad-positions',
        owner,
        (count, examples) =>
          `${plural(count, 'coded passage')} had unusable positions and ${count === 1 ? 'was' : 'were'} dropped (in ${examples}).`,
      );
      continue;
    }
    const creatingUser = userReference(context, selection, 'creatingUser');
    const codings = childrenNamed(selection, 'Coding')
      .map((coding) => readCoding(context, coding, creatingUser, noteTargets))
      .filter((coding): coding is ExchangeCoding => coding !== null);
    selections.push({
      guid,
      name: attribute(selection, 'name') ?? null,
      start,
      end,
      description: childText(selection, 'Description'),
      creatingUser,
      createdAt: optional(attribute(selection, 'creationDateTime')),
      codings,
    });
  }
  const codings = childrenNamed(element, 'Coding')
    .map((coding) => readCoding(context, coding, sourceUser, noteTargets))
    .filter((coding): coding is ExchangeCoding => coding !== null);
  return { prepared, selections, codings };
}

function readSources(context: Context, root: XmlElement, noteTargets: Map<string, NoteTarget[]>): RawSource[] {
  const sources: RawSource[] = [];
  const seen = new Set<string>();
  const sourcesElement = childNamed(root, 'Sources');
  for (const element of sourcesElement?.children ?? []) {
    const name = attribute(element, 'name') ?? '';
    if (element.name !== 'TextSource' && element.name !== 'PDFSource') {
      const kind =
        { PictureSource: 'picture', AudioSource: 'audio', VideoSource: 'video' }[element.name] ?? element.name;
      note(
        context,
        `media:${kind}`,
        name,
        (count, examples) =>
          `${plural(count, `${kind} source`)} ${count === 1 ? 'was' : 'were'} not imported, with ${count === 1 ? 'its' : 'their'} codings: Marginalia holds text sources only (${examples}).`,
      );
      continue;
    }
    let guid = requiredGuid(context, element, 'source', name);
    if (seen.has(guid)) {
      note(
        context,
        'dup-source',
        name,
        (count, examples) =>
          `${plural(count, 'source')} repeated another source's GUID and got a new one (${examples}).`,
      );
      guid = randomUUID();
    }
    seen.add(guid);
    for (const ref of childrenNamed(element, 'NoteRef'))
      addNoteTarget(noteTargets, attribute(ref, 'targetGUID'), { kind: 'source', guid });
    const common = {
      guid,
      name,
      description: childText(element, 'Description'),
      creatingUser: userReference(context, element, 'creatingUser'),
      createdAt: optional(attribute(element, 'creationDateTime')),
      modifiedAt: optional(attribute(element, 'modifiedDateTime')),
      variableValues: readVariableValues(element),
    };
    if (element.name === 'TextSource') {
      const body = readTextBody(context, element, name, common.creatingUser, noteTargets);
      const rich = attribute(element, 'richTextPath');
      // GUIDE.md §3: richTextPath should be a real .docx; anything else is not kept as the original.
      const original = rich && /\.docx$/i.test(rich) ? readOriginal(context, rich, name) : null;
      sources.push({ ...common, kind: 'text', original, ...body });
    } else {
      const pdfSelections = childrenNamed(element, 'PDFSelection');
      if (pdfSelections.length > 0) {
        note(
          context,
          'pdf-selection',
          name,
          (count, examples) =>
            `${plural(count, 'PDF area selection')} (page regions) ${count === 1 ? 'was' : 'were'} not imported; Marginalia codes the PDF's text (${examples}).`,
        );
      }
      const representation = childNamed(element, 'Representation');
      const body = representation
        ? readTextBody(context, representation, name, common.creatingUser, noteTargets)
        : { prepared: null, selections: [], codings: [] };
      if (!representation)
        note(
          context,
          'pdf-no-text',
          name,
          (count, examples) => `${plural(count, 'PDF source')} came without a text version (${examples}).`,
        );
      const sourceUser = common.creatingUser;
      const wholeCodings = childrenNamed(element, 'Coding')
        .map((coding) => readCoding(context, coding, sourceUser, noteTargets))
        .filter((coding): coding is ExchangeCoding => coding !== null);
      const path = attribute(element, 'path');
      const original = path && /\.pdf$/i.test(path) ? readOriginal(context, path, name) : null;
      sources.push({ ...common, kind: 'pdf', original, ...body, codings: [...body.codings, ...wholeCodings] });
    }
  }
  return sources;
}

// ---------------------------------------------------------------- positions

function comparable(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/** True when the passage agrees with the quotation the exporter wrote (possibly truncated with "…"). */
export function passageMatchesName(passage: string, name: string): boolean {
  const quoted = comparable(name);
  const text = comparable(passage);
  if (quoted.endsWith('…') || quoted.endsWith('...')) {
    const prefix = quoted.replace(/(…|\.\.\.)$/, '').trimEnd();
    return text.startsWith(prefix);
  }
  return text === quoted;
}

function checkable(name: string | null): name is string {
  return name !== null && comparable(name) !== '';
}

function defaultConvention(origin: string): PositionConvention {
  // NVivo counts UTF-16 units, CRLF as two (verified on 303 selections, GUIDE.md §5).
  if (/^nvivo/i.test(origin.trim())) return { unit: 'utf16', newlines: 'raw' };
  // ATLAS.ti is reported to count CRLF as one (QualCoder comment, GUIDE.md §5).
  if (/^atlas\.ti/i.test(origin.trim())) return { unit: 'codepoint', newlines: 'normalised' };
  return { unit: 'codepoint', newlines: 'raw' };
}

function describe(convention: PositionConvention): string {
  return `${convention.unit === 'utf16' ? 'UTF-16 code units' : 'Unicode code points'}${convention.newlines === 'raw' ? ', CRLF as two' : ', CRLF as one'}`;
}

/**
 * Chooses how the file counts positions: the exporter's known convention, unless another
 * convention makes strictly more selections agree with their quoted names.
 */
function chooseConvention(context: Context, origin: string, sources: readonly RawSource[]): PositionConvention {
  const preferred = defaultConvention(origin);
  const evidence = sources.filter(
    (source) => source.prepared?.ambiguous && source.selections.some((selection) => checkable(selection.name)),
  );
  if (evidence.length === 0) return preferred;
  const score = (convention: PositionConvention): number => {
    let matches = 0;
    for (const source of evidence) {
      const prepared = source.prepared as PreparedText;
      const map = positionMapper(prepared, convention);
      for (const selection of source.selections) {
        if (!checkable(selection.name)) continue;
        const start = map(selection.start);
        const end = map(selection.end);
        if (start !== null && end !== null && passageMatchesName(prepared.text.slice(start, end), selection.name))
          matches += 1;
      }
    }
    return matches;
  };
  let best = preferred;
  let bestScore = score(preferred);
  for (const convention of POSITION_CONVENTIONS) {
    const candidate = score(convention);
    if (candidate > bestScore) {
      best = convention;
      bestScore = candidate;
    }
  }
  if (best !== preferred) {
    context.report.push(
      `Positions were read as ${describe(best)} rather than the ${describe(preferred)} expected from "${origin || 'an unnamed tool'}", because that way more coded passages match the quotations in the file.`,
    );
  }
  return best;
}

function placeSelections(context: Context, source: RawSource, convention: PositionConvention): ExchangeSelection[] {
  const prepared = source.prepared;
  if (!prepared) return source.selections;
  const map = positionMapper(prepared, convention);
  const placed: ExchangeSelection[] = [];
  for (const selection of source.selections) {
    const start = map(selection.start);
    const end = map(selection.end);
    if (start === null || end === null || end < start) {
      note(
        context,
        'outside',
        source.name,
        (count, examples) =>
          `${plural(count, 'coded passage')} lay outside the text or split a character and ${count === 1 ? 'was' : 'were'} dropped (in ${examples}).`,
      );
      continue;
    }
    if (checkable(selection.name) && !passageMatchesName(prepared.text.slice(start, end), selection.name)) {
      note(
        context,
        'name-mismatch',
        selection.name.length > 40 ? `${selection.name.slice(0, 40)}…` : selection.name,
        (count, examples) =>
          `${plural(count, 'coded passage')} do${count === 1 ? 'es' : ''} not match the quotation the file gives (${examples}); either the exporting tool let the quotation be renamed, or its positions are shifted.`,
      );
    }
    placed.push({ ...selection, start, end });
  }
  return placed;
}

// ---------------------------------------------------------------- notes, links, sets, cases

function readNotes(context: Context, root: XmlElement): { note: Omit<ExchangeNote, 'targets'>; selections: number }[] {
  const notes: { note: Omit<ExchangeNote, 'targets'>; selections: number }[] = [];
  for (const element of listIn(root, 'Notes', 'Note')) {
    const name = attribute(element, 'name') ?? '';
    const guid = requiredGuid(context, element, 'note', name);
    let text = '';
    const inline = childNamed(element, 'PlainTextContent');
    if (inline) text = inline.text;
    else if (attribute(element, 'plainTextPath')) {
      const bytes = internalFile(context, attribute(element, 'plainTextPath') as string, name);
      if (bytes) text = prepareText(decodeText(context, bytes, name)).text;
    }
    notes.push({
      note: {
        guid,
        name,
        text,
        description: childText(element, 'Description'),
        creatingUser: userReference(context, element, 'creatingUser'),
        createdAt: optional(attribute(element, 'creationDateTime')),
        modifiedAt: optional(attribute(element, 'modifiedDateTime')),
      },
      selections: childrenNamed(element, 'PlainTextSelection').length,
    });
  }
  return notes;
}

function memberGuids(set: XmlElement, name: string): string[] {
  // Project.xsd uses targetGUID; Codebook.xsd and spec Annex A.3 write guid (GUIDE.md §3).
  return childrenNamed(set, name)
    .map((member) => normaliseGuid(attribute(member, 'targetGUID') ?? attribute(member, 'guid')))
    .filter((guid): guid is string => guid !== null);
}

function readSets(context: Context, parent: XmlElement): ExchangeSet[] {
  return listIn(parent, 'Sets', 'Set').map((element) => {
    const name = attribute(element, 'name') ?? '';
    return {
      guid: requiredGuid(context, element, 'set', name),
      name,
      description: childText(element, 'Description'),
      codeGuids: memberGuids(element, 'MemberCode'),
      sourceGuids: memberGuids(element, 'MemberSource'),
      noteGuids: memberGuids(element, 'MemberNote'),
    };
  });
}

const SET_AS_VALUE = /^\s*([^:]+?)\s*:\s*(.+?)\s*$/;

/**
 * ATLAS.ti exports document-group variables as sets named "name: value" (spec Annex A.2).
 * Such sets of sources become variable values on their members.
 */
function setsToVariables(
  context: Context,
  sets: ExchangeSet[],
  variables: ExchangeVariable[],
  sources: RawSource[],
): ExchangeSet[] {
  const kept: ExchangeSet[] = [];
  const groups = new Map<string, { name: string; sets: ExchangeSet[] }>();
  for (const set of sets) {
    const match = SET_AS_VALUE.exec(set.name);
    if (!match || set.sourceGuids.length === 0 || set.codeGuids.length > 0 || set.noteGuids.length > 0) {
      kept.push(set);
      continue;
    }
    const key = match[1].toLowerCase();
    const group = groups.get(key) ?? { name: match[1], sets: [] };
    group.sets.push(set);
    groups.set(key, group);
  }
  if (groups.size === 0) return sets;
  const byGuid = new Map(sources.map((source) => [source.guid, source]));
  const conflicts: string[] = [];
  for (const group of groups.values()) {
    const values = group.sets.map((set) => (SET_AS_VALUE.exec(set.name) as RegExpExecArray)[2]);
    let variable = variables.find((candidate) => candidate.name.toLowerCase() === group.name.toLowerCase());
    if (!variable) {
      const type: VariableType = values.every((value) => /^-?\d+$/.test(value)) ? 'Integer' : 'Text';
      // Derived from the sets' GUIDs, so importing the same file twice gives the same variable.
      const seed = group.sets
        .map((set) => set.guid)
        .sort()
        .join(',');
      variable = { guid: deriveGuid(`variable-from-sets:${seed}`), name: group.name, type, description: '' };
      variables.push(variable);
    }
    group.sets.forEach((set, index) => {
      for (const sourceGuid of set.sourceGuids) {
        const source = byGuid.get(sourceGuid);
        if (!source) continue;
        const existing = source.variableValues.find((value) => value.variableGuid === variable.guid);
        if (existing) {
          if (existing.value !== values[index])
            conflicts.push(`${source.name}: ${group.name} = ${existing.value} / ${values[index]}`);
          continue;
        }
        source.variableValues.push({ variableGuid: variable.guid, value: values[index] });
      }
    });
  }
  context.report.push(
    `Sets named like "${[...groups.values()][0].sets[0].name}" were read as values of the variable${groups.size === 1 ? '' : 's'} ${[...groups.values()].map((group) => `"${group.name}"`).join(', ')} on their sources; the sets themselves are not kept.`,
  );
  if (conflicts.length > 0) {
    context.report.push(
      `Some sources were in two sets for one variable; the first value was kept (${conflicts.slice(0, 3).join('; ')}${conflicts.length > 3 ? '; …' : ''}).`,
    );
  }
  return kept;
}

function readCases(context: Context, root: XmlElement): ExchangeCase[] {
  return listIn(root, 'Cases', 'Case').map((element) => {
    const refs = (name: string): string[] =>
      childrenNamed(element, name)
        .map((ref) => normaliseGuid(attribute(ref, 'targetGUID')))
        .filter((guid): guid is string => guid !== null);
    if (childrenNamed(element, 'SelectionRef').length > 0) {
      note(
        context,
        'case-selection',
        attribute(element, 'name') ?? '',
        (count, examples) =>
          `${plural(count, 'case')} included passages by reference (SelectionRef), which Marginalia does not keep (${examples}).`,
      );
    }
    return {
      guid: requiredGuid(context, element, 'case', attribute(element, 'name') ?? ''),
      name: attribute(element, 'name') ?? null,
      description: childText(element, 'Description'),
      codeGuids: refs('CodeRef'),
      sourceGuids: refs('SourceRef'),
      variableValues: readVariableValues(element),
    };
  });
}

/**
 * MAXQDA and Quirkos carry document variables on an anonymous Case with exactly one
 * SourceRef (GUIDE.md §3): move those values onto the source and drop the empty case.
 */
function anonymousCasesToSources(context: Context, cases: ExchangeCase[], sources: RawSource[]): ExchangeCase[] {
  const byGuid = new Map(sources.map((source) => [source.guid, source]));
  const kept: ExchangeCase[] = [];
  for (const item of cases) {
    const source = item.sourceGuids.length === 1 ? byGuid.get(item.sourceGuids[0]) : undefined;
    if (item.name !== null || !source || item.variableValues.length === 0) {
      kept.push(item);
      continue;
    }
    for (const value of item.variableValues) {
      const existing = source.variableValues.find((candidate) => candidate.variableGuid === value.variableGuid);
      if (existing && existing.value !== value.value) {
        note(
          context,
          'case-conflict',
          source.name,
          (count, examples) =>
            `${plural(count, 'variable value')} given both on a source and on its case disagreed; the source's value was kept (${examples}).`,
        );
      }
      if (!existing) source.variableValues.push(value);
    }
    if (item.codeGuids.length > 0 || item.description !== '') kept.push({ ...item, variableValues: [] });
  }
  return kept;
}

// ---------------------------------------------------------------- project

function checkNamespace(context: Context, root: XmlElement, kind: 'project' | 'codebook'): void {
  const namespace =
    root.attributes.xmlns ?? Object.entries(root.attributes).find(([key]) => key.startsWith('xmlns:'))?.[1];
  // Accept any version spelling (1.0, 1:0 from NVivo Mac, 0:10 from spec A.3): GUIDE.md §7.2.
  if (!namespace || !new RegExp(`^urn:QDA-XML:${kind}:`, 'i').test(namespace)) {
    context.report.push(
      `${context.fileName} does not use the REFI-QDA ${kind} namespace${namespace ? ` (it says "${namespace}")` : ''}; it was read anyway.`,
    );
  }
}

function newContext(fileName: string, files: InternalFiles | null): Context {
  return { fileName, files, report: [], findings: new Map() };
}

/** Reads a REFI-QDA project document (project.qde) into the exchange model. */
export function readQde(xml: string, options: ReadQdeOptions = {}): ExchangeProject {
  const context = newContext(options.fileName ?? 'project.qde', options.files ?? null);
  const root = parseXml(xml, context.fileName);
  if (root.name === 'CodeBook') {
    throw new UserError(
      'unsupported-format',
      `${context.fileName} is a codebook (.qdc), not a project; import it as a codebook.`,
    );
  }
  if (root.name !== 'Project') {
    throw new UserError(
      'unsupported-format',
      `${context.fileName} is not a REFI-QDA project (its root element is <${root.name}>).`,
    );
  }
  checkNamespace(context, root, 'project');
  const origin = optional(attribute(root, 'origin'));
  const noteTargets = new Map<string, NoteTarget[]>();

  const users: ExchangeUser[] = [];
  for (const element of listIn(root, 'Users', 'User')) {
    const guid = normaliseGuid(attribute(element, 'guid'));
    if (!guid || users.some((user) => user.guid === guid)) {
      note(
        context,
        'bad-user',
        attribute(element, 'name') ?? '',
        (count, examples) =>
          `${plural(count, 'user')} had a missing, malformed or repeated GUID and ${count === 1 ? 'was' : 'were'} skipped (${examples}).`,
      );
      continue;
    }
    const initials = optional(attribute(element, 'id'));
    users.push({ guid, name: attribute(element, 'name')?.trim() || initials || `User ${guid.slice(0, 8)}`, initials });
  }

  const codeBook = childNamed(root, 'CodeBook');
  const codes = codeBook ? readCodes(context, childNamed(codeBook, 'Codes') ?? codeBook, new Set(), noteTargets) : [];

  const variables: ExchangeVariable[] = [];
  for (const element of listIn(root, 'Variables', 'Variable')) {
    const name = attribute(element, 'name') ?? '';
    const declared = attribute(element, 'typeOfVariable') ?? 'Text';
    const type = (VARIABLE_TYPES as readonly string[]).includes(declared) ? (declared as VariableType) : 'Text';
    if (type !== declared)
      note(
        context,
        'variable-type',
        name,
        (count, examples) =>
          `${plural(count, 'variable')} had an unknown type and ${count === 1 ? 'is' : 'are'} read as text (${examples}).`,
      );
    variables.push({
      guid: requiredGuid(context, element, 'variable', name),
      name,
      type,
      description: childText(element, 'Description'),
    });
  }

  let cases = readCases(context, root);
  const rawSources = readSources(context, root, noteTargets);
  const notes = readNotes(context, root);
  const projectNoteRefs = childrenNamed(root, 'NoteRef');
  for (const ref of projectNoteRefs)
    addNoteTarget(noteTargets, attribute(ref, 'targetGUID'), { kind: 'project', guid: null });

  // Variable values of anonymous cases belong to their one source.
  cases = anonymousCasesToSources(context, cases, rawSources);
  let sets = readSets(context, root);
  sets = setsToVariables(context, sets, variables, rawSources);

  // Values must name a declared variable; anything else cannot be placed.
  const variableGuids = new Set(variables.map((variable) => variable.guid));
  for (const source of rawSources) {
    const before = source.variableValues.length;
    source.variableValues = source.variableValues.filter((value) => variableGuids.has(value.variableGuid));
    if (source.variableValues.length < before) {
      note(
        context,
        'unknown-variable',
        source.name,
        (count, examples) =>
          `${plural(count, 'source')} had values for undeclared variables, which were dropped (${examples}).`,
      );
    }
  }

  // Codings must name a code of the codebook.
  const codeGuids = new Set<string>();
  const collect = (list: readonly ExchangeCode[]): void => {
    for (const code of list) {
      codeGuids.add(code.guid);
      collect(code.children);
    }
  };
  collect(codes);
  const knownCode = (coding: ExchangeCoding, owner: string): boolean => {
    if (codeGuids.has(coding.codeGuid)) return true;
    note(
      context,
      'unknown-code',
      owner,
      (count, examples) =>
        `${plural(count, 'coding')} named a code that is not in the codebook and ${count === 1 ? 'was' : 'were'} dropped (in ${examples}).`,
    );
    return false;
  };
  for (const source of rawSources) {
    source.codings = source.codings.filter((coding) => knownCode(coding, source.name));
    for (const selection of source.selections)
      selection.codings = selection.codings.filter((coding) => knownCode(coding, source.name));
  }

  // Positions: decide the counting convention once per file, then place every selection.
  const convention = chooseConvention(context, origin ?? '', rawSources);
  const sources: ExchangeSource[] = rawSources.map((source) => ({
    guid: source.guid,
    name: source.name,
    kind: source.kind,
    text: source.prepared?.text ?? null,
    original: source.original,
    description: source.description,
    creatingUser: source.creatingUser,
    createdAt: source.createdAt,
    modifiedAt: source.modifiedAt,
    selections: placeSelections(context, source, convention),
    codings: source.codings,
    variableValues: source.variableValues,
  }));

  // Links: a note linked to an object is attached to it, as ATLAS.ti does for memos (GUIDE.md §3).
  const kindOf = new Map<string, NoteTarget['kind']>();
  const collectKinds = (list: readonly ExchangeCode[]): void => {
    for (const code of list) {
      kindOf.set(code.guid, 'code');
      collectKinds(code.children);
    }
  };
  collectKinds(codes);
  for (const source of sources) {
    kindOf.set(source.guid, 'source');
    for (const coding of source.codings) kindOf.set(coding.guid, 'coding');
    for (const selection of source.selections) {
      kindOf.set(selection.guid, 'selection');
      for (const coding of selection.codings) kindOf.set(coding.guid, 'coding');
    }
  }
  const noteGuids = new Set(notes.map((item) => item.note.guid));
  let lostLinks = 0;
  for (const link of listIn(root, 'Links', 'Link')) {
    const origin = normaliseGuid(attribute(link, 'originGUID'));
    const target = normaliseGuid(attribute(link, 'targetGUID'));
    const noteSide = origin && noteGuids.has(origin) ? origin : target && noteGuids.has(target) ? target : null;
    const other = noteSide === origin ? target : origin;
    const otherKind = other ? kindOf.get(other) : undefined;
    if (noteSide && other && otherKind) addNoteTarget(noteTargets, noteSide, { kind: otherKind, guid: other });
    else lostLinks += 1;
  }
  if (lostLinks > 0) {
    context.report.push(
      `${plural(lostLinks, 'link')} between objects ${lostLinks === 1 ? 'was' : 'were'} not kept (Marginalia keeps links only from a memo to a code, source or passage it carries over).`,
    );
  }

  const finalNotes: ExchangeNote[] = notes.map(({ note: item, selections }) => {
    if (selections > 0) {
      note(
        context,
        'note-selections',
        item.name,
        (count, examples) =>
          `${plural(count, 'memo')} had coded passages of their own, which were not kept (${examples}).`,
      );
    }
    const targets = (noteTargets.get(item.guid) ?? []).filter(
      (target) => target.kind === 'project' || (target.guid !== null && kindOf.has(target.guid)),
    );
    if ((noteTargets.get(item.guid) ?? []).length > targets.length) {
      note(
        context,
        'note-target',
        item.name,
        (count, examples) =>
          `${plural(count, 'memo')} referred to something that was not carried over; ${count === 1 ? 'it is' : 'they are'} kept without that link (${examples}).`,
      );
    }
    return { ...item, targets };
  });

  const graphs = listIn(root, 'Graphs', 'Graph');
  if (graphs.length > 0)
    context.report.push(
      `${plural(graphs.length, 'network diagram')} (Graphs) ${graphs.length === 1 ? 'was' : 'were'} not imported.`,
    );
  const transcripts = rawSourcesTranscripts(root);
  if (transcripts > 0)
    context.report.push(
      `${plural(transcripts, 'media transcript')} ${transcripts === 1 ? 'was' : 'were'} not imported with ${transcripts === 1 ? 'its' : 'their'} audio or video.`,
    );
  const base = attribute(root, 'basePath');
  if (base)
    context.report.push(
      'The file names a base folder on the exporting computer (basePath); it is not used and not kept.',
    );

  // Every user someone refers to exists in the model, so each coding maps to a coder.
  const userGuids = new Set(users.map((user) => user.guid));
  const referenced = new Set<string>();
  for (const source of sources) {
    if (source.creatingUser) referenced.add(source.creatingUser);
    for (const coding of source.codings) if (coding.creatingUser) referenced.add(coding.creatingUser);
    for (const selection of source.selections) {
      if (selection.creatingUser) referenced.add(selection.creatingUser);
      for (const coding of selection.codings) if (coding.creatingUser) referenced.add(coding.creatingUser);
    }
  }
  for (const item of finalNotes) if (item.creatingUser) referenced.add(item.creatingUser);
  const missing = [...referenced].filter((guid) => !userGuids.has(guid));
  for (const guid of missing) users.push({ guid, name: `Unknown user ${guid.slice(0, 8)}`, initials: null });
  if (missing.length > 0) {
    context.report.push(
      `${plural(missing.length, 'author')} of codings or sources ${missing.length === 1 ? 'is' : 'are'} not listed among the file's users and ${missing.length === 1 ? 'is' : 'are'} named "Unknown user …".`,
    );
  }
  const creatingUserGuid = normaliseGuid(attribute(root, 'creatingUserGUID'));

  flushFindings(context);
  return {
    name: attribute(root, 'name') ?? 'Untitled project',
    origin,
    description: childText(root, 'Description'),
    creatingUserGuid: creatingUserGuid && userGuids.has(creatingUserGuid) ? creatingUserGuid : null,
    createdAt: optional(attribute(root, 'creationDateTime')),
    modifiedAt: optional(attribute(root, 'modifiedDateTime')),
    users,
    codes,
    variables,
    cases,
    sources,
    notes: finalNotes,
    sets,
    report: context.report,
  };
}

function rawSourcesTranscripts(root: XmlElement): number {
  let count = 0;
  for (const element of childNamed(root, 'Sources')?.children ?? [])
    count += childrenNamed(element, 'Transcript').length;
  return count;
}

/** Reads a REFI-QDA codebook (.qdc): codes and code sets. */
export function readQdc(xml: string, options: { fileName?: string } = {}): ExchangeCodebook {
  const context = newContext(options.fileName ?? 'codebook.qdc', null);
  const root = parseXml(xml, context.fileName);
  if (root.name === 'Project') {
    throw new UserError(
      'unsupported-format',
      `${context.fileName} is a whole project, not a codebook; import it as a project.`,
    );
  }
  if (root.name !== 'CodeBook') {
    throw new UserError(
      'unsupported-format',
      `${context.fileName} is not a REFI-QDA codebook (its root element is <${root.name}>).`,
    );
  }
  checkNamespace(context, root, 'codebook');
  const codes = readCodes(context, childNamed(root, 'Codes') ?? root, new Set(), new Map());
  // Taguette writes an empty <Sets/> (invalid, GUIDE.md §4): it simply yields no sets.
  const sets = readSets(context, root);
  flushFindings(context);
  return { origin: optional(attribute(root, 'origin')), codes, sets, report: context.report };
}

/** A codebook (.qdc) as a project model that holds only codes and sets, named `name`. */
export function readQdcAsProject(bytes: Uint8Array, fileName: string, name: string): ExchangeProject {
  const codebook = readQdc(decodeXml(bytes), { fileName });
  return {
    name,
    origin: codebook.origin,
    description: '',
    creatingUserGuid: null,
    createdAt: null,
    modifiedAt: null,
    users: [],
    codes: codebook.codes,
    variables: [],
    cases: [],
    sources: [],
    notes: [],
    sets: codebook.sets,
    report: codebook.report,
  };
}

/**
 * Reads a .qdpx archive: its project .qde (any name at the top level, project.qde preferred)
 * and the source files in sources/ or Sources/. Unsafe archives are refused with a UserError.
 */
export function readQdpx(bytes: Uint8Array, options: ReadQdpxOptions = {}): ExchangeProject {
  const fileName = options.fileName ?? 'The exchange file';
  const archive = openZip(bytes, fileName, { ...DEFAULT_ZIP_LIMITS, ...options.limits });
  const topLevel = archive.entries.filter((entry) => !entry.name.includes('/') && /\.qde$/i.test(entry.name));
  const qde =
    topLevel.find((entry) => entry.name.toLowerCase() === 'project.qde') ??
    (topLevel.length === 1 ? topLevel[0] : undefined);
  if (!qde) {
    throw new UserError(
      'unsupported-format',
      topLevel.length === 0
        ? `${fileName} holds no project.qde, so it is not a REFI-QDA project file.`
        : `${fileName} holds several project files (${topLevel.map((entry) => entry.name).join(', ')}) and none is called project.qde.`,
    );
  }
  const byName = new Map<string, ZipEntry>();
  for (const entry of archive.entries) {
    const match = /^sources\/([^/]+)$/i.exec(entry.name);
    if (match) byName.set(match[1].toLowerCase(), entry);
  }
  const files: InternalFiles = (name) => {
    const entry = byName.get(name.toLowerCase());
    return entry ? archive.read(entry) : null;
  };
  const xmlBytes = archive.read(qde);
  return readQde(decodeXml(xmlBytes), { fileName: qde.name, files });
}

/** Decodes an XML file's bytes: UTF-8 (BOM optional) or UTF-16 with a BOM. */
export function decodeXml(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe)
    return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff)
    return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes);
}
