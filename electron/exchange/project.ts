import type { Db } from '../store/database';
import type { Action } from '../store/changeLog';
import { paletteColor } from '../../shared/domain/palette';
import { lineStructure } from '../importers/text';
import { hashText } from '../services/sources';
import { act, getMeta, nowIso, type ProjectSession } from '../services/session';
import {
  deriveGuid,
  flattenCodes,
  type ExchangeCode,
  type ExchangeNote,
  type ExchangeProject,
  type ExchangeSelection,
  type ExchangeSource,
  type ExchangeVariable,
  type NoteTarget,
  type VariableType,
} from './model';
import { hasInvalidXmlCharacter } from './xml';
import type { CodingRow, MemoRow } from '../store/rowTypes';

/*
 * Between the exchange model and a Marginalia project (docs/EXCHANGE.md, "Mapping"). Export
 * only reads; import writes everything as one undoable action through the change log, using
 * the file's GUIDs (lower-cased) as our ids, so a later re-import or merge recognises them.
 */

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const PDF_TYPE = 'application/pdf';
/** Quotations written into `name` are cut here, as ATLAS.ti does, with "…". */
const QUOTATION_LIMIT = 200;

type CoderRow = { id: string; name: string };
type CodeRow = {
  id: string;
  parent_id: string | null;
  name: string;
  color: string;
  description: string;
  position: number;
};
type AttributeRow = { id: string; name: string; type: 'text' | 'number' | 'date'; position: number };
type ValueRow = { source_id: string; attribute_id: string; value: string };
type SourceRow = {
  id: string;
  name: string;
  kind: string;
  structure: string;
  text: string;
  original_type: string;
  original_bytes: Buffer | null;
  imported_at: string;
};

/** The passage as REFI's selection `name`: whole, or cut at QUOTATION_LIMIT code points with "…". */
function quotation(passage: string): string | null {
  if (hasInvalidXmlCharacter(passage)) return null;
  const codePoints = Array.from(passage);
  return codePoints.length <= QUOTATION_LIMIT ? passage : `${codePoints.slice(0, QUOTATION_LIMIT).join('')}…`;
}

function codeTree(rows: readonly CodeRow[], parentId: string | null): ExchangeCode[] {
  return rows
    .filter((row) => row.parent_id === parentId)
    .sort((a, b) => a.position - b.position || a.name.localeCompare(b.name))
    .map((row) => ({
      guid: row.id,
      name: row.name,
      color: /^#[0-9a-f]{6}$/i.test(row.color) ? row.color.toLowerCase() : null,
      description: row.description,
      isCodable: true,
      children: codeTree(rows, row.id),
    }));
}

function variableType(attribute: AttributeRow, values: readonly ValueRow[]): VariableType {
  if (attribute.type === 'date') return 'Date';
  if (attribute.type === 'number') {
    return values.every((value) => value.attribute_id !== attribute.id || /^-?\d+$/.test(value.value))
      ? 'Integer'
      : 'Float';
  }
  return 'Text';
}

