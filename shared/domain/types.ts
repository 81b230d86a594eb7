import type { AttributeId, CodeId, CoderId, CodingId, ProjectId, SourceId } from './ids';

export const SOURCE_KINDS = ['transcript', 'policy', 'other'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const ATTRIBUTE_TYPES = ['text', 'number', 'date'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

export const FREQUENCY_UNITS = ['segments', 'documents', 'characters'] as const;
export type FrequencyUnit = (typeof FREQUENCY_UNITS)[number];

export type ProjectInfo = Readonly<{
  id: ProjectId;
  name: string;
  path: string;
  createdAt: string;
  schemaVersion: number;
  currentCoder: Coder;
  warnings: readonly string[];
}>;

export type Coder = Readonly<{ id: CoderId; name: string }>;

export type Attribute = Readonly<{
  id: AttributeId;
  name: string;
  type: AttributeType;
}>;

/** Attribute values of one source, keyed by attribute name. */
export type AttributeValues = Readonly<Record<string, string>>;

export type SourceSummary = Readonly<{
  id: SourceId;
  name: string;
  kind: SourceKind;
  length: number;
  textHash: string;
  importedAt: string;
  attributes: AttributeValues;
  codingCount: number;
}>;

export type Coding = Readonly<{
  id: CodingId;
  sourceId: SourceId;
  codeId: CodeId;
  start: number;
  end: number;
  coderId: CoderId;
  coderName: string;
  createdAt: string;
  memo: string;
}>;

/** A structural span of a source's text (paragraph, heading, speaker turn, article, page). */
export type StructureSpan = Readonly<{
  kind: 'paragraph' | 'heading' | 'turn' | 'article' | 'page';
  start: number;
  end: number;
  label: string | null;
  level: number | null;
}>;

export type SourceDetail = Readonly<
  SourceSummary & {
    text: string;
    codings: readonly Coding[];
    structure: readonly StructureSpan[];
  }
>;

export type Code = Readonly<{
  id: CodeId;
  parentId: CodeId | null;
  name: string;
  path: string;
  color: string;
  description: string;
  position: number;
  depth: number;
  /** Codings of this code alone (descendants not included). */
  segmentCount: number;
  /** Distinct sources with at least one coding of this code alone. */
  documentCount: number;
}>;

/**
 * A report sentence's stable key and parameters ("import.empty", { file }), beside the English
 * sentence it stands for: the interface shows the key's message in the researcher's language,
 * the CLI and the saved report the English. Counts are numbers (plural forms), the rest strings.
 */
export type KeyedMessage = Readonly<{ key: string; params: Readonly<Record<string, string | number>> }>;

/** Notes' keys by the English note they stand for; a note without an entry is shown in English. */
export type NoteKeys = Readonly<Record<string, KeyedMessage>>;

export type ImportedFile = Readonly<{
  file: string;
  sourceId: SourceId;
  name: string;
  length: number;
  /** What the researcher should know about this file (a guessed encoding, dropped images …). */
  notes: readonly string[];
  noteKeys?: NoteKeys;
}>;
export type SkippedFile = Readonly<{ file: string; reason: string; reasonKey?: KeyedMessage }>;
export type FailedFile = Readonly<{ file: string; reason: string; reasonKey?: KeyedMessage }>;

export type ImportReport = Readonly<{
  imported: readonly ImportedFile[];
  skipped: readonly SkippedFile[];
  failed: readonly FailedFile[];
}>;

export type FrequencyRow = Readonly<{
  code: string;
  codeId: CodeId;
  depth: number;
  values: Readonly<Record<string, number>>;
  total: number;
  coverage?: Readonly<Record<string, number>>;
}>;

export type FrequencyTable = Readonly<{
  by: string;
  unit: FrequencyUnit;
  coder: string | null;
  /** Column keys in display order: attribute values sorted, then "(none)". */
  columns: readonly string[];
  rows: readonly FrequencyRow[];
  totals: Readonly<Record<string, number>>;
  totalsCoverage?: Readonly<Record<string, number>>;
  /** For the characters unit: characters of all sources per column, and under "all". */
  sourceCharacters?: Readonly<Record<string, number>>;
}>;

export type UndoResult = Readonly<{ description: string }> | null;

export type RecentProject = Readonly<{ path: string; name: string; openedAt: string; exists: boolean }>;

export type MergeConflict =
  | Readonly<{
      kind: 'source-text-differs';
      sourceId: string;
      source: string;
      theirs: string;
      codings: number;
      message: string;
    }>
  | Readonly<{
      kind: 'attribute-value';
      sourceId: string;
      source: string;
      attribute: string;
      mine: string;
      theirs: string;
      message: string;
    }>
  | Readonly<{ kind: 'attribute-type'; attribute: string; mine: AttributeType; theirs: string; message: string }>
  | Readonly<{ kind: 'code-renamed'; codeId: string; mine: string; theirs: string; message: string }>
  | Readonly<{ kind: 'memo-differs'; memoId: string; title: string; message: string }>;

export type MergeCount = Readonly<{ name: string; count: number }>;

/** What a merge adds and what it leaves alone; the preview and the result have this shape. */
export type MergePreview = Readonly<{
  file: string;
  format: 'marginalia' | 'qdpx' | 'qde';
  matched: Readonly<{
    sourcesById: number;
    sourcesByText: number;
    codesById: number;
    codesByPath: number;
    codings: number;
    memos: number;
  }>;
  add: Readonly<{
    coders: readonly Readonly<{ id: string; name: string }>[];
    codes: readonly Readonly<{ id: string; path: string; color: string }>[];
    sources: readonly Readonly<{ id: string; name: string; length: number }>[];
    attributes: readonly Readonly<{ id: string; name: string; type: AttributeType }>[];
    attributeValues: readonly Readonly<{ sourceId: string; source: string; attribute: string; value: string }>[];
    codings: Readonly<{ total: number; byCoder: readonly MergeCount[]; byCode: readonly MergeCount[] }>;
    memos: readonly Readonly<{ id: string; title: string; about: string }>[];
  }>;
  conflicts: readonly MergeConflict[];
  /** Sentences about what is left out and why (deleted here, not placeable). */
  skipped: readonly string[];
  /** What the exchange reader could not carry over (REFI-QDA files only). */
  report: readonly string[];
  nothingToAdd: boolean;
}>;

export type ImportPhase = 'reading' | 'writing' | 'done';

/** The file formats the import readers tell apart. */
export type DocumentFormat = 'text' | 'markdown' | 'html' | 'docx' | 'odt' | 'pdf' | 'vtt' | 'srt' | 'csv' | 'xlsx';

/** What the import dialog shows for a file before it is imported. */
export type DocumentPreview = Readonly<{
  format: DocumentFormat;
  /** Null for formats that carry their own encoding (docx, odt, pdf, xlsx). */
  encoding: string | null;
  confidence: number;
  certain: boolean;
  firstLines: readonly string[];
  kind: SourceKind;
  notes: readonly string[];
  noteKeys?: NoteKeys;
}>;

export type FilePreview = Readonly<{ file: string; preview: DocumentPreview | null; error: string | null; errorKey?: KeyedMessage }>;

export type AttributeSheetReport = Readonly<{
  file: string;
  /** The sheet's attributes with the type they have in the project after the import. */
  attributes: readonly Readonly<{ name: string; type: AttributeType }>[];
  /** Rows whose values were set on a source of the batch or of the project. */
  matched: number;
  /** Rows naming no file of the batch and no source of the project. */
  unmatched: readonly Readonly<{ row: number; name: string }>[];
  notes: readonly string[];
  noteKeys?: NoteKeys;
}>;

/** A REFI-QDA codebook (.qdc) imported with a batch. */
export type CodebookImportReport = Readonly<{ file: string; codes: number; notes: readonly string[] }>;

/** The import report, with what concerns the batch as a whole. */
export type BatchReport = ImportReport &
  Readonly<{
    notes: readonly string[];
    noteKeys?: NoteKeys;
    attributeSheet: AttributeSheetReport | null;
    codebooks: readonly CodebookImportReport[];
  }>;
