import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CodingId } from '../../shared/domain/ids';
import type { Coding } from '../../shared/domain/types';
import type { ArgsOf, Channel } from '../../shared/ipc/contract';
import { createAppStore } from '../../renderer/store';
import { createPendingWrites } from '../../renderer/store/pendingWrites';
import { fakeBridge, makeCode, makeCoding, makeProject, makeSource, settle, summaryOf } from './support/fixtures';

// A coding's end moved by the keys is written when the keys rest (700 ms). Undo, redo and the
// other actions that change the project must write it first, so that undo takes back the move.

const TEXT = '答：数据共享主要靠领导协调。\nPlans and pilots were written by the county.';
const at = (phrase: string): number => TEXT.indexOf(phrase);

describe('the held writes of a store', () => {
  it('makes a held write on flush, once, and not one that was released', async () => {
    const pending = createPendingWrites();
    const made: string[] = [];
    pending.hold('a', async () => made.push('a'));
    pending.hold('b', async () => made.push('b'));
    pending.release('b');
    expect(pending.busy()).toBe(true);
    await pending.flush();
    await pending.flush();
    expect(made).toEqual(['a']);
    expect(pending.busy()).toBe(false);
  });

  it('waits for a write already under way, and goes on when a write fails', async () => {
    const pending = createPendingWrites();
    let finish: (value: string) => void = () => undefined;
    const underWay = pending.track(new Promise<string>((resolve) => (finish = resolve)));
    pending.hold('failing', () => Promise.reject(new Error('disk full')));
    let flushed = false;
    const flushing = pending.flush().then(() => (flushed = true));
    await settle();
    expect(flushed).toBe(false);
    finish('written');
    await flushing;
    expect(await underWay).toBe('written');
    expect(pending.busy()).toBe(false);
  });
});

/**
 * A backend with a real change log: `codings:update` is one undo step, undo and redo move the
 * coding between its ranges. It records every call, in order.
 */
function workspace(initial: Coding, before: (channel: Channel) => Promise<void> = () => Promise.resolve()) {
  const project = makeProject();
  const code = makeCode({ name: 'Funding' });
  let coding = initial;
  const undone: Coding[] = [];
  const done: { description: string; before: Coding }[] = [{ description: 'Code a passage', before: coding }];
  const source = () => makeSource(TEXT, { id: initial.sourceId, codings: [coding] });
  const bridge = fakeBridge({
    'app:info': () => ({ version: '0.1.0', mode: 'browser', projectsDir: '/tmp' }),
    'projects:current': () => project,
    'sources:list': () => [summaryOf(source())],
    'sources:get': () => source(),
    'attributes:list': () => [],
    'codes:list': () => [code],
    'coders:list': () => [project.currentCoder],
    'codings:update': (args) => {
      done.push({ description: 'Adjust a coding', before: coding });
      undone.length = 0;
      coding = { ...coding, start: args.start ?? coding.start, end: args.end ?? coding.end };
      return coding;
    },
    'history:undo': () => {
      const last = done.pop();
      if (!last) return null;
      undone.push(coding);
      coding = last.before;
      return { description: last.description };
    },
    'history:redo': () => {
      const next = undone.pop();
      if (!next) return null;
      done.push({ description: 'Adjust a coding', before: coding });
      coding = next;
      return { description: 'Adjust a coding' };
    },
  });
  const store = createAppStore({
    ...bridge,
    async call<C extends Channel>(channel: C, args: ArgsOf<C>) {
      await before(channel);
      return bridge.call(channel, args);
    },
  });
  const channels = (): Channel[] =>
    bridge.calls
      .map((call) => call.channel)
      .filter((channel) => channel === 'codings:update' || channel.startsWith('history:'));
  return { store, bridge, channels, stored: () => coding };
}

async function openWith(coding: Coding) {
  const backend = workspace(coding);
  await backend.store.getState().init();
  await backend.store.getState().openSource(coding.sourceId);
  backend.store.getState().selectCoding(coding.id as CodingId);
  return backend;
}

describe('undo with a moved end not yet written', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const original = (): Coding => {
    const source = makeSource(TEXT);
    return { ...makeCoding(source.id, makeCode({ name: 'Funding' }).id, at('数据'), at('主要')) };
  };

  it('writes the move first, so that undo takes back the move and redo brings it back', async () => {
    const coding = original();
    const { store, channels, stored } = await openWith(coding);
    vi.useFakeTimers();
    store.getState().nudgeCodingEdge('end', 1);
    store.getState().nudgeCodingEdge('end', 1);
    await store.getState().undo();
    expect(channels()).toEqual(['codings:update', 'history:undo']);
    expect([stored().start, stored().end]).toEqual([coding.start, coding.end]);
    expect(store.getState().model?.codings.get(coding.id)).toMatchObject({ start: coding.start, end: coding.end });

    // Nothing is written later: the timer of the keys was stopped when the move was written.
    await vi.runAllTimersAsync();
    expect(channels()).toEqual(['codings:update', 'history:undo']);

    await store.getState().redo();
    expect([stored().start, stored().end]).toEqual([coding.start, coding.end + 2]);
    expect(store.getState().model?.codings.get(coding.id)?.end).toBe(coding.end + 2);
    await store.getState().undo();
    await store.getState().undo();
    expect(store.getState().notices.map((notice) => notice.message)).toContain('Undone: Code a passage');
  });

  it('waits for a move that is already being written before asking to undo', async () => {
    const coding = original();
    // The backend takes its time over the update: undo must not overtake it.
    let release: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const backend = workspace(coding, (channel) => (channel === 'codings:update' ? slow : Promise.resolve()));
    await backend.store.getState().init();
    await backend.store.getState().openSource(coding.sourceId);
    const { store } = backend;
    store.getState().selectCoding(coding.id);
    store.getState().nudgeCodingEdge('end', -1);
    const committing = store.getState().commitCodingRange();
    const undoing = store.getState().undo();
    await settle();
    expect(backend.bridge.callsTo('history:undo')).toEqual([]);
    release();
    await Promise.all([committing, undoing]);
    expect(backend.channels()).toEqual(['codings:update', 'history:undo']);
    expect([backend.stored().start, backend.stored().end]).toEqual([coding.start, coding.end]);
  });

  it('writes the move before coding another passage, removing the coding or switching source', async () => {
    const coding = original();
    const { store, channels, stored } = await openWith(coding);
    vi.useFakeTimers();
    store.getState().nudgeCodingEdge('start', -1);
    await store.getState().removeCoding(coding.id);
    // The fake backend has no codings:delete; what matters is that the move went first.
    expect(channels()).toEqual(['codings:update']);
    expect(stored().start).toBe(coding.start - 1);

    store.getState().selectCoding(coding.id);
    store.getState().nudgeCodingEdge('start', 1);
    void store.getState().openSource(coding.sourceId);
    await vi.runAllTimersAsync();
    expect(channels()).toEqual(['codings:update', 'codings:update']);
    expect(stored().start).toBe(coding.start);
  });

  it('drops a move cancelled with Escape, so undo takes back the action before', async () => {
    const coding = original();
    const { store, channels, stored } = await openWith(coding);
    store.getState().nudgeCodingEdge('end', 1);
    store.getState().cancelCodingRange();
    await store.getState().undo();
    expect(channels()).toEqual(['history:undo']);
    expect(stored()).toMatchObject({ start: coding.start, end: coding.end });
  });
});
