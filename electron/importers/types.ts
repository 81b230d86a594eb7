import type { DocumentFormat, DocumentPreview } from '../../shared/domain/types';
import type { AttributeType, NoteKeys, SourceKind, StructureSpan } from '../../shared/domain/types';

/** What a format reader makes of one file, before it becomes a source. */
export type ParsedDocument = Readonly<{
  text: string;
  structure: readonly StructureSpan[];
  /** A kind the reader can tell from the content (a transcript's speaker turns), if any. */
  suggestedKind?: SourceKind;
  /** Things the researcher should know (dropped images, replaced bytes …). */
  notes: readonly string[];
  /** The notes' keys, for the interface's languages (shared/domain/types.ts NoteKeys). */
  noteKeys?: NoteKeys;
  mimeType: string;
  /** The reader found the text to be exactly the file's bytes as UTF-8 (no BOM, no CR), so its UTF-8 need not be encoded again. */
  bytesAreText?: boolean;
}>;

/** Limits that keep a hostile or accidental file from exhausting memory or time. */
export type ImportCaps = Readonly<{
  /** Largest file read at all, checked before reading (fs.stat) and again on the bytes. */
  maxFileBytes: number;
  /** Largest total a zip (docx, odt, xlsx) may expand to, declared or actually inflated. */
  maxInflatedBytes: number;
  /** Most entries a zip may list. */
  maxZipEntries: number;
  /** Most pages read from one PDF. */
  maxPdfPages: number;
  /** Most cues read from one subtitle file (.vtt, .srt). */
  maxCues: number;
  /** Longest text (UTF-16 code units) one source may have. */
  maxTextChars: number;
}>;

/** Per-call options for the readers. */
export type ParseOptions = Readonly<{
  /** The researcher's choice of text encoding (gb18030, gbk, big5, utf-16le, …); skips detection. */
  encoding?: string;
  caps?: Partial<ImportCaps>;
}>;


/** The result of guessing a text file's encoding. */
export type EncodingGuess = Readonly<{
  /** A WHATWG / iconv-lite encoding name, lower case (utf-8, gb18030, big5, utf-16le …). */
  encoding: string;
  /** 0–100. */
  confidence: number;
  /** True when a BOM, valid UTF-8, a declared charset or the researcher's choice settles it. */
  certain: boolean;
}>;


/** A spreadsheet read as strings: a header row and data rows padded to its width. */
export type Table = Readonly<{
  columns: readonly string[];
  rows: readonly (readonly string[])[];
  /** The spreadsheet row number (1 = header) of each data row, so messages can cite it. */
  rowNumbers: readonly number[];
  notes: readonly string[];
  noteKeys: NoteKeys;
}>;

/** How a survey table becomes sources. */
export type SurveyOptions = Readonly<{
  textColumn: string;
  mode: 'row-per-source' | 'row-per-passage';
  attributeColumns: readonly string[];
  /** A column naming each source (row-per-source); otherwise "<baseName> row N". */
  nameColumn?: string;
  /** Base of generated source names; defaults to the text column's name. */
  baseName?: string;
}>;

/** One source made from a survey table. */
export type SurveyDocument = Readonly<{
  name: string;
  document: ParsedDocument;
  attributes: Readonly<Record<string, string>>;
}>;

/** An attribute sheet: one row per file or source, one column per attribute. */
export type AttributeSheet = Readonly<{
  /** The header of the first column (file or source name). */
  keyColumn: string;
  attributes: readonly Readonly<{ name: string; type: AttributeType }>[];
  rows: readonly Readonly<{ key: string; rowNumber: number; values: Readonly<Record<string, string>> }>[];
  notes: readonly string[];
  noteKeys: NoteKeys;
}>;

export type { DocumentFormat, DocumentPreview };
