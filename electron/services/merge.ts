import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import type { AttributeType } from '../../shared/domain/types';
import { orderCodebook } from '../../shared/domain/codebook';
import type { CodeId } from '../../shared/domain/ids';
import { paletteColor } from '../../shared/domain/palette';
import type { Action } from '../store/changeLog';
import { createDatabase, openDatabaseReadOnly, type Db } from '../store/database';
import { importModelIntoProject } from '../exchange/project';
import { decodeXml, readQde, readQdpx } from '../exchange/read';
import type { ExchangeProject } from '../exchange/model';
import { UserError } from '../util/errors';
import { inferAttributeType } from './attributes';
import { act, ensureCoder, type ProjectSession } from './session';
import type { MergeConflict, MergeCount, MergePreview } from '../../shared/domain/types';
import type { CodingRow, MemoRow } from '../store/rowTypes';

/*
 * Merging a colleague's work into the open project (issue 6, docs/EXCHANGE.md "Merging").
 * Their file — a .marginalia copy (read from an in-memory copy, never written) or a REFI-QDA
 * .qdpx/.qde (read into a scratch project first, so every rule of the exchange import applies)
 * — is compared row by row with this project:
 *
 *   coders      by id, then by name
 *   codes       by id, then by name under the matched parent (the path)
 *   attributes  by id, then by name
 *   sources     by id, then by SHA-256 of the text; same id with different text is refused
 *   codings     by id, then by (source, code, start, end, coder), so a tool that re-mints ids adds nothing twice
 *   memos       by id
 *
 * Nothing of theirs overwrites ours: a different value is a conflict shown in the preview,
 * and ours is kept. Anything deleted here (a logged deletion that is not undone) is not
 * brought back. The merge is one action in the change log, so one undo takes it back.
 */

/** A colleague's file: on disk (the CLI, Electron's open dialog) or its bytes (browser mode). */
export type MergeFile = Readonly<{ path: string }> | Readonly<{ name: string; data: Uint8Array }>;

export type { MergeConflict, MergeCount, MergePreview };

type CoderRow = { id: string; name: string; created_at: string };
type CodeRow = {
  id: string;
  parent_id: string | null;
  name: string;
  color: string;
  description: string;
  position: number;
  created_at: string;
};
type AttributeRow = { id: string; name: string; type: AttributeType; position: number };
type ValueRow = { source_id: string; attribute_id: string; value: string };
type SourceRow = {
  id: string;
  name: string;
  kind: string;
  text: string;
  text_length: number;
  text_hash: string;
  original_name: string;
  original_type: string;
  original_bytes: Buffer | null;
  structure: string;
  imported_at: string;
  position: number;
};

/** Every row of a project that a merge looks at. */
type ProjectRows = {
  coders: CoderRow[];
  codes: CodeRow[];
  attributes: AttributeRow[];
  values: ValueRow[];
  sources: SourceRow[];
  codings: CodingRow[];
  memos: MemoRow[];
};

type Incoming = ProjectRows & { file: string; format: MergePreview['format']; report: string[] };

function readRows(db: Db): ProjectRows {
  return {
    coders: db.prepare('SELECT id, name, created_at FROM coders ORDER BY created_at, name').all() as CoderRow[],
    codes: db
      .prepare('SELECT id, parent_id, name, color, description, position, created_at FROM codes')
      .all() as CodeRow[],
    attributes: db.prepare('SELECT id, name, type, position FROM attributes ORDER BY position, name').all() as AttributeRow[],
    // Ordered as the project shows them, so a preview lists values and conflicts the same way every time.
    values: db
      .prepare(
        `SELECT v.source_id, v.attribute_id, v.value FROM attribute_values v
         JOIN sources s ON s.id = v.source_id JOIN attributes a ON a.id = v.attribute_id
         ORDER BY s.position, s.name, a.position, a.name`,
      )
      .all() as ValueRow[],
    sources: db
      .prepare(
        `SELECT id, name, kind, text, text_length, text_hash, original_name, original_type, original_bytes,
                structure, imported_at, position FROM sources ORDER BY position, name`,
      )
      .all() as SourceRow[],
    codings: db
      .prepare(
        `SELECT c.id, c.source_id, c.code_id, c.start, c."end", c.coder_id, c.created_at, c.memo
         FROM codings c JOIN sources s ON s.id = c.source_id ORDER BY s.position, s.name, c.start, c."end", c.id`,
      )
      .all() as CodingRow[],
    memos: db
      .prepare('SELECT id, target_type, target_id, title, body, author_id, created_at, updated_at FROM memos ORDER BY created_at, id')
      .all() as MemoRow[],
  };
}

