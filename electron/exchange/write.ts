import {
  deriveGuid,
  type ExchangeCode,
  type ExchangeCodebook,
  type ExchangeCoding,
  type ExchangeNote,
  type ExchangeProject,
  type ExchangeSelection,
  type ExchangeSet,
  type ExchangeSource,
  type ExchangeVariableValue,
  type NoteTarget,
  type VariableType,
} from './model';
import { UserError } from '../util/errors';
import { utf16ToCodePointConverter } from './offsets';
import { hasInvalidXmlCharacter, replaceInvalidXmlCharacters, XmlWriter, type XmlAttributes } from './xml';
import { writeZip, type ZipFile } from './zip';

/*
 * Writers for REFI-QDA files, strictly to Project-mrt2019.xsd and Codebook.xsd (validated
 * with xmllint in tests/exchange). Positions are written in Unicode code points, as the spec
 * says. GUIDs are written as the model holds them (our lower-case ids, which the schema's
 * GUID pattern allows). No path from this computer is ever written: no basePath, no
 * absolute:// or relative:// paths, only internal://<GUID>.<ext> inside the archive.
 */

export const PROJECT_NAMESPACE = 'urn:QDA-XML:project:1.0';
export const CODEBOOK_NAMESPACE = 'urn:QDA-XML:codebook:1.0';
const PROJECT_SCHEMA_LOCATION = `${PROJECT_NAMESPACE} http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd`;
const CODEBOOK_SCHEMA_LOCATION = `${CODEBOOK_NAMESPACE} http://schema.qdasoftware.org/versions/Codebook/v1.0/Codebook.xsd`;
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
/** The spec's limit per file inside a .qdpx (GUIDE.md §2). */
const MAX_ARCHIVE_FILE = 2 ** 31 - 1;

export type WriteOptions = Readonly<{
  /** The `origin` written into the file. Always ours: readers use it to detect a tool's quirks. */
  origin?: string;
  /** Sentences about anything that could not be written exactly are appended here. */
  report?: string[];
}>;

const DATE_TIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
const RGB = /^#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$/;

function dateTime(value: string | null): string | null {
  return value !== null && DATE_TIME.test(value) ? value : null;
}

const VALUE_ELEMENT: Record<VariableType, { element: string; valid: RegExp }> = {
  Text: { element: 'TextValue', valid: /^[\s\S]*$/ },
  Boolean: { element: 'BooleanValue', valid: /^(true|false|1|0)$/ },
  Integer: { element: 'IntegerValue', valid: /^[+-]?\d+$/ },
  // xsd:decimal has no exponent and may not be empty (GUIDE.md §3).
  Float: { element: 'FloatValue', valid: /^[+-]?(\d+(\.\d*)?|\.\d+)$/ },
  Date: { element: 'DateValue', valid: /^-?\d{4,}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?$/ },
  DateTime: { element: 'DateTimeValue', valid: DATE_TIME },
};

type Writer = {
  xml: XmlWriter;
  report: string[];
  replaced: { count: number };
};

function newWriter(options: WriteOptions): Writer {
  const replaced = { count: 0 };
  const xml = new XmlWriter((value) => {
    if (!hasInvalidXmlCharacter(value)) return value;
    replaced.count += 1;
    return replaceInvalidXmlCharacters(value);
  });
  return { xml, report: options.report ?? [], replaced };
}

function finish(writer: Writer): string {
  if (writer.replaced.count > 0) {
    writer.report.push(
      `${writer.replaced.count} name${writer.replaced.count === 1 ? '' : 's'} or memo${writer.replaced.count === 1 ? '' : 's'} held control characters that XML cannot carry; they were written as "\uFFFD".`,
    );
  }
  return writer.xml.toString();
}

function noteRefs(writer: Writer, guids: readonly string[] | undefined): void {
  for (const guid of guids ?? []) writer.xml.empty('NoteRef', { targetGUID: guid });
}

function writeCodes(writer: Writer, codes: readonly ExchangeCode[], notesByTarget: Map<string, string[]> | null): void {
  for (const code of codes) {
    const attributes: XmlAttributes = {
      guid: code.guid,
      name: code.name,
      isCodable: code.isCodable ? 'true' : 'false',
      color: code.color !== null && RGB.test(code.color) ? code.color : null,
    };
    const refs = notesByTarget?.get(`code:${code.guid}`);
    if (code.description === '' && code.children.length === 0 && !refs) {
      writer.xml.empty('Code', attributes);
      continue;
    }
    writer.xml.start('Code', attributes);
    if (code.description !== '') writer.xml.text('Description', code.description);
    noteRefs(writer, refs);
    writeCodes(writer, code.children, notesByTarget);
    writer.xml.end();
  }
}

