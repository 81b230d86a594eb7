import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import packageJson from '../../package.json';
import type { CodeId, CodingId, SourceId } from '../../shared/domain/ids';
import type { ProjectInfo, RecentProject } from '../../shared/domain/types';
import {
  channelArgs,
  type Channel,
  type EventName,
  type EventPayloads,
} from '../../shared/ipc/contract';
import { fail, ok, type Result } from '../../shared/ipc/result';
import { frequencyCsv } from '../../shared/format/frequencies';
import { toAppError, UserError } from '../util/errors';
import { logger } from '../util/logger';
import { undo, redo } from '../store/changeLog';
import { listAttributes } from '../services/attributes';
import { createCode, deleteCode, listCodes, updateCode } from '../services/codes';
import { createCoding, deleteCoding } from '../services/codings';
import { frequencies } from '../services/frequencies';
import { closeProject, createProject, openProject, setCurrentCoder } from '../services/project';
import { listCoders, projectInfo, type ProjectSession } from '../services/session';
import { defaultProjectsDir, marginaliaHome, RecentProjects } from './recents';
import { createProjectFromExchange, exportExchange } from '../services/exchange';
import { applyMerge, previewMerge } from '../services/merge';
import { agreement, agreementCsv, agreementXlsx } from '../services/agreement';
import { crosstab } from '../services/analysis/crosstab';
import { cooccurrence } from '../services/analysis/cooccurrence';
import { codeDocumentMatrix } from '../services/analysis/matrix';
import { codedSegments } from '../services/analysis/segments';
import { wordFrequency } from '../services/analysis/wordfreq';
import { codebookWithCounts } from '../services/analysis/codebook';
import { deleteSavedQuery, listSavedQueries, saveQuery } from '../services/analysis/savedQueries';
import { autocode } from '../services/analysis/autocode';
import { exportAnalysis, exportChart } from '../exporters/analysisFile';
import type { Handler, HandlerContext, HandlersFor } from './handlers/types';
import { codebookHandlers } from './handlers/codebook';
import { codingsHandlers } from './handlers/codings';
import { memosHandlers } from './handlers/memos';
import { retrievalHandlers } from './handlers/retrieval';
import { searchHandlers } from './handlers/search';
import { stopwordsHandlers } from './handlers/stopwords';
import { importBatch, previewFiles, previewPool } from '../services/importing';
import {
  deleteSource,
  getSource,
  whenImportWritten,
  listSources,
  renameSource,
  setSourceAttribute,
} from '../services/sources';

const toBase64 = (file: { fileName: string; mimeType: string; data: Uint8Array }) => ({
  fileName: file.fileName,
  mimeType: file.mimeType,
  dataBase64: Buffer.from(file.data).toString('base64'),
});

const decodeFile = (file: { fileName: string; dataBase64: string }) => ({
  name: file.fileName,
  data: Buffer.from(file.dataBase64, 'base64'),
});

function agreementFileName(unit: string, coders: readonly string[], extension: string): string {
  return `${`agreement-${unit}-${coders.join('-')}`.replace(/[^\p{L}\p{N}_-]+/gu, '-')}.${extension}`;
}

/** What differs between Electron and browser mode: where files come from. */
export type Host = {
  mode: 'electron' | 'browser';
  /** Where browser mode creates projects; null in Electron, which asks with a dialog. */
  projectsDir: string | null;
  /** A path for a new project, or null when the researcher cancelled. */
  chooseNewProjectPath(suggestedName: string): Promise<string | null>;
  /** A project to open, or null when the researcher cancelled. */
  chooseProjectToOpen(): Promise<string | null>;
};

export type BackendEvent = { name: EventName; payload: unknown };

export type Backend = {
  invoke(channel: string, rawArgs: unknown): Promise<Result<unknown>>;
  onEvent(listener: (event: BackendEvent) => void): () => void;
  openProjectAt(path: string): Promise<Result<ProjectInfo>>;
  recentProjects(): RecentProject[];
  /** The open project, for front doors that need it directly (tests, the CLI's serve). */
  session(): ProjectSession | null;
  close(): void;
};

type Handlers = HandlersFor<Channel>;

/** Requests that never wait for an import being written (they touch no project data). */
const UNGATED = new Set<Channel>(['app:info', 'projects:recent', 'sources:cancelImport']);

const VERSION = packageJson.version;