/** Reads a whole project into the exchange model (SELECTs only; nothing is written). */
export function exportProjectModel(db: Db): ExchangeProject {
  const coders = db.prepare('SELECT id, name FROM coders ORDER BY created_at, name').all() as CoderRow[];
  const codes = db.prepare('SELECT id, parent_id, name, color, description, position FROM codes').all() as CodeRow[];
  const attributes = db
    .prepare('SELECT id, name, type, position FROM attributes ORDER BY position, name')
    .all() as AttributeRow[];
  const values = db.prepare('SELECT source_id, attribute_id, value FROM attribute_values').all() as ValueRow[];
  const sources = db
    .prepare(
      'SELECT id, name, kind, structure, text, original_type, original_bytes, imported_at FROM sources ORDER BY position, name',
    )
    .all() as SourceRow[];
  const codings = db
    .prepare(
      'SELECT id, source_id, code_id, start, "end", coder_id, created_at, memo FROM codings ORDER BY source_id, start, "end", id',
    )
    .all() as CodingRow[];
  const memos = db.prepare('SELECT * FROM memos ORDER BY created_at, id').all() as MemoRow[];
  const lastChange = (db.prepare('SELECT max(at) AS at FROM change_log').get() as { at: string | null }).at;

  const codingsBySource = new Map<string, CodingRow[]>();
  for (const coding of codings) {
    const list = codingsBySource.get(coding.source_id);
    if (list) list.push(coding);
    else codingsBySource.set(coding.source_id, [coding]);
  }
  const attributeOrder = new Map(attributes.map((attribute, index) => [attribute.id, index]));

  const exchangeSources: ExchangeSource[] = sources.map((source) => {
    const selections: ExchangeSelection[] = (codingsBySource.get(source.id) ?? []).map((coding) => ({
      // One selection per coding, as QualCoder and NVivo do; its GUID is derived so re-exports agree.
      guid: deriveGuid(`selection:${coding.id}`),
      name: quotation(source.text.slice(coding.start, coding.end)),
      start: coding.start,
      end: coding.end,
      description: coding.memo,
      creatingUser: coding.coder_id,
      createdAt: coding.created_at,
      codings: [
        { guid: coding.id, codeGuid: coding.code_id, creatingUser: coding.coder_id, createdAt: coding.created_at },
      ],
    }));
    const bytes = source.original_bytes ? new Uint8Array(source.original_bytes) : null;
    const original =
      bytes && source.original_type === DOCX_TYPE
        ? { extension: 'docx', bytes }
        : bytes && source.original_type === PDF_TYPE
          ? { extension: 'pdf', bytes }
          : null;
    return {
      guid: source.id,
      name: source.name,
      kind: original?.extension === 'pdf' ? 'pdf' : 'text',
      text: source.text,
      original,
      description: '',
      creatingUser: null,
      createdAt: source.imported_at,
      modifiedAt: null,
      selections,
      codings: [],
      variableValues: values
        .filter((value) => value.source_id === source.id)
        .sort((a, b) => (attributeOrder.get(a.attribute_id) ?? 0) - (attributeOrder.get(b.attribute_id) ?? 0))
        .map((value) => ({ variableGuid: value.attribute_id, value: value.value })),
    };
  });

  const notes: ExchangeNote[] = memos.map((memo) => ({
    guid: memo.id,
    name: memo.title,
    text: memo.body,
    description: '',
    creatingUser: memo.author_id,
    createdAt: memo.created_at,
    modifiedAt: memo.updated_at,
    targets: [
      memo.target_type === 'project'
        ? { kind: 'project', guid: null }
        : { kind: memo.target_type, guid: memo.target_id },
    ],
  }));
  // What REFI-QDA has no place for, so the researcher sees it before sending the file.
  const report: string[] = [];
  const typed = sources.filter((source) => source.kind !== 'other').length;
  if (typed > 0) {
    report.push(
      `${typed} source${typed === 1 ? "'s" : "s'"} kind (transcript, policy) cannot be written in REFI-QDA and is not exported.`,
    );
  }
  const structured = sources.filter((source) =>
    (JSON.parse(source.structure) as { kind: string }[]).some((span) => span.kind !== 'paragraph'),
  ).length;
  if (structured > 0) {
    report.push(
      `${structured} source${structured === 1 ? "'s" : "s'"} structure (headings, speaker turns, articles, pages) is not exported; paragraphs are found again from the line breaks on import.`,
    );
  }
  const otherOriginals = sources.filter(
    (source) =>
      source.original_bytes && ![DOCX_TYPE, PDF_TYPE, 'text/plain', 'text/markdown'].includes(source.original_type),
  ).length;
  if (otherOriginals > 0) {
    report.push(
      `${otherOriginals} original file${otherOriginals === 1 ? '' : 's'} (not .docx or .pdf) ${otherOriginals === 1 ? 'is' : 'are'} not included; REFI-QDA carries only Word and PDF originals beside the text.`,
    );
  }
  const currentCoder = getMeta(db, 'current_coder');
  return {
    name: getMeta(db, 'name') ?? 'Marginalia project',
    origin: 'Marginalia',
    description: '',
    creatingUserGuid: coders.some((coder) => coder.id === currentCoder) ? currentCoder : null,
    createdAt: getMeta(db, 'created_at'),
    modifiedAt: lastChange ?? getMeta(db, 'created_at'),
    users: coders.map((coder) => ({ guid: coder.id, name: coder.name, initials: null })),
    codes: codeTree(codes, null),
    variables: attributes.map((attribute) => ({
      guid: attribute.id,
      name: attribute.name,
      type: variableType(attribute, values),
      description: '',
    })),
    cases: [],
    sources: exchangeSources,
    notes,
    sets: [],
    report,
  };
}

export type ModelImportResult = Readonly<{
  /** The reader's report followed by what could not be placed in the project. */
  report: readonly string[];
  sources: number;
  codes: number;
  codings: number;
  attributes: number;
  coders: number;
  memos: number;
}>;