/** Reads a REFI-QDA model into a scratch project, so merge sees the same rows an import would write. */
function rowsFromModel(model: ExchangeProject): { rows: ProjectRows; report: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'marginalia-merge-'));
  try {
    const db = createDatabase(join(dir, 'incoming.marginalia'));
    try {
      // Codings the file attributes to no one land on this placeholder; it is added here only if used.
      const coder = ensureCoder(db, 'Unknown coder');
      const session: ProjectSession = { db, path: join(dir, 'incoming.marginalia'), coder, warnings: [] };
      const result = importModelIntoProject(session, model);
      const rows = readRows(db);
      return { rows, report: [...result.report] };
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function formatOf(name: string): MergePreview['format'] {
  const extension = extname(name).toLowerCase();
  if (extension === '.marginalia') return 'marginalia';
  if (extension === '.qdpx') return 'qdpx';
  if (extension === '.qde') return 'qde';
  if (extension === '.qdc') {
    throw new UserError(
      'unsupported-format',
      `${name} is a codebook (.qdc), not a colleague's project; add a codebook with "marginalia import".`,
    );
  }
  throw new UserError(
    'unsupported-format',
    `Merge reads a colleague's Marginalia project (.marginalia) or a REFI-QDA project (.qdpx, .qde), not ${extension || 'a file without an extension'}.`,
  );
}

function readBytes(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch {
    throw new UserError('not-found', `Cannot read ${path}.`);
  }
}

/** Reads the colleague's file into rows; their .marginalia is only ever read. */
function loadIncoming(file: MergeFile): Incoming {
  const name = 'path' in file ? basename(file.path) : basename(file.name);
  const format = formatOf(name);
  if (format === 'marginalia') {
    let db: Db;
    if ('path' in file) {
      db = openDatabaseReadOnly(file.path);
    } else {
      // An uploaded copy: written to a private folder only long enough to read it into memory.
      const dir = mkdtempSync(join(tmpdir(), 'marginalia-merge-'));
      try {
        const path = join(dir, 'colleague.marginalia');
        writeFileSync(path, file.data);
        db = openDatabaseReadOnly(path);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    try {
      return { ...readRows(db), file: name, format, report: [] };
    } finally {
      db.close();
    }
  }
  const bytes = 'path' in file ? readBytes(file.path) : file.data;
  const model = format === 'qdpx' ? readQdpx(bytes, { fileName: name }) : readQde(decodeXml(bytes), { fileName: name });
  const { rows, report } = rowsFromModel(model);
  return { ...rows, file: name, format, report };
}

/** Ids of rows of `entity` whose deletion is logged here and not undone. */
function deletedHere(db: Db, entity: string): Set<string> {
  const rows = db
    .prepare(
      `SELECT DISTINCT c.entity_id AS id FROM change_log c
       WHERE c.entity = ? AND c.after IS NULL AND c.before IS NOT NULL
         AND NOT EXISTS (
           SELECT 1 FROM undo_state u WHERE u.group_id = c.group_id AND u.undone = 1
             AND u.seq = (SELECT max(seq) FROM undo_state WHERE group_id = c.group_id))`,
    )
    .all(entity) as { id: string }[];
  return new Set(rows.map((row) => row.id));
}

function isLowSurrogate(text: string, index: number): boolean {
  const unit = text.charCodeAt(index);
  return unit >= 0xdc00 && unit <= 0xdfff;
}

function fits(type: AttributeType, value: string): boolean {
  return type === 'text' || inferAttributeType(value) === type;
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

function paths(codes: readonly CodeRow[]): Map<string, string> {
  const ordered = orderCodebook(codes.map((code) => ({ ...code, id: code.id as CodeId, parentId: code.parent_id as CodeId | null })));
  return new Map(ordered.map((entry) => [entry.code.id as string, entry.path]));
}

type Plan = { preview: MergePreview; write: (action: Action) => void };

/** Compares the colleague's rows with the project's and decides every row to add. Writes nothing. */
function planMerge(db: Db, incoming: Incoming): Plan {
  const mine = readRows(db);
  const skipped: string[] = [];
  const conflicts: MergeConflict[] = [];
  const deleted = {
    sources: deletedHere(db, 'sources'),
    codes: deletedHere(db, 'codes'),
    codings: deletedHere(db, 'codings'),
    memos: deletedHere(db, 'memos'),
  };
  const inserts = {
    coders: [] as CoderRow[],
    codes: [] as CodeRow[],
    attributes: [] as AttributeRow[],
    attributeTypes: new Map<string, AttributeType>(),
    sources: [] as SourceRow[],
    values: [] as ValueRow[],
    codings: [] as CodingRow[],
    memos: [] as MemoRow[],
  };
  const matched = { sourcesById: 0, sourcesByText: 0, codesById: 0, codesByPath: 0, codings: 0, memos: 0 };

  // Coders: by id, then by name. A new coder is added only when something added refers to it.
  const myCoders = new Map(mine.coders.map((coder) => [coder.id, coder]));
  const myCoderByName = new Map(mine.coders.map((coder) => [coder.name.toLowerCase(), coder.id]));
  const theirCoders = new Map(incoming.coders.map((coder) => [coder.id, coder]));
  const coderMap = new Map<string, string>();
  const coderFor = (theirId: string): string => {
    const known = coderMap.get(theirId);
    if (known) return known;
    const theirs = theirCoders.get(theirId) ?? { id: theirId, name: 'Unknown coder', created_at: new Date().toISOString() };
    let id = myCoders.has(theirId) ? theirId : myCoderByName.get(theirs.name.toLowerCase());
    if (!id) {
      id = theirId;
      inserts.coders.push(theirs);
      myCoderByName.set(theirs.name.toLowerCase(), id);
    }
    coderMap.set(theirId, id);
    return id;
  };

  // Codes, parents first: by id, then by name under the matched parent.
  const myCodes = new Map(mine.codes.map((code) => [code.id, code]));
  const myPaths = paths(mine.codes);
  const theirPaths = paths(incoming.codes);
  const children = new Map<string, Map<string, string>>();
  const nextPosition = new Map<string, number>();
  const childKey = (parentId: string | null): string => parentId ?? '';
  for (const code of mine.codes) {
    const key = childKey(code.parent_id);
    const siblings = children.get(key) ?? new Map<string, string>();
    siblings.set(code.name, code.id);
    children.set(key, siblings);
    nextPosition.set(key, Math.max(nextPosition.get(key) ?? 0, code.position + 1));
  }
  const codeMap = new Map<string, string>();
  let codesDeletedHere = 0;
  let colorIndex = mine.codes.length;
  const theirOrder = orderCodebook(
    incoming.codes.map((code) => ({ ...code, id: code.id as CodeId, parentId: code.parent_id as CodeId | null })),
  );
  for (const { code } of theirOrder) {
    const theirPath = theirPaths.get(code.id) ?? code.name;
    if (myCodes.has(code.id)) {
      codeMap.set(code.id, code.id);
      matched.codesById += 1;
      const myPath = myPaths.get(code.id) ?? '';
      if (myPath !== theirPath) {
        conflicts.push({
          kind: 'code-renamed',
          codeId: code.id,
          mine: myPath,
          theirs: theirPath,
          message: `The code "${myPath}" is "${theirPath}" in ${incoming.file}; it keeps its name here, and their codings with it are merged onto it.`,
        });
      }
      continue;
    }
    if (code.parent_id !== null && !codeMap.has(code.parent_id)) {
      // Its parent was deleted here, so the branch stays deleted.
      codesDeletedHere += 1;
      continue;
    }
    const parentId = code.parent_id === null ? null : (codeMap.get(code.parent_id) as string);
    const key = childKey(parentId);
    const siblings = children.get(key) ?? new Map<string, string>();
    children.set(key, siblings);
    const samePath = siblings.get(code.name);
    if (samePath) {
      codeMap.set(code.id, samePath);
      matched.codesByPath += 1;
      continue;
    }
    // Deleted here and not made again under that name: it stays deleted.
    if (deleted.codes.has(code.id)) {
      codesDeletedHere += 1;
      continue;
    }
    const position = nextPosition.get(key) ?? 0;
    nextPosition.set(key, position + 1);
    const row: CodeRow = {
      id: code.id,
      parent_id: parentId,
      name: code.name,
      color: /^#[0-9a-f]{6}$/i.test(code.color) ? code.color.toLowerCase() : paletteColor(colorIndex),
      description: code.description,
      position,
      created_at: code.created_at,
    };
    colorIndex += 1;
    inserts.codes.push(row);
    siblings.set(code.name, code.id);
    codeMap.set(code.id, code.id);
  }
  if (codesDeletedHere > 0) {
    skipped.push(
      `${plural(codesDeletedHere, 'code')} deleted in this project ${codesDeletedHere === 1 ? 'is' : 'are'} not added back, nor their codings.`,
    );
  }

  // Attributes: by id, then by name.
  const myAttributes = new Map(mine.attributes.map((attribute) => [attribute.id, attribute]));
  const myAttributeByName = new Map(mine.attributes.map((attribute) => [attribute.name.toLowerCase(), attribute]));
  const attributeMap = new Map<string, AttributeRow>();
  let attributePosition = mine.attributes.reduce((most, attribute) => Math.max(most, attribute.position + 1), 0);
  for (const attribute of incoming.attributes) {
    const existing = myAttributes.get(attribute.id) ?? myAttributeByName.get(attribute.name.toLowerCase());
    if (existing) {
      attributeMap.set(attribute.id, existing);
      continue;
    }
    const row = { ...attribute, position: attributePosition };
    attributePosition += 1;
    inserts.attributes.push(row);
    attributeMap.set(attribute.id, row);
    myAttributeByName.set(row.name.toLowerCase(), row);
  }

  // Sources: by id (the text must be the same), then by text hash.
  const mySources = new Map(mine.sources.map((source) => [source.id, source]));
  const myByHash = new Map<string, SourceRow[]>();
  for (const source of mine.sources) {
    const list = myByHash.get(source.text_hash) ?? [];
    list.push(source);
    myByHash.set(source.text_hash, list);
  }
  const sourceNames = new Set(mine.sources.map((source) => source.name));
  let sourcePosition = mine.sources.reduce((most, source) => Math.max(most, source.position + 1), 0);
  const sourceMap = new Map<string, SourceRow>();
  const refused = new Map<string, { mine: SourceRow; theirs: SourceRow }>();
  let sourcesDeletedHere = 0;
  const theirSourceIds = new Set<string>();
  for (const source of incoming.sources) {
    theirSourceIds.add(source.id);
    const sameId = mySources.get(source.id);
    if (sameId) {
      if (sameId.text_hash === source.text_hash) {
        sourceMap.set(source.id, sameId);
        matched.sourcesById += 1;
      } else {
        // Their offsets refer to another text: placing their codings here would mark the wrong passages.
        refused.set(source.id, { mine: sameId, theirs: source });
      }
      continue;
    }
    const sameText = myByHash.get(source.text_hash);
    if (sameText && sameText.length > 0) {
      sourceMap.set(source.id, sameText.find((candidate) => candidate.name === source.name) ?? sameText[0]);
      matched.sourcesByText += 1;
      continue;
    }
    // Deleted here and not imported again: it stays deleted.
    if (deleted.sources.has(source.id)) {
      sourcesDeletedHere += 1;
      continue;
    }
    let name = source.name;
    for (let index = 2; sourceNames.has(name); index += 1) name = `${source.name} (${index})`;
    sourceNames.add(name);
    const row = { ...source, name, position: sourcePosition };
    sourcePosition += 1;
    inserts.sources.push(row);
    sourceMap.set(source.id, row);
    const list = myByHash.get(row.text_hash) ?? [];
    list.push(row);
    myByHash.set(row.text_hash, list);
  }
  if (sourcesDeletedHere > 0) {
    skipped.push(
      `${plural(sourcesDeletedHere, 'source')} deleted in this project ${sourcesDeletedHere === 1 ? 'is' : 'are'} not added back, nor what is coded in ${sourcesDeletedHere === 1 ? 'it' : 'them'}.`,
    );
  }

  // Attribute values: added where this project has none; a different value is a conflict.
  const myValues = new Map(mine.values.map((value) => [`${value.source_id}\u0000${value.attribute_id}`, value.value]));
  const attributeTypes = new Map(mine.attributes.map((attribute) => [attribute.id, attribute.type]));
  for (const attribute of inserts.attributes) attributeTypes.set(attribute.id, attribute.type);
  const widened = new Set<string>();
  for (const value of incoming.values) {
    const source = sourceMap.get(value.source_id);
    const attribute = attributeMap.get(value.attribute_id);
    if (!source || !attribute) continue;
    const key = `${source.id}\u0000${attribute.id}`;
    const current = myValues.get(key);
    if (current === value.value) continue;
    if (current !== undefined) {
      conflicts.push({
        kind: 'attribute-value',
        sourceId: source.id,
        source: source.name,
        attribute: attribute.name,
        mine: current,
        theirs: value.value,
        message: `${source.name}: ${attribute.name} is "${current}" here and "${value.value}" in ${incoming.file}; "${current}" is kept.`,
      });
      continue;
    }
    const type = attributeTypes.get(attribute.id) ?? 'text';
    if (!fits(type, value.value) && !widened.has(attribute.id)) {
      // As when a researcher types such a value: the attribute widens to text rather than refusing the data.
      widened.add(attribute.id);
      attributeTypes.set(attribute.id, 'text');
      const isNew = inserts.attributes.find((row) => row.id === attribute.id);
      if (isNew) isNew.type = 'text';
      else inserts.attributeTypes.set(attribute.id, 'text');
      conflicts.push({
        kind: 'attribute-type',
        attribute: attribute.name,
        mine: type,
        theirs: value.value,
        message: `${attribute.name} holds ${type === 'number' ? 'numbers' : 'dates'} here, but ${incoming.file} has "${value.value}"; it becomes a text attribute.`,
      });
    }
    myValues.set(key, value.value);
    inserts.values.push({ source_id: source.id, attribute_id: attribute.id, value: value.value });
  }

  // Codings: by id, then by content (a re-exported file may carry new ids for the same codings).
  const myCodingIds = new Set(mine.codings.map((coding) => coding.id));
  const contentKey = (coding: Pick<CodingRow, 'source_id' | 'code_id' | 'start' | 'end' | 'coder_id'>): string =>
    `${coding.source_id}|${coding.code_id}|${coding.start}|${coding.end}|${coding.coder_id}`;
  const byContent = new Map(mine.codings.map((coding) => [contentKey(coding), coding.id]));
  const codingMap = new Map<string, string>();
  let codingsDeletedHere = 0;
  let unplaceable = 0;
  const refusedCodings = new Map<string, number>();
  for (const coding of incoming.codings) {
    if (refused.has(coding.source_id)) {
      refusedCodings.set(coding.source_id, (refusedCodings.get(coding.source_id) ?? 0) + 1);
      continue;
    }
    const source = sourceMap.get(coding.source_id);
    const codeId = codeMap.get(coding.code_id);
    if (myCodingIds.has(coding.id)) {
      codingMap.set(coding.id, coding.id);
      matched.codings += 1;
      continue;
    }
    if (deleted.codings.has(coding.id)) {
      codingsDeletedHere += 1;
      continue;
    }
    if (!source || !codeId) continue;
    const valid =
      coding.start >= 0 &&
      coding.end > coding.start &&
      coding.end <= source.text.length &&
      !isLowSurrogate(source.text, coding.start) &&
      !(coding.end < source.text.length && isLowSurrogate(source.text, coding.end));
    if (!valid) {
      unplaceable += 1;
      continue;
    }
    const row: CodingRow = { ...coding, source_id: source.id, code_id: codeId, coder_id: coderFor(coding.coder_id) };
    const same = byContent.get(contentKey(row));
    if (same) {
      codingMap.set(coding.id, same);
      matched.codings += 1;
      continue;
    }
    inserts.codings.push(row);
    byContent.set(contentKey(row), row.id);
    codingMap.set(coding.id, row.id);
  }
  for (const [sourceId, { mine: source, theirs }] of refused) {
    const count = refusedCodings.get(sourceId) ?? 0;
    conflicts.push({
      kind: 'source-text-differs',
      sourceId,
      source: source.name,
      theirs: theirs.name,
      codings: count,
      message: `${source.name}: the text in ${incoming.file} differs from the text here, so nothing of it is merged (${plural(count, 'coding')} left out): their positions would mark the wrong passages.`,
    });
  }
  if (codingsDeletedHere > 0) {
    skipped.push(`${plural(codingsDeletedHere, 'coding')} deleted in this project ${codingsDeletedHere === 1 ? 'is' : 'are'} not added back.`);
  }
  if (unplaceable > 0) {
    skipped.push(`${plural(unplaceable, 'coding')} could not be placed in the text here and ${unplaceable === 1 ? 'was' : 'were'} left out.`);
  }

  // Memos: by id; a memo whose subject is not here (left out above) stays out too.
  const myMemos = new Map(mine.memos.map((memo) => [memo.id, memo]));
  let memosDeletedHere = 0;
  let memosWithoutSubject = 0;
  for (const memo of incoming.memos) {
    const existing = myMemos.get(memo.id);
    if (existing) {
      matched.memos += 1;
      if (existing.body !== memo.body || existing.title !== memo.title) {
        conflicts.push({
          kind: 'memo-differs',
          memoId: memo.id,
          title: existing.title,
          message: `The memo "${existing.title || existing.body.slice(0, 40)}" was edited here or in ${incoming.file}; the text here is kept.`,
        });
      }
      continue;
    }
    if (deleted.memos.has(memo.id)) {
      memosDeletedHere += 1;
      continue;
    }
    let targetId: string | null = null;
    if (memo.target_type === 'source') targetId = sourceMap.get(memo.target_id ?? '')?.id ?? null;
    else if (memo.target_type === 'code') targetId = codeMap.get(memo.target_id ?? '') ?? null;
    else if (memo.target_type === 'coding') targetId = codingMap.get(memo.target_id ?? '') ?? null;
    if (memo.target_type !== 'project' && targetId === null) {
      memosWithoutSubject += 1;
      continue;
    }
    inserts.memos.push({
      ...memo,
      target_id: memo.target_type === 'project' ? null : targetId,
      author_id: memo.author_id === null ? null : coderFor(memo.author_id),
    });
  }
  if (memosDeletedHere > 0) {
    skipped.push(`${plural(memosDeletedHere, 'memo')} deleted in this project ${memosDeletedHere === 1 ? 'is' : 'are'} not added back.`);
  }
  if (memosWithoutSubject > 0) {
    skipped.push(
      `${plural(memosWithoutSubject, 'memo')} about something that is not merged ${memosWithoutSubject === 1 ? 'was' : 'were'} left out.`,
    );
  }

  // The preview, in this project's names.
  const coderNames = new Map([...mine.coders, ...inserts.coders].map((coder) => [coder.id, coder.name]));
  const allSources = new Map([...mine.sources, ...inserts.sources].map((source) => [source.id, source]));
  const allPaths = paths([...mine.codes, ...inserts.codes]);
  const allAttributes = new Map([...mine.attributes, ...inserts.attributes].map((attribute) => [attribute.id, attribute]));
  // Codes in codebook order, coders by name: the same file always previews the same way.
  const codebookOrder = new Map([...allPaths.values()].map((path, index) => [path, index]));
  const tally = (keys: string[], order: (a: string, b: string) => number): MergeCount[] => {
    const counts = new Map<string, number>();
    for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
    return [...counts].sort(([a], [b]) => order(a, b)).map(([name, count]) => ({ name, count }));
  };
  const codingSources = new Map([...mine.codings, ...inserts.codings].map((coding) => [coding.id, coding.source_id]));
  const about = (memo: MemoRow): string => {
    switch (memo.target_type) {
      case 'project':
        return 'the project';
      case 'source':
        return `source "${allSources.get(memo.target_id ?? '')?.name ?? ''}"`;
      case 'code':
        return `code "${allPaths.get(memo.target_id ?? '') ?? ''}"`;
      case 'coding':
        return `a coding in "${allSources.get(codingSources.get(memo.target_id ?? '') ?? '')?.name ?? ''}"`;
    }
  };
  const add: MergePreview['add'] = {
    coders: inserts.coders.map((coder) => ({ id: coder.id, name: coder.name })),
    codes: inserts.codes.map((code) => ({ id: code.id, path: allPaths.get(code.id) ?? code.name, color: code.color })),
    sources: inserts.sources.map((source) => ({ id: source.id, name: source.name, length: source.text_length })),
    attributes: inserts.attributes.map((attribute) => ({ id: attribute.id, name: attribute.name, type: attribute.type })),
    attributeValues: inserts.values.map((value) => ({
      sourceId: value.source_id,
      source: allSources.get(value.source_id)?.name ?? '',
      attribute: allAttributes.get(value.attribute_id)?.name ?? '',
      value: value.value,
    })),
    codings: {
      total: inserts.codings.length,
      byCoder: tally(
        inserts.codings.map((coding) => coderNames.get(coding.coder_id) ?? ''),
        (a, b) => a.localeCompare(b),
      ),
      byCode: tally(
        inserts.codings.map((coding) => allPaths.get(coding.code_id) ?? ''),
        (a, b) => (codebookOrder.get(a) ?? 0) - (codebookOrder.get(b) ?? 0),
      ),
    },
    memos: inserts.memos.map((memo) => ({ id: memo.id, title: memo.title, about: about(memo) })),
  };
  const nothingToAdd =
    inserts.coders.length +
      inserts.codes.length +
      inserts.sources.length +
      inserts.attributes.length +
      inserts.attributeTypes.size +
      inserts.values.length +
      inserts.codings.length +
      inserts.memos.length ===
    0;
  const preview: MergePreview = {
    file: incoming.file,
    format: incoming.format,
    matched,
    add,
    conflicts,
    skipped,
    report: incoming.report,
    nothingToAdd,
  };

  // Parents before children: coders and codes (in codebook order) before what refers to them.
  const write = (action: Action): void => {
    for (const coder of inserts.coders) action.insert('coders', { ...coder });
    for (const code of inserts.codes) action.insert('codes', { ...code });
    for (const attribute of inserts.attributes) action.insert('attributes', { ...attribute });
    for (const [id, type] of inserts.attributeTypes) action.update('attributes', [id], { type });
    for (const source of inserts.sources) action.insert('sources', { ...source });
    for (const value of inserts.values) action.insert('attribute_values', { ...value });
    for (const coding of inserts.codings) action.insert('codings', { ...coding });
    for (const memo of inserts.memos) action.insert('memos', { ...memo });
  };
  return { preview, write };
}

function refuseSelf(session: ProjectSession, file: MergeFile): void {
  if (!('path' in file) || !existsSync(file.path)) return;
  if (realpathSync(file.path) === realpathSync(session.path)) {
    throw new UserError('invalid-arguments', `${basename(file.path)} is this project itself; choose your colleague's copy.`);
  }
}

/** What merging `file` would add and which conflicts it has, without writing anything. */
export function previewMerge(session: ProjectSession, file: MergeFile): MergePreview {
  refuseSelf(session, file);
  return planMerge(session.db, loadIncoming(file)).preview;
}

/** Merges a colleague's file into the project as one undoable action; returns what was added. */
export function applyMerge(session: ProjectSession, file: MergeFile): MergePreview {
  refuseSelf(session, file);
  const incoming = loadIncoming(file);
  return act(session, `Merge ${incoming.file}`, (action) => {
    // Planned inside the transaction, so the project cannot change between plan and write.
    const plan = planMerge(session.db, incoming);
    if (!plan.preview.nothingToAdd) plan.write(action);
    return plan.preview;
  });
}
