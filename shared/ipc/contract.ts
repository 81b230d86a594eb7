import { z } from 'zod';
import type {
  Attribute,
  Code,
  Coder,
  Coding,
  FrequencyTable,
  BatchReport,
  FilePreview,
  ImportPhase,
  MergePreview,
  ProjectInfo,
  RecentProject,
  SourceDetail,
  SourceSummary,
  UndoResult,
} from '../domain/types';
import { FREQUENCY_UNITS, SOURCE_KINDS } from '../domain/types';
import { AGREEMENT_UNITS, type AgreementReport } from '../stats/agreement';
import {
  analysisQuerySchema,
  codebookQuerySchema,
  cooccurrenceQuerySchema,
  crosstabQuerySchema,
  matrixQuerySchema,
  segmentsQuerySchema,
  wordfreqQuerySchema,
  type SavedQuery,
} from '../format/query';
import type { CrosstabReport } from '../format/crosstab';
import type { CooccurrenceReport } from '../format/cooccurrence';
import type { MatrixReport } from '../format/matrix';
import type { SegmentsReport } from '../format/segments';
import type { WordfreqReport } from '../format/wordfreq';
import type { CodebookReport } from '../format/codebook';

import { color, id, name, nothing } from './channels/common';
import { codebookArgs, type CodebookResults } from './channels/codebook';
import { codingsArgs, type CodingsResults } from './channels/codings';
import { memosArgs, type MemosResults } from './channels/memos';
import { retrievalArgs, type RetrievalResults } from './channels/retrieval';
import { searchArgs, type SearchResults } from './channels/search';
import { stopwordsArgs, type StopwordsResults } from './channels/stopwords';

const upload = z.object({ name: z.string().min(1).max(1000), dataBase64: z.string() }).strict();
/** A file the researcher picked, sent as bytes: the renderer never sends a path to be read. */
const exchangeFile = z.object({ fileName: z.string().min(1).max(1000), dataBase64: z.string().min(1) }).strict();
const agreementArgs = z
  .object({
    coders: z.array(name).min(2).max(50),
    unit: z.enum(AGREEMENT_UNITS),
    overlap: z.number().gt(0).max(1).optional(),
    code: z.string().min(1).max(5000).nullable().optional(),
    allSources: z.boolean().optional(),
  })
  .strict();

/** The argument schema of every channel. Both ends validate against these. */
export const channelArgs = {
  'app:info': nothing,
  'projects:recent': nothing,
  'projects:current': nothing,
  'projects:create': z
    .object({
      name,
      template: z.enum(['digital-governance', 'empty', 'sample']),
      coderName: name.optional(),
    })
    .strict(),
  'projects:open': z.object({ path: z.string().min(1).optional() }).strict(),
  'projects:close': nothing,
  'coders:list': nothing,
  'coders:setCurrent': z.object({ name }).strict(),
  'sources:list': nothing,
  'sources:get': z.object({ sourceId: id }).strict(),
  'sources:import': z
    .object({
      files: z
        .array(
          upload
            .extend({
              relativePath: z.string().max(1000).optional(),
              /** The researcher's encoding for this file alone, over the batch's `encoding`. */
              encoding: z.string().min(1).max(40).optional(),
            })
            .strict(),
        )
        .min(1)
        .max(10_000),
      kind: z.enum(SOURCE_KINDS).optional(),
      attributes: z.record(name, z.string().max(1000)).optional(),
      allowDuplicates: z.boolean().optional(),
      encoding: z.string().min(1).max(40).optional(),
      attributeFromFolder: name.optional(),
      survey: z
        .object({
          textColumn: z.string().min(1).max(1000),
          rows: z.enum(['sources', 'passages']),
          attributeColumns: z.array(z.string().min(1).max(1000)).max(1000),
          nameColumn: z.string().min(1).max(1000).optional(),
        })
        .strict()
        .optional(),
      attributeSheet: upload.optional(),
      /** Names this import so that sources:cancelImport can stop it. */
      importId: z.string().uuid().optional(),
    })
    .strict(),
  'sources:preview': z
    .object({ files: z.array(upload).min(1).max(10_000), encoding: z.string().min(1).max(40).optional() })
    .strict(),
  'sources:cancelImport': z.object({ importId: z.string().uuid() }).strict(),
  'sources:rename': z.object({ sourceId: id, name }).strict(),
  'sources:delete': z.object({ sourceId: id }).strict(),
  'attributes:list': nothing,
  'attributes:set': z.object({ sourceId: id, name, value: z.string().max(1000).nullable() }).strict(),
  'codes:list': nothing,
  'codes:create': z
    .object({
      parentId: id.nullable(),
      name,
      color: color.optional(),
      description: z.string().max(100_000).optional(),
    })
    .strict(),
  'codes:update': z
    .object({
      codeId: id,
      name: name.optional(),
      color: color.optional(),
      description: z.string().max(100_000).optional(),
    })
    .strict(),
  'codes:delete': z.object({ codeId: id }).strict(),
  'codings:create': z
    .object({
      sourceId: id,
      codeId: id,
      start: z.number().int().min(0),
      end: z.number().int().min(1),
      memo: z.string().max(100_000).optional(),
    })
    .strict(),
  'codings:delete': z.object({ codingId: id }).strict(),
  'frequencies:get': z.object({ by: name, unit: z.enum(FREQUENCY_UNITS), coder: name.nullable().optional() }).strict(),
  'frequencies:exportCsv': z
    .object({ by: name, unit: z.enum(FREQUENCY_UNITS), coder: name.nullable().optional() })
    .strict(),
  'history:undo': nothing,
  'history:redo': nothing,
  'projects:export': z
    .object({
      format: z.enum(['qdpx', 'qdc']),
      withoutCoders: z.array(name).max(100).optional(),
      codesOnly: z.boolean().optional(),
    })
    .strict(),
  'projects:createFromExchange': z
    .object({ name: name.optional(), coderName: name.optional(), file: exchangeFile })
    .strict(),
  'merges:preview': z.object({ file: exchangeFile }).strict(),
  'merges:apply': z.object({ file: exchangeFile }).strict(),
  'agreement:get': agreementArgs,
  'agreement:exportCsv': agreementArgs,
  'agreement:exportXlsx': agreementArgs,
  'crosstabs:get': crosstabQuerySchema,
  'cooccurrences:get': cooccurrenceQuerySchema,
  'matrices:get': matrixQuerySchema,
  'segments:list': segmentsQuerySchema,
  'wordFrequencies:get': wordfreqQuerySchema,
  'codebooks:get': codebookQuerySchema,
  'analyses:export': z
    .object({
      query: analysisQuerySchema,
      format: z.enum(['csv', 'json', 'md', 'xlsx', 'docx']),
      bom: z.boolean().optional(),
    })
    .strict(),
  'charts:export': z
    .object({
      query: analysisQuerySchema,
      chart: z.enum(['bars', 'stacked', 'heatmap']),
      format: z.enum(['png', 'svg']),
      width: z.number().int().min(320).max(8000).optional(),
      height: z.number().int().min(240).max(8000).optional(),
      scale: z.number().int().min(1).max(8).optional(),
      // The language of the chart's titles, axes and notes: the interface's (English by default).
      language: z.enum(['en', 'zh-CN']).optional(),
    })
    .strict(),
  'queries:list': nothing,
  'queries:save': z.object({ name: z.string().trim().min(1).max(200), query: analysisQuerySchema }).strict(),
  'queries:delete': z.object({ name: z.string().trim().min(1).max(200) }).strict(),
  'codings:autocode': z
    .object({ codeId: id, term: z.string().min(1).max(500), sourceIds: z.array(id).max(100_000).optional() })
    .strict(),
  // Areas kept in their own modules, so that they can grow without touching this list.
  ...codebookArgs,
  ...codingsArgs,
  ...memosArgs,
  ...retrievalArgs,
  ...searchArgs,
  ...stopwordsArgs,
} as const;

