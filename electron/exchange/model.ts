import { createHash } from 'node:crypto';

/*
 * The neutral in-memory model of a REFI-QDA project (docs/EXCHANGE.md). Readers produce it,
 * writers consume it, and it maps one to one onto a Marginalia project:
 *
 *   users            → coders        (guid = coders.id)
 *   codes (tree)     → codes         (guid = id, parent from the tree, position = index)
 *   variables        → attributes    (Text/Boolean/DateTime → text, Integer/Float → number, Date → date)
 *   source.variableValues → attribute_values
 *   sources          → sources       (guid = id, text = text)
 *   selection × coding → codings     (coding.guid = codings.id, selection range, coder, memo = selection.description)
 *   notes            → memos         (first target decides target_type / target_id)
 *   cases, sets      → kept in the model; the project has no table for them yet
 *
 * Every GUID in the model is lower case without braces, the form our ids take. Every text
 * position is a UTF-16 offset (a JavaScript string index) into the source's `text`, whatever
 * unit the file used.
 */

/** REFI-QDA variable types (Project.xsd `typeOfVariableType`). */
export const VARIABLE_TYPES = ['Text', 'Boolean', 'Integer', 'Float', 'Date', 'DateTime'] as const;
export type VariableType = (typeof VARIABLE_TYPES)[number];

export type ExchangeUser = Readonly<{
  guid: string;
  name: string;
  /** NVivo's `id` attribute (initials); null when absent. */
  initials: string | null;
}>;

export type ExchangeCode = Readonly<{
  guid: string;
  name: string;
  /** `#rrggbb`, lower case; null when the file gave none (or an unreadable one). */
  color: string | null;
  description: string;
  /** false for folders that only group codes (QualCoder categories). */
  isCodable: boolean;
  children: readonly ExchangeCode[];
}>;

export type ExchangeVariable = Readonly<{
  guid: string;
  name: string;
  type: VariableType;
  description: string;
}>;

/** A variable's value on a source or case, as written (xsd lexical form); null = no value. */
export type ExchangeVariableValue = Readonly<{ variableGuid: string; value: string | null }>;

export type ExchangeCoding = Readonly<{
  guid: string;
  codeGuid: string;
  creatingUser: string | null;
  createdAt: string | null;
}>;

export type ExchangeSelection = Readonly<{
  guid: string;
  /** The quoted text the exporter wrote (may be truncated with "…", or empty); null if absent. */
  name: string | null;
  /**
   * Half-open [start, end) in UTF-16 code units of the source's `text`. When the source's
   * text is null (a .qde without its files) they are the positions exactly as written.
   */
  start: number;
  end: number;
  /** The selection's memo (REFI `Description`). */
  description: string;
  creatingUser: string | null;
  createdAt: string | null;
  codings: readonly ExchangeCoding[];
}>;

/** The original rich file a text was extracted from (.docx for a TextSource, .pdf for a PDFSource). */
export type ExchangeOriginal = Readonly<{ extension: string; bytes: Uint8Array }>;

export type ExchangeSource = Readonly<{
  guid: string;
  name: string;
  /** 'pdf' sources travel as PDFSource with a text Representation; all others as TextSource. */
  kind: 'text' | 'pdf';
  /** Plain text: BOM removed, line endings LF. Null when the file could not be read. */
  text: string | null;
  original: ExchangeOriginal | null;
  description: string;
  creatingUser: string | null;
  createdAt: string | null;
  modifiedAt: string | null;
  selections: readonly ExchangeSelection[];
  /** Codings of the whole source (REFI `Coding` directly under the source). */
  codings: readonly ExchangeCoding[];
  variableValues: readonly ExchangeVariableValue[];
}>;

export type ExchangeCase = Readonly<{
  guid: string;
  name: string | null;
  description: string;
  codeGuids: readonly string[];
  sourceGuids: readonly string[];
  variableValues: readonly ExchangeVariableValue[];
}>;

export type NoteTargetKind = 'project' | 'code' | 'source' | 'selection' | 'coding';
/** What a note is attached to; guid is null for the project itself. */
export type NoteTarget = Readonly<{ kind: NoteTargetKind; guid: string | null }>;

export type ExchangeNote = Readonly<{
  guid: string;
  name: string;
  text: string;
  description: string;
  creatingUser: string | null;
  createdAt: string | null;
  modifiedAt: string | null;
  /** From NoteRef elements and from Links between a note and another object, in file order. */
  targets: readonly NoteTarget[];
}>;

export type ExchangeSet = Readonly<{
  guid: string;
  name: string;
  description: string;
  codeGuids: readonly string[];
  sourceGuids: readonly string[];
  noteGuids: readonly string[];
}>;

export type ExchangeProject = Readonly<{
  name: string;
  /** The producing tool and version (`origin`), used to detect its quirks. */
  origin: string | null;
  description: string;
  creatingUserGuid: string | null;
  createdAt: string | null;
  modifiedAt: string | null;
  users: readonly ExchangeUser[];
  codes: readonly ExchangeCode[];
  variables: readonly ExchangeVariable[];
  cases: readonly ExchangeCase[];
  sources: readonly ExchangeSource[];
  notes: readonly ExchangeNote[];
  sets: readonly ExchangeSet[];
  /** One sentence per thing that could not be carried over, for the researcher to read. */
  report: readonly string[];
}>;

/** A codebook exchange file (.qdc): codes and code sets only. */
export type ExchangeCodebook = Readonly<{
  origin: string | null;
  codes: readonly ExchangeCode[];
  sets: readonly ExchangeSet[];
  report: readonly string[];
}>;

const GUID = /^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$/;

/** A GUID in our form (lower case, no braces), or null when `value` is not a GUID (GUIDE.md §6). */
export function normaliseGuid(value: string | undefined | null): string | null {
  if (value === undefined || value === null) return null;
  const match = GUID.exec(value.trim());
  if (!match) return null;
  // Braces must come in pairs: "{x" or "x}" is not a GUID.
  const trimmed = value.trim();
  if (trimmed.startsWith('{') !== trimmed.endsWith('}')) return null;
  return match[1].toLowerCase();
}

/**
 * A stable GUID derived from `seed` (a name-based UUID, version 5 layout over SHA-1). Used
 * where REFI-QDA needs an id we do not store, such as the selection around one of our
 * codings, so every export of the same project writes the same GUIDs.
 */
export function deriveGuid(seed: string): string {
  const hash = createHash('sha1').update(`marginalia:${seed}`, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Every code of a tree, depth first, with its parent's guid. */
export function flattenCodes(
  codes: readonly ExchangeCode[],
  parentGuid: string | null = null,
): { code: ExchangeCode; parentGuid: string | null; position: number }[] {
  const flat: { code: ExchangeCode; parentGuid: string | null; position: number }[] = [];
  codes.forEach((code, position) => {
    flat.push({ code, parentGuid, position });
    flat.push(...flattenCodes(code.children, code.guid));
  });
  return flat;
}

/** Number of codings in a project: one per (selection, coding) pair plus whole-source codings. */
export function countCodings(project: Pick<ExchangeProject, 'sources'>): number {
  let total = 0;
  for (const source of project.sources) {
    total += source.codings.length;
    for (const selection of source.selections) total += selection.codings.length;
  }
  return total;
}