function writeVariableValues(
  writer: Writer,
  values: readonly ExchangeVariableValue[],
  types: Map<string, { name: string; type: VariableType }>,
  owner: string,
): void {
  for (const value of values) {
    const variable = types.get(value.variableGuid);
    if (!variable) {
      writer.report.push(`A value of "${owner}" belongs to no declared variable and was not written.`);
      continue;
    }
    writer.xml.start('VariableValue');
    writer.xml.empty('VariableRef', { targetGUID: value.variableGuid });
    if (value.value !== null && value.value !== '') {
      const { element, valid } = VALUE_ELEMENT[variable.type];
      if (valid.test(value.value)) {
        writer.xml.text(element, value.value);
      } else {
        // The schema does not tie a value element to the variable's type, so text is valid and loses nothing.
        writer.xml.text('TextValue', value.value);
        writer.report.push(
          `"${owner}": the value "${value.value}" of ${variable.name} is not a valid ${variable.type} and was written as text.`,
        );
      }
    }
    writer.xml.end();
  }
}

function writeCoding(writer: Writer, coding: ExchangeCoding, notesByTarget: Map<string, string[]>): void {
  writer.xml.start('Coding', {
    guid: coding.guid,
    creatingUser: coding.creatingUser,
    creationDateTime: dateTime(coding.createdAt),
  });
  writer.xml.empty('CodeRef', { targetGUID: coding.codeGuid });
  noteRefs(writer, notesByTarget.get(`coding:${coding.guid}`));
  writer.xml.end();
}

function writeSelections(
  writer: Writer,
  text: string,
  selections: readonly ExchangeSelection[],
  notesByTarget: Map<string, string[]>,
): void {
  const toCodePoint = utf16ToCodePointConverter(text);
  for (const selection of selections) {
    writer.xml.start('PlainTextSelection', {
      guid: selection.guid,
      name: selection.name,
      startPosition: toCodePoint(selection.start),
      endPosition: toCodePoint(selection.end),
      creatingUser: selection.creatingUser,
      creationDateTime: dateTime(selection.createdAt),
    });
    if (selection.description !== '') writer.xml.text('Description', selection.description);
    for (const coding of selection.codings) writeCoding(writer, coding, notesByTarget);
    noteRefs(writer, notesByTarget.get(`selection:${selection.guid}`));
    writer.xml.end();
  }
}

/** Internal file names of a source inside the archive. */
export function sourceFiles(source: ExchangeSource): {
  text: string;
  original: string | null;
  representation: string | null;
} {
  if (source.kind === 'pdf' && source.original) {
    const representation = deriveGuid(`representation:${source.guid}`);
    return { text: `${representation}.txt`, original: `${source.guid}.pdf`, representation };
  }
  const original = source.original && source.original.extension === 'docx' ? `${source.guid}.docx` : null;
  return { text: `${source.guid}.txt`, original, representation: null };
}

function writeSource(
  writer: Writer,
  source: ExchangeSource,
  text: string,
  notesByTarget: Map<string, string[]>,
  types: Map<string, { name: string; type: VariableType }>,
): void {
  const files = sourceFiles(source);
  const common = {
    guid: source.guid,
    name: source.name,
    creatingUser: source.creatingUser,
    creationDateTime: dateTime(source.createdAt),
    modifiedDateTime: dateTime(source.modifiedAt),
  };
  if (files.representation) {
    writer.xml.start('PDFSource', { ...common, path: `internal://${files.original}` });
    if (source.description !== '') writer.xml.text('Description', source.description);
    writer.xml.start('Representation', {
      guid: files.representation,
      name: source.name,
      plainTextPath: `internal://${files.text}`,
    });
    writeSelections(writer, text, source.selections, notesByTarget);
    writer.xml.end();
  } else {
    writer.xml.start('TextSource', {
      ...common,
      plainTextPath: `internal://${files.text}`,
      richTextPath: files.original ? `internal://${files.original}` : null,
    });
    if (source.description !== '') writer.xml.text('Description', source.description);
    writeSelections(writer, text, source.selections, notesByTarget);
  }
  for (const coding of source.codings) writeCoding(writer, coding, notesByTarget);
  noteRefs(writer, notesByTarget.get(`source:${source.guid}`));
  writeVariableValues(writer, source.variableValues, types, source.name);
  writer.xml.end();
}