export type Channel = keyof typeof channelArgs;
export type ArgsOf<C extends Channel> = z.infer<(typeof channelArgs)[C]>;

/** The result type of every channel. */
export type ChannelResults = {
  'app:info': { version: string; mode: 'electron' | 'browser'; projectsDir: string | null };
  'projects:recent': RecentProject[];
  'projects:current': ProjectInfo | null;
  'projects:create': ProjectInfo;
  'projects:open': ProjectInfo;
  'projects:close': null;
  'coders:list': Coder[];
  'coders:setCurrent': Coder;
  'sources:list': SourceSummary[];
  'sources:get': SourceDetail;
  'sources:import': BatchReport;
  'sources:preview': FilePreview[];
  'sources:cancelImport': null;
  'sources:rename': SourceSummary;
  'sources:delete': null;
  'attributes:list': Attribute[];
  'attributes:set': SourceSummary;
  'codes:list': Code[];
  'codes:create': Code;
  'codes:update': Code;
  'codes:delete': { deletedCodings: number };
  'codings:create': Coding;
  'codings:delete': null;
  'frequencies:get': FrequencyTable;
  'frequencies:exportCsv': { fileName: string; content: string };
  'history:undo': UndoResult;
  'history:redo': UndoResult;
  'projects:export': { fileName: string; dataBase64: string; report: string[]; counts: ExchangeCounts };
  'projects:createFromExchange': { project: ProjectInfo; imported: ExchangeCounts; report: string[] };
  'merges:preview': MergePreview;
  'merges:apply': MergePreview;
  'agreement:get': AgreementReport;
  'agreement:exportCsv': { fileName: string; content: string };
  'agreement:exportXlsx': { fileName: string; dataBase64: string };
  'crosstabs:get': CrosstabReport;
  'cooccurrences:get': CooccurrenceReport;
  'matrices:get': MatrixReport;
  'segments:list': SegmentsReport;
  'wordFrequencies:get': WordfreqReport;
  'codebooks:get': CodebookReport;
  'analyses:export': ExportedFile;
  'charts:export': ExportedFile;
  'queries:list': SavedQuery[];
  'queries:save': SavedQuery;
  'queries:delete': null;
  'codings:autocode': { codings: number; sources: number };
} & CodebookResults &
  CodingsResults &
  MemosResults &
  RetrievalResults &
  SearchResults &
  StopwordsResults;

/** A file made by the backend for the researcher to save. */
export type ExportedFile = { fileName: string; mimeType: string; dataBase64: string };

export type ExchangeCounts = {
  sources: number;
  codes: number;
  codings: number;
  attributes: number;
  coders: number;
  memos: number;
};

export type ResultOf<C extends Channel> = ChannelResults[C];

/** Events pushed from the backend to the window. */
export type EventPayloads = {
  'import:progressed': { done: number; total: number; file: string; phase: ImportPhase; importId?: string };
  'project:changed': { what: 'sources' | 'codes' | 'codings' | 'attributes' | 'project' };
};
export type EventName = keyof EventPayloads;

export const CHANNELS = Object.keys(channelArgs) as Channel[];
