import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import type { CodeId, SourceId } from '../../shared/domain/ids';
import type { Channel } from '../../shared/ipc/contract';
import { createAppStore, type AppStore } from '../../renderer/store';
import type { RendererBridge } from '../../renderer/bridge/types';
import { findCodeByPath } from '../../electron/services/codes';
import { createCoding } from '../../electron/services/codings';
import { createProjectFromExchange, exportExchange } from '../../electron/services/exchange';
import { closeProject, createProject } from '../../electron/services/project';
import { addText } from '../support/project';
import { testBackend } from '../support/backend';

/*
 * Real project files for the sharing tests: my project (Ana), a blind copy of it, and Ben's
 * project made from that copy and coded; and the renderer store on a real backend.
 */

export const TEXT = 'The county launched a digital platform for permits. Residents could not use the app.';
export const DIGITAL = 'Instruments/Digital planning system';
export const TECHNICAL = 'Capacity/Technical capacity';

export type Fixture = { dir: string; mine: string; theirs: string; blind: string };

/** My project (Ana coded two passages) and Ben's copy, made from a blind export of mine. */
export async function twoCoders(): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'marginalia-sharing-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const mine = join(dir, 'mine.marginalia');
  const theirs = join(dir, 'theirs.marginalia');
  const blind = join(dir, 'blind.qdpx');
  const session = await createProject(mine, { coderName: 'Ana', codebook: 'digital-governance' });
  const source = await addText(session, 'a', TEXT);
  const code = (path: string) => findCodeByPath(session, path).id as CodeId;
  createCoding(session, { sourceId: source.id, codeId: code(DIGITAL), start: 11, end: 50 });
  createCoding(session, { sourceId: source.id, codeId: code(TECHNICAL), start: 52, end: 84 });
  writeFileSync(blind, exportExchange(session, { format: 'qdpx', withoutCoders: ['Ana'] }).data);
  closeProject(session);

  const { session: ben } = createProjectFromExchange(theirs, { path: blind }, { coderName: 'Ben' });
  const benCode = (path: string) => findCodeByPath(ben, path).id as CodeId;
  // Ben agrees on the platform (a shorter passage) and codes a passage Ana did not.
  createCoding(ben, { sourceId: source.id as SourceId, codeId: benCode(DIGITAL), start: 22, end: 50 });
  createCoding(ben, { sourceId: source.id as SourceId, codeId: benCode(TECHNICAL), start: 0, end: 10 });
  closeProject(ben);
  return { dir, mine, theirs, blind };
}

export type RecordingStore = { store: AppStore; calls: { channel: Channel; args: unknown }[] };

/** The renderer store on a real browser-mode backend, recording what it asks. */
export async function storeOn(project: string | null): Promise<RecordingStore> {
  const backend = testBackend();
  if (project) {
    const opened = await backend.openProjectAt(project);
    if (!opened.ok) throw new Error(opened.error.message);
  }
  const calls: { channel: Channel; args: unknown }[] = [];
  const bridge: RendererBridge = {
    mode: 'browser',
    async call(channel, args) {
      calls.push({ channel, args });
      return (await backend.invoke(channel, args)) as never;
    },
    on: () => () => {},
    onMenu: () => () => {},
  };
  const store = createAppStore(bridge);
  await store.getState().init();
  return { store, calls };
}

/** A file the researcher picked, as the renderer sends it. */
export function upload(path: string) {
  return { fileName: path.split('/').at(-1) ?? path, dataBase64: readFileSync(path).toString('base64') };
}

/** Another colleague's project made from the blind copy, with their codings (code path, start, end). */
export function colleague(
  fixture: Fixture,
  name: string,
  codings: readonly (readonly [string, number, number])[],
): string {
  const path = join(fixture.dir, `${name}.marginalia`);
  const { session } = createProjectFromExchange(path, { path: fixture.blind }, { coderName: name });
  const source = session.db.prepare('SELECT id FROM sources LIMIT 1').get() as { id: SourceId };
  for (const [code, start, end] of codings) {
    createCoding(session, { sourceId: source.id, codeId: findCodeByPath(session, code).id as CodeId, start, end });
  }
  closeProject(session);
  return path;
}
