import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CodeId, CoderId } from '../../shared/domain/ids';
import type { Coding } from '../../shared/domain/types';
import { createAppStore } from '../../renderer/store';
import { moveEdge, placeEdge, snapToCharacter } from '../../renderer/features/document/boundaries';
import { filterModel, shownCoders } from '../../renderer/features/document/coderView';
import { buildDocumentModel } from '../../renderer/features/document/model';
import { fakeBridge, makeCode, makeCoding, makeProject, makeSource, summaryOf, testId } from './support/fixtures';

const TEXT = '答：数据共享𠀀主要靠领导协调。\nPlans and pilots.';
const at = (phrase: string): number => TEXT.indexOf(phrase);

describe('moving a coding’s ends', () => {
  const range = { start: at('数据'), end: at('主要') };

  it('moves an end a character at a time, a character above U+FFFF counting as one', () => {
    // 𠀀 sits just before 主要: one step right moves past both of its UTF-16 units.
    expect(moveEdge(TEXT, range, 'end', 1)).toEqual({ start: range.start, end: range.end + 1 });
    expect(moveEdge(TEXT, range, 'end', -1)).toEqual({ start: range.start, end: range.end - 2 });
    expect(moveEdge(TEXT, range, 'start', -2)).toEqual({ start: 0, end: range.end });
  });

  it('never empties a coding or leaves the text', () => {
    expect(moveEdge(TEXT, range, 'start', 50)).toEqual({ start: range.end - 2, end: range.end });
    expect(moveEdge(TEXT, range, 'end', -50)).toEqual({ start: range.start, end: range.start + 1 });
    expect(moveEdge(TEXT, range, 'start', -50).start).toBe(0);
    expect(moveEdge(TEXT, range, 'end', 500).end).toBe(TEXT.length);
  });

  it('snaps a dropped handle to a character boundary, and stops it one character short of the other end', () => {
    const inside = at('𠀀') + 1;
    expect(snapToCharacter(TEXT, inside)).toBe(at('𠀀'));
    expect(placeEdge(TEXT, range, 'end', inside)).toEqual({ start: range.start, end: at('𠀀') });
    expect(placeEdge(TEXT, range, 'end', 0)).toEqual({ start: range.start, end: range.start + 1 });
    expect(placeEdge(TEXT, range, 'start', TEXT.length)).toEqual({ start: range.end - 2, end: range.end });
    expect(placeEdge(TEXT, range, 'start', at('靠'))).toEqual({ start: range.end - 2, end: range.end });
    expect(placeEdge(TEXT, { start: 0, end: TEXT.length }, 'start', at('Plans'))).toEqual({
      start: at('Plans'),
      end: TEXT.length,
    });
  });
});

describe('showing chosen coders', () => {
  const ana = testId<CoderId>();
  const bo = testId<CoderId>();
  const code = testId<CodeId>();
  const source = makeSource(TEXT);
  const byAna = { ...makeCoding(source.id, code, 2, 6), coderId: ana, coderName: 'Ana' };
  const byBo = { ...makeCoding(source.id, code, 20, 25), coderId: bo, coderName: 'Bo' };
  const model = buildDocumentModel({ ...source, codings: [byAna, byBo] });

  it('keeps every coding for all coders, and only the chosen coders’ otherwise', () => {
    expect(filterModel(model, shownCoders({ mode: 'all' }))).toBe(model);
    const onlyBo = filterModel(model, shownCoders({ mode: 'one', coderId: bo }));
    expect([...onlyBo.codings.keys()]).toEqual([byBo.id]);
    expect(onlyBo.byBlock.flat().map((coding) => coding.id)).toEqual([byBo.id]);
    const both = filterModel(model, shownCoders({ mode: 'compare', coderIds: [ana, bo] }));
    expect(both).toBe(model);
  });

  it('keeps the block lists that lost nothing, so their text is not painted again', () => {
    const onlyAna = filterModel(model, new Set([ana]));
    expect(onlyAna.byBlock[0]).toBe(model.byBlock[0]);
    expect(onlyAna.byBlock[1]).not.toBe(model.byBlock[1]);
  });
});

const SOURCE = makeSource(TEXT);

/** A coding of the workspace's source. */
function codingAt(start: number, end: number): Coding {
  return makeCoding(SOURCE.id, testId(), start, end);
}

function workspace(codings: Coding[], update: (args: { codingId: string; start: number; end: number }) => unknown) {
  const project = makeProject();
  const code = makeCode({ name: 'Funding' });
  const source = { ...SOURCE, codings };
  const bridge = fakeBridge({
    'app:info': () => ({ version: '0.1.0', mode: 'browser', projectsDir: '/tmp' }),
    'projects:current': () => project,
    'sources:list': () => [summaryOf(source)],
    'sources:get': () => source,
    'attributes:list': () => [],
    'codes:list': () => [code],
    'coders:list': () => [project.currentCoder, { id: testId<CoderId>(), name: 'Bo' }],
    'codings:update': update as never,
  });
  return { store: createAppStore(bridge), bridge, code };
}