const ATTRIBUTE_TYPE: Record<VariableType, 'text' | 'number' | 'date'> = {
  Text: 'text',
  Boolean: 'text',
  Integer: 'number',
  Float: 'number',
  Date: 'date',
  DateTime: 'text',
};

const MIME_BY_EXTENSION: Record<string, string> = { docx: DOCX_TYPE, pdf: PDF_TYPE };

function isLowSurrogate(text: string, index: number): boolean {
  const unit = text.charCodeAt(index);
  return unit >= 0xdc00 && unit <= 0xdfff;
}

function originalName(source: ExchangeSource): string {
  if (!source.original) return source.name;
  const suffix = `.${source.original.extension}`;
  return source.name.toLowerCase().endsWith(suffix) ? source.name : `${source.name}${suffix}`;
}

function uniqueName(wanted: string, taken: (name: string) => boolean): string {
  if (!taken(wanted)) return wanted;
  for (let index = 2; ; index += 1) {
    const candidate = `${wanted} (${index})`;
    if (!taken(candidate)) return candidate;
  }
}

/**
 * Writes the model into an open project as one undoable action: coders, codes, attributes,
 * sources, attribute values, codings and memos, keeping the model's GUIDs as ids. Objects
 * whose id is already in the project are left as they are (so importing twice adds nothing);
 * everything that cannot be placed is reported.
 */
