import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { CoderId } from '../../shared/domain/ids';
import type { Channel } from '../../shared/ipc/contract';
import type { RendererBridge } from '../../renderer/bridge/types';
import { createAppStore, type AppStore } from '../../renderer/store';
import { closeProject, createProject } from '../../electron/services/project';
import { addText } from '../support/project';
import { testBackend } from '../support/backend';

/*
 * Lists read at the same time (project entry, an undo's reload, the refresh after each change)
 * answer in any order on a loaded machine. The renderer store on a real backend and a real
 * project file; the only thing made up is the order the answers arrive in.
 */

type Held = { arrived: Promise<void>; release(): void };

/** The store on a real backend whose next answer on a channel can be held back (read now, delivered later). */
async function storeOnStudy(
  holdOnEntry?: Channel,
): Promise<{ store: AppStore; hold(channel: Channel): Held; entering: Promise<void>; entryHeld: Held | null }> {
  const dir = mkdtempSync(join(tmpdir(), 'marginalia-races-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'study.marginalia');
  const session = await createProject(path, { coderName: 'Ana' });
  // A study whose attribute is a city, not the province the defaults look for first.
  await addText(session, 'a', 'The county launched a digital platform for permits.', { city: 'Chengdu' });
  await addText(session, 'b', 'Residents could not use the app.', { city: 'Wuhan' });
  closeProject(session);

  const backend = testBackend();
  const opened = await backend.openProjectAt(path);
  if (!opened.ok) throw new Error(opened.error.message);
  const holds = new Map<Channel, { arrive(): void; released: Promise<void> }>();
  const bridge: RendererBridge = {
    mode: 'browser',
    async call(channel, args) {
      const answer = await backend.invoke(channel, args);
      const held = holds.get(channel);
      if (held) {
        holds.delete(channel);
        held.arrive();
        await held.released;
      }
      return answer as never;
    },
    on: () => () => {},
    onMenu: () => () => {},
  };
  const hold = (channel: Channel): Held => {
    let arrive: () => void = () => undefined;
    let release: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => {
      arrive = resolve;
    });
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    holds.set(channel, { arrive, released });
    return { arrived, release };
  };
  const entryHeld = holdOnEntry ? hold(holdOnEntry) : null;
  const store = createAppStore(bridge);
  const entering = store.getState().init();
  return { store, hold, entering, entryHeld };
}

describe('lists read at the same time', () => {
  it('keeps a code just added when an older codebook answers last', async () => {
    const { store, hold, entering } = await storeOnStudy();
    await entering;
    const older = hold('codes:list');
    const stale = store.getState().loadCodes();
    await older.arrived;
    expect(await store.getState().createCode(null, 'Digital platforms')).not.toBeNull();
    await store.getState().loadCodes();
    expect(store.getState().codes.map((code) => code.name)).toContain('Digital platforms');
    older.release();
    await stale;
    expect(store.getState().codes.map((code) => code.name)).toContain('Digital platforms');
  });

  it('keeps the chosen coder when an older list of coders, read before the coder was added, answers last', async () => {
    const { store, hold, entering } = await storeOnStudy();
    await entering;
    const older = hold('coders:list');
    const stale = store.getState().loadCoders();
    await older.arrived;
    expect(await store.getState().setCurrentCoder('Bo')).toBe(true);
    const bo = store.getState().coders.find((coder) => coder.name === 'Bo');
    expect(bo).toBeDefined();
    store.getState().setCoderView({ mode: 'one', coderId: bo?.id as CoderId });
    older.release();
    await stale;
    expect(store.getState().coders.map((coder) => coder.name)).toEqual(['Ana', 'Bo']);
    expect(store.getState().coderView).toEqual({ mode: 'one', coderId: bo?.id });
  });

  it('lets go of a chosen coder who is gone, whichever tab read the coders', async () => {
    const { store, entering } = await storeOnStudy();
    await entering;
    // A coder of an undone merge, still chosen in the view.
    store.setState({ coderView: { mode: 'one', coderId: '00000000-0000-4000-8000-00000000dead' as CoderId } });
    await store.getState().loadFrequencies();
    expect(store.getState().coderView).toEqual({ mode: 'all' });
  });

  it('makes the Analysis defaults again when the attributes arrive after the tab opened', async () => {
    const { store, entering, entryHeld: attributes } = await storeOnStudy('attributes:list');
    if (!attributes) throw new Error('not held');
    await attributes.arrived;
    // The tab opens while the attributes are still on their way (AnalysisView calls initAnalysis
    // on mount and again whenever the attributes change).
    store.getState().initAnalysis();
    expect(store.getState().analysisQueries?.crosstab.by).toBe('province');
    attributes.release();
    await entering;
    expect(store.getState().attributes.map((attribute) => attribute.name)).toEqual(['city']);
    store.getState().initAnalysis();
    expect(store.getState().analysisQueries?.crosstab.by).toBe('city');
    expect(store.getState().analysisQueries?.wordfreq.by).toBe('city');
  });

  it('leaves a query the researcher changed when the attributes change', async () => {
    const { store, entering } = await storeOnStudy();
    await entering;
    store.getState().initAnalysis();
    store.getState().setAnalysisQuery('crosstab', { unit: 'documents' });
    const chosen = store.getState().analysisQueries;
    store.setState({ attributes: [...store.getState().attributes, { name: 'province', type: 'text' } as never] });
    store.getState().initAnalysis();
    expect(store.getState().analysisQueries).toBe(chosen);
  });
});