describe('adjusting a coding in the store', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows a dragged range at once and writes it once, on release', async () => {
    const coding = codingAt(at('数据'), at('主要'));
    const { store, bridge } = workspace([coding], (args) => ({ ...coding, start: args.start, end: args.end }));
    await store.getState().init();
    const sourceCoding = [...(store.getState().model?.codings.values() ?? [])][0];
    store.getState().selectCoding(sourceCoding.id);
    store.getState().previewCodingRange(sourceCoding.id, { start: sourceCoding.start, end: at('靠') });
    store.getState().previewCodingRange(sourceCoding.id, { start: sourceCoding.start, end: at('协调') });
    expect(store.getState().model?.codings.get(sourceCoding.id)?.end).toBe(at('协调'));
    expect(bridge.callsTo('codings:update')).toEqual([]);
    expect(await store.getState().commitCodingRange()).toBe(true);
    expect(bridge.callsTo('codings:update')).toEqual([
      { codingId: sourceCoding.id, start: sourceCoding.start, end: at('协调') },
    ]);
    expect(store.getState().boundaryDraft).toBeNull();
    expect(store.getState().selectedCodingId).toBe(sourceCoding.id);
  });

  it('puts the coding back and says why when the backend refuses the range', async () => {
    const coding = codingAt(at('数据'), at('主要'));
    const { store } = workspace([coding], () => ({
      ok: false,
      error: { code: 'invalid-arguments', message: 'The range starts or ends in the middle of a character.' },
    }));
    await store.getState().init();
    const id = [...(store.getState().model?.codings.keys() ?? [])][0];
    store.getState().previewCodingRange(id, { start: at('数据'), end: at('靠') });
    expect(await store.getState().commitCodingRange()).toBe(false);
    expect(store.getState().model?.codings.get(id)).toMatchObject({ start: at('数据'), end: at('主要') });
    expect(store.getState().notices.map((notice) => notice.message)).toContain(
      'The range starts or ends in the middle of a character.',
    );
  });

  it('writes a burst of arrow-key moves as one request when the keys rest; Escape-style cancel restores', async () => {
    vi.useFakeTimers();
    const coding = codingAt(at('数据'), at('主要'));
    const { store, bridge } = workspace([coding], (args) => ({ ...coding, start: args.start, end: args.end }));
    await store.getState().init();
    const id = [...(store.getState().model?.codings.keys() ?? [])][0];
    store.getState().selectCoding(id);
    store.getState().nudgeCodingEdge('end', 1);
    store.getState().nudgeCodingEdge('end', 1);
    store.getState().nudgeCodingEdge('start', -1);
    expect(store.getState().model?.codings.get(id)).toMatchObject({ start: at('数据') - 1, end: at('主要') + 2 });
    expect(bridge.callsTo('codings:update')).toEqual([]);
    await vi.runAllTimersAsync();
    expect(bridge.callsTo('codings:update')).toEqual([{ codingId: id, start: at('数据') - 1, end: at('主要') + 2 }]);

    store.getState().nudgeCodingEdge('end', -1);
    store.getState().cancelCodingRange();
    await vi.runAllTimersAsync();
    expect(bridge.callsTo('codings:update')).toHaveLength(1);
    expect(store.getState().model?.codings.get(id)).toMatchObject({ start: at('数据') - 1, end: at('主要') + 2 });
  });

  it('lets go of a selected coding whose coder is no longer shown', async () => {
    const coding = codingAt(2, 6);
    const { store } = workspace([coding], () => null);
    await store.getState().init();
    const id = [...(store.getState().model?.codings.keys() ?? [])][0];
    store.getState().selectCoding(id);
    const bo = store.getState().coders.find((coder) => coder.name === 'Bo');
    if (!bo) throw new Error('coders were not loaded');
    store.getState().setCoderView({ mode: 'one', coderId: bo.id });
    expect(store.getState().selectedCodingId).toBeNull();
  });
});

describe('who is coding', () => {
  it('makes a name the current coder, shows it as the project’s coder, and lists it', async () => {
    const project = makeProject();
    const coders = [project.currentCoder];
    const bridge = fakeBridge({
      'app:info': () => ({ version: '0.1.0', mode: 'browser', projectsDir: '/tmp' }),
      'projects:current': () => project,
      'sources:list': () => [],
      'attributes:list': () => [],
      'codes:list': () => [],
      'coders:list': () => coders,
      'coders:setCurrent': (args) => {
        const coder = { id: testId<CoderId>(), name: args.name };
        coders.push(coder);
        return coder;
      },
    });
    const store = createAppStore(bridge);
    await store.getState().init();
    expect(await store.getState().setCurrentCoder('  Bo ')).toBe(true);
    expect(bridge.callsTo('coders:setCurrent')).toEqual([{ name: 'Bo' }]);
    expect(store.getState().project?.currentCoder.name).toBe('Bo');
    expect(store.getState().coders.map((coder) => coder.name)).toEqual([project.currentCoder.name, 'Bo']);
    // The same coder again asks nothing of the backend.
    expect(await store.getState().setCurrentCoder('Bo')).toBe(true);
    expect(bridge.callsTo('coders:setCurrent')).toHaveLength(1);
  });
});