function targetKey(target: NoteTarget): string {
  return target.kind === 'project' ? 'project' : `${target.kind}:${target.guid}`;
}

function writeSets(writer: Writer, sets: readonly ExchangeSet[], memberAttribute: 'targetGUID' | 'guid'): void {
  if (sets.length === 0) return;
  writer.xml.start('Sets');
  for (const set of sets) {
    const empty = set.description === '' && set.codeGuids.length + set.sourceGuids.length + set.noteGuids.length === 0;
    if (empty) {
      writer.xml.empty('Set', { guid: set.guid, name: set.name });
      continue;
    }
    writer.xml.start('Set', { guid: set.guid, name: set.name });
    if (set.description !== '') writer.xml.text('Description', set.description);
    for (const guid of set.codeGuids) writer.xml.empty('MemberCode', { [memberAttribute]: guid });
    if (memberAttribute === 'targetGUID') {
      for (const guid of set.sourceGuids) writer.xml.empty('MemberSource', { targetGUID: guid });
      for (const guid of set.noteGuids) writer.xml.empty('MemberNote', { targetGUID: guid });
    }
    writer.xml.end();
  }
  writer.xml.end();
}

function writeNote(writer: Writer, note: ExchangeNote): void {
  writer.xml.start('Note', {
    guid: note.guid,
    name: note.name,
    creatingUser: note.creatingUser,
    creationDateTime: dateTime(note.createdAt),
    modifiedDateTime: dateTime(note.modifiedAt),
  });
  if (note.description !== '') writer.xml.text('Description', note.description);
  writer.xml.text('PlainTextContent', note.text);
  writer.xml.end();
}

/** The sources that can be written: those with text. The others are reported. */
function writableSources(model: ExchangeProject, report: string[]): { source: ExchangeSource; text: string }[] {
  const writable: { source: ExchangeSource; text: string }[] = [];
  const skipped: string[] = [];
  for (const source of model.sources) {
    if (source.text === null) skipped.push(source.name);
    else writable.push({ source, text: source.text });
  }
  if (skipped.length > 0) {
    report.push(
      `${skipped.length} source${skipped.length === 1 ? ' has' : 's have'} no text and ${skipped.length === 1 ? 'was' : 'were'} not exported: ${skipped.slice(0, 5).join(', ')}${skipped.length > 5 ? ', …' : ''}.`,
    );
  }
  return writable;
}