export function importModelIntoProject(session: ProjectSession, model: ExchangeProject): ModelImportResult {
  const db = session.db;
  const report: string[] = [...model.report];
  const counts = { sources: 0, codes: 0, codings: 0, attributes: 0, coders: 0, memos: 0 };
  const now = nowIso();
  // Table names come from this fixed list only; the id is a bound parameter.
  const existsStatements = new Map(
    (['coders', 'codes', 'attributes', 'sources', 'codings', 'memos'] as const).map((table) => [
      table,
      db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`),
    ]),
  );
  const exists = (table: 'coders' | 'codes' | 'attributes' | 'sources' | 'codings' | 'memos', id: string): boolean =>
    existsStatements.get(table)?.get(id) !== undefined;

  act(session, `Import ${model.name}`, (action: Action) => {
    // Coders: by id, else by name (names are unique in a project), else new with the file's id.
    const coderIds = new Map<string, string>();
    for (const user of model.users) {
      if (exists('coders', user.guid)) {
        coderIds.set(user.guid, user.guid);
        continue;
      }
      const sameName = db.prepare('SELECT id FROM coders WHERE name = ?').get(user.name) as { id: string } | undefined;
      if (sameName) {
        coderIds.set(user.guid, sameName.id);
        report.push(
          `The file's user "${user.name}" is already a coder in this project; their work is attributed to that coder.`,
        );
        continue;
      }
      action.insert('coders', { id: user.guid, name: user.name, created_at: now });
      coderIds.set(user.guid, user.guid);
      counts.coders += 1;
    }
    const coderOf = (guid: string | null): string =>
      (guid !== null ? coderIds.get(guid) : undefined) ?? session.coder.id;

    // Codes, parents first. Sibling names must be unique, so a clash gets " (2)".
    const codeIds = new Map<string, string>();
    let colorIndex = (db.prepare('SELECT count(*) AS n FROM codes').get() as { n: number }).n;
    let renamed = 0;
    for (const { code, parentGuid, position } of flattenCodes(model.codes)) {
      codeIds.set(code.guid, code.guid);
      if (exists('codes', code.guid)) continue;
      const parentId = parentGuid === null ? null : (codeIds.get(parentGuid) ?? null);
      const siblingTaken = (name: string): boolean =>
        db.prepare("SELECT 1 FROM codes WHERE coalesce(parent_id, '') = ? AND name = ?").get(parentId ?? '', name) !==
        undefined;
      const name = uniqueName(code.name.trim() || 'Unnamed code', siblingTaken);
      if (name !== code.name) renamed += 1;
      const topPosition = (): number =>
        (
          db.prepare('SELECT coalesce(max(position), -1) + 1 AS p FROM codes WHERE parent_id IS NULL').get() as {
            p: number;
          }
        ).p;
      action.insert('codes', {
        id: code.guid,
        parent_id: parentId,
        name,
        color: code.color ?? paletteColor(colorIndex),
        description: code.description,
        // Top-level codes go after the project's own; children keep the file's order.
        position: parentId === null ? topPosition() : position,
        created_at: now,
      });
      colorIndex += 1;
      counts.codes += 1;
    }
    if (renamed > 0)
      report.push(
        `${renamed} code${renamed === 1 ? ' was' : 's were'} renamed with a number, because a code of the same name already sat at that place.`,
      );
    if (flattenCodes(model.codes).some(({ code }) => !code.isCodable)) {
      report.push(
        'Folders that the file marks as not for coding became ordinary codes (Marginalia has no separate folders).',
      );
    }

    // Attributes: by id, else by name.
    const attributeIds = new Map<string, string>();
    const addAttribute = (variable: ExchangeVariable): void => {
      if (exists('attributes', variable.guid)) {
        attributeIds.set(variable.guid, variable.guid);
        return;
      }
      const sameName = db.prepare('SELECT id FROM attributes WHERE name = ?').get(variable.name.trim()) as
        { id: string } | undefined;
      if (sameName) {
        attributeIds.set(variable.guid, sameName.id);
        return;
      }
      const position = (
        db.prepare('SELECT coalesce(max(position), -1) + 1 AS p FROM attributes').get() as { p: number }
      ).p;
      action.insert('attributes', {
        id: variable.guid,
        name: variable.name.trim() || 'Unnamed attribute',
        type: ATTRIBUTE_TYPE[variable.type],
        position,
      });
      attributeIds.set(variable.guid, variable.guid);
      counts.attributes += 1;
    };
    model.variables.forEach(addAttribute);

    // Sources with their text; names are unique in a project.
    const texts = new Map<string, string>();
    let position = (db.prepare('SELECT coalesce(max(position), -1) + 1 AS p FROM sources').get() as { p: number }).p;
    const withoutText: string[] = [];
    for (const source of model.sources) {
      if (source.text === null) {
        withoutText.push(source.name);
        continue;
      }
      texts.set(source.guid, source.text);
      if (exists('sources', source.guid)) continue;
      const name = uniqueName(
        source.name.trim() || 'Untitled source',
        (candidate) => db.prepare('SELECT 1 FROM sources WHERE name = ?').get(candidate) !== undefined,
      );
      action.insert('sources', {
        id: source.guid,
        name,
        kind: 'other',
        text: source.text,
        text_length: source.text.length,
        text_hash: hashText(source.text),
        original_name: originalName(source),
        original_type: source.original
          ? (MIME_BY_EXTENSION[source.original.extension] ?? 'application/octet-stream')
          : 'text/plain',
        original_bytes: Buffer.from(source.original ? source.original.bytes : new TextEncoder().encode(source.text)),
        structure: JSON.stringify(lineStructure(source.text, false)),
        imported_at: now,
        position,
      });
      position += 1;
      counts.sources += 1;
    }
    if (withoutText.length > 0) {
      report.push(
        `${withoutText.length} source${withoutText.length === 1 ? ' was' : 's were'} not imported because ${withoutText.length === 1 ? 'its' : 'their'} text is missing.`,
      );
    }

    // Attribute values: the source's own, then those of named cases for sources that have none.
    const setValue = (sourceGuid: string, variableGuid: string, value: string | null): boolean => {
      const attributeId = attributeIds.get(variableGuid);
      if (!attributeId || value === null || value.trim() === '' || !texts.has(sourceGuid)) return false;
      if (
        db
          .prepare('SELECT 1 FROM attribute_values WHERE source_id = ? AND attribute_id = ?')
          .get(sourceGuid, attributeId)
      )
        return false;
      action.insert('attribute_values', { source_id: sourceGuid, attribute_id: attributeId, value: value.trim() });
      return true;
    };
    for (const source of model.sources)
      for (const value of source.variableValues) setValue(source.guid, value.variableGuid, value.value);
    let fromCases = 0;
    for (const item of model.cases) {
      for (const sourceGuid of item.sourceGuids) {
        for (const value of item.variableValues)
          if (setValue(sourceGuid, value.variableGuid, value.value)) fromCases += 1;
      }
    }
    if (fromCases > 0)
      report.push(
        `${fromCases} attribute value${fromCases === 1 ? '' : 's'} came from cases and now sit on each of the case's sources.`,
      );
    if (model.cases.length > 0)
      report.push(
        `${model.cases.length} case${model.cases.length === 1 ? ' was' : 's were'} not kept as such (Marginalia has no cases yet).`,
      );
    if (model.sets.length > 0)
      report.push(
        `${model.sets.length} set${model.sets.length === 1 ? ' was' : 's were'} not kept (Marginalia has no sets yet).`,
      );

    // Codings: one per (selection, coding); the selection's memo travels with each.
    const selectionCodings = new Map<string, string[]>();
    let bad = 0;
    let commentOnly = 0;
    let wholeSource = 0;
    const insertCoding = (
      source: ExchangeSource,
      guid: string,
      codeGuid: string,
      start: number,
      end: number,
      user: string | null,
      createdAt: string | null,
      memo: string,
    ): boolean => {
      const text = texts.get(source.guid) as string;
      const codeId = codeIds.get(codeGuid);
      const valid =
        codeId !== undefined &&
        Number.isInteger(start) &&
        Number.isInteger(end) &&
        start >= 0 &&
        end > start &&
        end <= text.length &&
        !isLowSurrogate(text, start) &&
        !(end < text.length && isLowSurrogate(text, end));
      if (!valid) {
        bad += 1;
        return false;
      }
      if (exists('codings', guid)) return true;
      action.insert('codings', {
        id: guid,
        source_id: source.guid,
        code_id: codeId,
        start,
        end,
        coder_id: coderOf(user),
        created_at: createdAt ?? now,
        memo,
      });
      counts.codings += 1;
      return true;
    };
    for (const source of model.sources) {
      if (!texts.has(source.guid)) continue;
      for (const selection of source.selections) {
        if (selection.codings.length === 0) {
          if (selection.description !== '') commentOnly += 1;
          continue;
        }
        for (const coding of selection.codings) {
          const user = coding.creatingUser ?? selection.creatingUser;
          if (
            insertCoding(
              source,
              coding.guid,
              coding.codeGuid,
              selection.start,
              selection.end,
              user,
              coding.createdAt ?? selection.createdAt,
              selection.description,
            )
          ) {
            const list = selectionCodings.get(selection.guid);
            if (list) list.push(coding.guid);
            else selectionCodings.set(selection.guid, [coding.guid]);
          }
        }
      }
      for (const coding of source.codings) {
        if (
          insertCoding(
            source,
            coding.guid,
            coding.codeGuid,
            0,
            (texts.get(source.guid) as string).length,
            coding.creatingUser,
            coding.createdAt,
            '',
          )
        )
          wholeSource += 1;
      }
    }
    if (bad > 0)
      report.push(
        `${bad} coding${bad === 1 ? '' : 's'} could not be placed (empty, outside the text, or splitting a character) and ${bad === 1 ? 'was' : 'were'} left out.`,
      );
    if (commentOnly > 0)
      report.push(
        `${commentOnly} comment${commentOnly === 1 ? '' : 's'} on passages without a code ${commentOnly === 1 ? 'was' : 'were'} not kept (a comment needs a coded passage in Marginalia).`,
      );
    if (wholeSource > 0)
      report.push(
        `${wholeSource} coding${wholeSource === 1 ? '' : 's'} of whole sources became codings of their entire text.`,
      );

    // Memos: the first target decides what a memo is about.
    let retargeted = 0;
    let withDescription = 0;
    for (const note of model.notes) {
      if (exists('memos', note.guid)) continue;
      const resolve = (target: NoteTarget | undefined): { type: string; id: string | null } => {
        if (!target || target.kind === 'project' || target.guid === null) return { type: 'project', id: null };
        if (target.kind === 'code' && codeIds.has(target.guid)) return { type: 'code', id: target.guid };
        if (target.kind === 'source' && texts.has(target.guid)) return { type: 'source', id: target.guid };
        if (target.kind === 'coding' && exists('codings', target.guid)) return { type: 'coding', id: target.guid };
        const onSelection = target.kind === 'selection' ? selectionCodings.get(target.guid) : undefined;
        if (onSelection && onSelection.length > 0) return { type: 'coding', id: onSelection[0] };
        retargeted += 1;
        return { type: 'project', id: null };
      };
      if (note.targets.length > 1) retargeted += 1;
      const target = resolve(note.targets[0]);
      if (note.description !== '') withDescription += 1;
      action.insert('memos', {
        id: note.guid,
        target_type: target.type,
        target_id: target.id,
        title: note.name,
        body: note.description === '' ? note.text : `${note.text}\n\n${note.description}`,
        author_id: note.creatingUser !== null ? (coderIds.get(note.creatingUser) ?? null) : null,
        created_at: note.createdAt ?? now,
        updated_at: note.modifiedAt ?? note.createdAt ?? now,
      });
      counts.memos += 1;
    }
    if (retargeted > 0)
      report.push(
        `${retargeted} memo${retargeted === 1 ? '' : 's'} referred to several things or to something not imported; ${retargeted === 1 ? 'it is' : 'they are'} attached to the first, or to the project.`,
      );
    if (withDescription > 0)
      report.push(
        `${withDescription} memo${withDescription === 1 ? '' : 's'} had a separate description, which was added to the end of the memo text.`,
      );
  });
  return { report, ...counts };
}