/** A file name from a project name: letters, digits, CJK and a few separators kept. */
export function projectFileName(name: string): string {
  const cleaned = name
    .replace(/[^\p{L}\p{N} ._()-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 100);
  return `${cleaned || 'Untitled'}.marginalia`;
}

function uniquePath(folder: string, fileName: string): string {
  let candidate = join(folder, fileName);
  for (let index = 2; existsSync(candidate); index += 1) {
    candidate = join(folder, fileName.replace(/\.marginalia$/, ` (${index}).marginalia`));
  }
  return candidate;
}

/** A browser-mode host: new projects go to the projects folder; opening needs a known path. */
export function browserHost(projectsDir = defaultProjectsDir()): Host {
  return {
    mode: 'browser',
    projectsDir,
    async chooseNewProjectPath(suggestedName) {
      mkdirSync(projectsDir, { recursive: true });
      return uniquePath(projectsDir, projectFileName(suggestedName));
    },
    async chooseProjectToOpen() {
      return null;
    },
  };
}

/**
 * The one backend behind every front door (DESIGN.md §2): it holds the open project and
 * answers contract calls with error values, never exceptions.
 */
export function createBackend(host: Host, options: { homeDir?: string } = {}): Backend {
  const recents = new RecentProjects(options.homeDir ?? marginaliaHome());
  const listeners = new Set<(event: BackendEvent) => void>();
  let current: ProjectSession | null = null;
  /** Imports under way, by the id the window gave them, so that they can be cancelled. */
  const imports = new Map<string, AbortController>();
  /** The import dialog's previews share these workers, so that each call does not start its own. */
  const previews = previewPool();

  const emit = <E extends EventName>(name: E, payload: EventPayloads[E]): void => {
    for (const listener of listeners) listener({ name, payload });
  };
  const need = (): ProjectSession => {
    if (!current) throw new UserError('no-project', 'No project is open; create or open one first.');
    return current;
  };
  const adopt = (session: ProjectSession): ProjectInfo => {
    if (current) closeProject(current);
    current = session;
    const info = projectInfo(session);
    recents.add(session.path, info.name);
    emit('project:changed', { what: 'project' });
    return info;
  };
  const openAt = (path: string): ProjectInfo => {
    if (current?.path === path) return projectInfo(current);
    return adopt(openProject(path));
  };
  const changed = <T>(what: EventPayloads['project:changed']['what'], value: T): T => {
    emit('project:changed', { what });
    return value;
  };

  const context: HandlerContext = { need, changed, emit };
  const handlers: Handlers = {
    ...codebookHandlers(context),
    ...codingsHandlers(context),
    ...memosHandlers(context),
    ...retrievalHandlers(context),
    ...searchHandlers(context),
    ...stopwordsHandlers(context),
    'app:info': () => ({ version: VERSION, mode: host.mode, projectsDir: host.projectsDir }),
    'projects:recent': () => recents.list(),
    'projects:current': () => (current ? projectInfo(current) : null),
    'projects:create': async ({ name, template, coderName }) => {
      const path = await host.chooseNewProjectPath(name);
      if (!path) throw new UserError('cancelled', 'No project was created.');
      return adopt(
        await createProject(path, {
          name,
          codebook: template === 'empty' ? 'empty' : 'digital-governance',
          sample: template === 'sample',
          coderName,
        }),
      );
    },
    'projects:open': async ({ path }) => {
      const chosen = path ?? (await host.chooseProjectToOpen());
      if (!chosen) throw new UserError('cancelled', 'No project was opened.');
      // Electron's renderer may only name projects it was shown as recent (DESIGN.md §8).
      if (path && host.mode === 'electron' && !recents.has(path)) {
        throw new UserError('invalid-arguments', 'Choose the project with File › Open.');
      }
      return openAt(chosen);
    },
    'projects:close': () => {
      if (current) closeProject(current);
      current = null;
      return changed('project', null);
    },
    'coders:list': () => listCoders(need().db),
    'coders:setCurrent': ({ name }) => changed('project', setCurrentCoder(need(), name)),
    'sources:list': () => listSources(need()),
    'sources:get': ({ sourceId }) => getSource(need(), sourceId as SourceId),
    'sources:import': async ({ files, attributeSheet, importId, ...options }) => {
      const controller = new AbortController();
      if (importId) imports.set(importId, controller);
      try {
        const decoded = files.map((file) => ({
          name: file.name,
          data: Buffer.from(file.dataBase64, 'base64'),
          ...(file.relativePath ? { relativePath: file.relativePath } : {}),
          ...(file.encoding ? { encoding: file.encoding } : {}),
        }));
        const sheet = attributeSheet && {
          name: attributeSheet.name,
          data: Buffer.from(attributeSheet.dataBase64, 'base64'),
        };
        const report = await importBatch(
          need(),
          decoded,
          { ...options, attributeSheet: sheet, signal: controller.signal },
          (progress) => emit('import:progressed', { ...progress, importId }),
        );
        return changed('sources', report);
      } finally {
        if (importId) imports.delete(importId);
      }
    },
    'sources:preview': ({ files, encoding }) =>
      previewFiles(
        files.map((file) => ({ name: file.name, data: Buffer.from(file.dataBase64, 'base64') })),
        { encoding, pool: previews },
      ),
    'sources:cancelImport': ({ importId }) => {
      imports.get(importId)?.abort();
      return null;
    },
    'sources:rename': ({ sourceId, name }) => changed('sources', renameSource(need(), sourceId as SourceId, name)),
    'sources:delete': ({ sourceId }) => {
      deleteSource(need(), sourceId as SourceId);
      return changed('sources', null);
    },
    'attributes:list': () => listAttributes(need().db),
    'attributes:set': ({ sourceId, name, value }) =>
      changed('attributes', setSourceAttribute(need(), sourceId as SourceId, name, value)),
    'codes:list': () => listCodes(need()),
    'codes:create': ({ parentId, name, color, description }) =>
      changed('codes', createCode(need(), { parentId: parentId as CodeId | null, name, color, description })),
    'codes:update': ({ codeId, ...changes }) => changed('codes', updateCode(need(), codeId as CodeId, changes)),
    'codes:delete': ({ codeId }) => changed('codes', deleteCode(need(), codeId as CodeId)),
    'codings:create': ({ sourceId, codeId, start, end, memo }) =>
      changed(
        'codings',
        createCoding(need(), { sourceId: sourceId as SourceId, codeId: codeId as CodeId, start, end, memo }),
      ),
    'codings:delete': ({ codingId }) => {
      deleteCoding(need(), codingId as CodingId);
      return changed('codings', null);
    },
    'frequencies:get': ({ by, unit, coder }) => frequencies(need(), { by, unit, coder }),
    'frequencies:exportCsv': ({ by, unit, coder }) => {
      const table = frequencies(need(), { by, unit, coder });
      const safe = by.replace(/[^\p{L}\p{N}_-]+/gu, '-');
      return { fileName: `frequencies-by-${safe}-${unit}.csv`, content: frequencyCsv(table) };
    },
    'history:undo': () => changed('project', undo(need().db)),
    'history:redo': () => changed('project', redo(need().db)),
    'projects:export': ({ format, withoutCoders, codesOnly }) => {
      const result = exportExchange(need(), { format, withoutCoders, codesOnly });
      return {
        fileName: result.fileName,
        dataBase64: Buffer.from(result.data).toString('base64'),
        report: [...result.report],
        counts: result.counts,
      };
    },
    'projects:createFromExchange': async ({ name, coderName, file }) => {
      const path = await host.chooseNewProjectPath(name ?? file.fileName.replace(/\.[^.]+$/, ''));
      if (!path) throw new UserError('cancelled', 'No project was created.');
      const { session, result } = createProjectFromExchange(path, decodeFile(file), { name, coderName });
      const { report, ...imported } = result;
      return { project: adopt(session), imported, report: [...report] };
    },
    'merges:preview': ({ file }) => previewMerge(need(), decodeFile(file)),
    'merges:apply': ({ file }) => changed('project', applyMerge(need(), decodeFile(file))),
    'agreement:get': (args) => agreement(need(), args),
    'agreement:exportCsv': (args) => {
      const report = agreement(need(), args);
      return { fileName: agreementFileName(report.unit, report.coders, 'csv'), content: agreementCsv(report) };
    },
    'agreement:exportXlsx': async (args) => {
      const report = agreement(need(), args);
      return {
        fileName: agreementFileName(report.unit, report.coders, 'xlsx'),
        dataBase64: Buffer.from(await agreementXlsx(report)).toString('base64'),
      };
    },
    'crosstabs:get': (query) => crosstab(need(), query),
    'cooccurrences:get': (query) => cooccurrence(need(), query),
    'matrices:get': (query) => codeDocumentMatrix(need(), query),
    'segments:list': (query) => codedSegments(need(), query),
    'wordFrequencies:get': (query) => wordFrequency(need(), query),
    'codebooks:get': (query) => codebookWithCounts(need(), query),
    'analyses:export': async ({ query, format, bom }) => toBase64(await exportAnalysis(need(), query, format, { bom })),
    'charts:export': async (request) => toBase64(await exportChart(need(), request)),
    'queries:list': () => listSavedQueries(need()),
    'queries:save': ({ name, query }) => saveQuery(need(), name, query),
    'queries:delete': ({ name }) => {
      deleteSavedQuery(need(), name);
      return null;
    },
    'codings:autocode': ({ codeId, term, sourceIds }) =>
      changed(
        'codings',
        autocode(need(), { codeId: codeId as CodeId, term, sourceIds: sourceIds as SourceId[] | undefined }),
      ),
  };

  return {
    async invoke(channel, rawArgs) {
      if (!Object.hasOwn(channelArgs, channel)) return fail('invalid-arguments', `Unknown request "${channel}".`);
      const name = channel as Channel;
      const parsed = channelArgs[name].safeParse(rawArgs ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue?.path.length ? ` (${issue.path.join('.')})` : '';
        return fail('invalid-arguments', `The request ${name} was malformed${where}: ${issue?.message ?? 'invalid'}.`);
      }
      try {
        // An import writes its batch in one transaction spread over several event-loop turns;
        // every other request waits for it, so no write of theirs can join that transaction.
        if (current && !UNGATED.has(name)) await whenImportWritten(current);
        const handler = handlers[name] as Handler<Channel>;
        return ok(await handler(parsed.data as never));
      } catch (error) {
        if (!(error instanceof UserError)) logger.error(`${name} failed`, error);
        return { ok: false, error: toAppError(error) };
      }
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async openProjectAt(path) {
      try {
        return ok(openAt(path));
      } catch (error) {
        return { ok: false, error: toAppError(error) };
      }
    },
    recentProjects: () => recents.list(),
    session: () => current,
    close() {
      previews.close();
      if (current) closeProject(current);
      current = null;
    },
  };
}