/** Writes project.qde for `model`, valid against Project-mrt2019.xsd. */
export function writeQde(model: ExchangeProject, options: WriteOptions = {}): string {
  const writer = newWriter(options);
  const sources = writableSources(model, writer.report);
  const notesByTarget = new Map<string, string[]>();
  for (const note of model.notes) {
    for (const target of note.targets) {
      const key = targetKey(target);
      const list = notesByTarget.get(key);
      if (list) list.push(note.guid);
      else notesByTarget.set(key, [note.guid]);
    }
  }
  const types = new Map(
    model.variables.map((variable) => [variable.guid, { name: variable.name, type: variable.type }]),
  );

  // GUIDE.md §3: there is no key/keyref, so emit every user someone refers to.
  const users = [...model.users];
  const known = new Set(users.map((user) => user.guid));
  const refer = (guid: string | null): void => {
    if (guid !== null && !known.has(guid)) {
      known.add(guid);
      users.push({ guid, name: '', initials: null });
    }
  };
  refer(model.creatingUserGuid);
  for (const { source } of sources) {
    refer(source.creatingUser);
    source.codings.forEach((coding) => refer(coding.creatingUser));
    for (const selection of source.selections) {
      refer(selection.creatingUser);
      selection.codings.forEach((coding) => refer(coding.creatingUser));
    }
  }
  model.notes.forEach((note) => refer(note.creatingUser));

  const xml = writer.xml;
  xml.start('Project', {
    xmlns: PROJECT_NAMESPACE,
    'xmlns:xsi': XSI,
    'xsi:schemaLocation': PROJECT_SCHEMA_LOCATION,
    name: model.name,
    origin: options.origin ?? 'Marginalia',
    creatingUserGUID: model.creatingUserGuid,
    creationDateTime: dateTime(model.createdAt),
    modifiedDateTime: dateTime(model.modifiedAt),
  });
  // Containers are written only when they have children: the schema forbids empty ones.
  if (users.length > 0) {
    xml.start('Users');
    for (const user of users)
      xml.empty('User', { guid: user.guid, name: user.name === '' ? null : user.name, id: user.initials });
    xml.end();
  }
  if (model.codes.length > 0) {
    xml.start('CodeBook').start('Codes');
    writeCodes(writer, model.codes, notesByTarget);
    xml.end().end();
  }
  if (model.variables.length > 0) {
    xml.start('Variables');
    for (const variable of model.variables) {
      const attributes = { guid: variable.guid, name: variable.name, typeOfVariable: variable.type };
      if (variable.description === '') {
        xml.empty('Variable', attributes);
      } else {
        xml.start('Variable', attributes).text('Description', variable.description).end();
      }
    }
    xml.end();
  }
  if (model.cases.length > 0) {
    xml.start('Cases');
    for (const item of model.cases) {
      xml.start('Case', { guid: item.guid, name: item.name });
      if (item.description !== '') xml.text('Description', item.description);
      for (const guid of item.codeGuids) xml.empty('CodeRef', { targetGUID: guid });
      writeVariableValues(writer, item.variableValues, types, item.name ?? 'a case');
      for (const guid of item.sourceGuids) xml.empty('SourceRef', { targetGUID: guid });
      xml.end();
    }
    xml.end();
  }
  if (sources.length > 0) {
    xml.start('Sources');
    for (const { source, text } of sources) writeSource(writer, source, text, notesByTarget, types);
    xml.end();
  }
  if (model.notes.length > 0) {
    xml.start('Notes');
    for (const note of model.notes) writeNote(writer, note);
    xml.end();
  }
  writeSets(writer, model.sets, 'targetGUID');
  if (model.description !== '') xml.text('Description', model.description);
  noteRefs(writer, notesByTarget.get('project'));
  xml.end();
  return finish(writer);
}

/** Writes a .qdpx archive: project.qde plus sources/<GUID>.txt (UTF-8, no BOM) and originals. */
export function writeQdpx(model: ExchangeProject, options: WriteOptions = {}): Uint8Array {
  const report = options.report ?? [];
  const qde = writeQde(model, { ...options, report });
  const encoder = new TextEncoder();
  const files: ZipFile[] = [{ name: 'project.qde', data: encoder.encode(qde) }];
  for (const source of model.sources) {
    if (source.text === null) continue;
    const names = sourceFiles(source);
    files.push({ name: `sources/${names.text}`, data: encoder.encode(source.text) });
    if (names.original && source.original)
      files.push({ name: `sources/${names.original}`, data: source.original.bytes });
  }
  for (const file of files) {
    if (file.data.length > MAX_ARCHIVE_FILE) {
      report.push(`${file.name} is larger than 2 GB, which REFI-QDA tools are not required to read.`);
    }
  }
  return writeZip(files);
}

/** Writes a codebook exchange file (.qdc), valid against Codebook.xsd. */
export function writeQdc(
  codebook: Pick<ExchangeCodebook, 'codes'> & Partial<Pick<ExchangeCodebook, 'sets'>>,
  options: WriteOptions = {},
): string {
  if (codebook.codes.length === 0) {
    throw new UserError('invalid-arguments', 'The codebook is empty: a codebook file (.qdc) needs at least one code.');
  }
  const writer = newWriter(options);
  writer.xml.start('CodeBook', {
    xmlns: CODEBOOK_NAMESPACE,
    'xmlns:xsi': XSI,
    'xsi:schemaLocation': CODEBOOK_SCHEMA_LOCATION,
    origin: options.origin ?? 'Marginalia',
  });
  writer.xml.start('Codes');
  writeCodes(writer, codebook.codes, null);
  writer.xml.end();
  // Codebook sets hold codes only; sources and memos in a set belong to a project file.
  const sets = codebook.sets ?? [];
  const dropped = sets.filter((set) => set.sourceGuids.length + set.noteGuids.length > 0).length;
  if (dropped > 0) {
    writer.report.push(
      `${dropped} set${dropped === 1 ? '' : 's'} also held sources or memos, which a codebook file cannot carry; only their codes were written.`,
    );
  }
  writeSets(
    writer,
    sets.filter((set) => set.codeGuids.length > 0 || (set.sourceGuids.length === 0 && set.noteGuids.length === 0)),
    'guid',
  );
  writer.xml.end();
  return finish(writer);
}
