import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodeId, SourceId } from '../../shared/domain/ids';
import type { Code, Coding } from '../../shared/domain/types';
import { createAppStore } from '../../renderer/store';
import { shortcutCodes } from '../../renderer/features/codebook/recentCodes';
import {
  fakeBridge,
  makeCode,
  makeCoding,
  makeProject,
  makeSource,
  summaryOf,
  type Handlers,
} from './support/fixtures';

const project = makeProject({ name: 'County study', path: '/tmp/county.marginalia' });

const TEXT = '问：规划怎么定的？答：我们制定了三年行动计划。每个部门都有明确的指标。\n第二段落。';

// An in-memory localStorage, as the browser gives the renderer (Node has none).
class MemoryStorage {
  private readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

beforeEach(() => {
  (globalThis as { localStorage?: unknown }).localStorage = new MemoryStorage();
});
afterEach(() => {
  delete (globalThis as { localStorage?: unknown }).localStorage;
});

/** Codings a test's source starts with, for codings:update to find. */
const heldCodings = new Map<string, Coding>();

function workspace(overrides: Handlers = {}) {
  const codes: Code[] = [];
  for (let index = 0; index < 11; index += 1) codes.push(makeCode({ name: `Code ${index + 1}`, position: index }));
  const source = makeSource(TEXT);
  const created: Coding[] = [];
  const handlers: Handlers = {
    'app:info': () => ({ version: '0.1.0', mode: 'browser', projectsDir: '/tmp' }),
    'projects:current': () => project,
    'sources:list': () => [summaryOf(source)],
    'sources:get': () => source,
    'attributes:list': () => [],
    'codes:list': () => codes,
    'coders:list': () => [project.currentCoder],
    'codings:create': (args) => {
      const coding = {
        ...makeCoding(args.sourceId as SourceId, args.codeId as CodeId, args.start, args.end),
        memo: args.memo ?? '',
      };
      created.push(coding);
      return coding;
    },
    'codings:delete': () => null,
    'codings:update': (args) => {
      const coding = created.find((entry) => entry.id === args.codingId) ?? heldCodings.get(args.codingId);
      if (!coding) throw new Error('no such coding');
      return { ...coding, start: args.start, end: args.end };
    },
    'codings:createInVivo': (args) => {
      const parent = codes.find((code) => code.id === args.parentId);
      let code = codes.find((entry) => entry.parentId === args.parentId && entry.name === args.name);
      const isNew = !code;
      if (!code) {
        code = makeCode({
          name: args.name,
          parentId: (args.parentId as CodeId | null) ?? null,
          path: parent ? `${parent.path}/${args.name}` : args.name,
          depth: parent ? parent.depth + 1 : 0,
          position: 99,
        });
        codes.push(code);
      }
      const coding = makeCoding(args.sourceId as SourceId, code.id, args.start, args.end);
      created.push(coding);
      return { code, coding, created: isNew };
    },
    'codes:create': (args) => {
      const parent = codes.find((code) => code.id === args.parentId);
      const code = makeCode({
        name: args.name,
        parentId: (args.parentId as CodeId | null) ?? null,
        path: parent ? `${parent.path}/${args.name}` : args.name,
        depth: parent ? parent.depth + 1 : 0,
        position: 99,
      });
      codes.push(code);
      return code;
    },
    ...overrides,
  };
  const bridge = fakeBridge(handlers);
  const store = createAppStore(bridge);
  return { store, bridge, codes, source, created };
}

const range = (phrase: string): { start: number; end: number } => {
  const start = TEXT.indexOf(phrase);
  return { start, end: start + phrase.length };
};

describe('number keys follow recent use', () => {
  it('moves a code applied from anywhere to key 1, and remembers the order per project', async () => {
    const { store, codes } = workspace();
    await store.getState().init();
    const keys = (): string[] =>
      shortcutCodes(store.getState().codes, store.getState().recentCodeIds).map((code) => code.name);
    expect(keys()).toEqual(codes.slice(0, 9).map((code) => code.name));

    await store.getState().applyCode(codes[10].id, range('三年'));
    await store.getState().applyCode(codes[4].id, range('指标'));
    expect(keys().slice(0, 3)).toEqual(['Code 5', 'Code 11', 'Code 1']);
    expect(keys()).toHaveLength(9);

    // Opening the project again (a new window) brings the same keys back.
    const again = workspace();
    await again.store.getState().init();
    expect(again.store.getState().recentCodeIds.slice(0, 2)).toEqual([codes[4].id, codes[10].id]);
  });

  it('does not count a coding the backend refused', async () => {
    const { store, codes } = workspace({
      'codings:create': () => ({ ok: false, error: { code: 'invalid-arguments', message: 'No.' } }),
    });
    await store.getState().init();
    await store.getState().applyCode(codes[10].id, range('三年'));
    expect(store.getState().recentCodeIds).toEqual([]);
  });
});

describe('in-vivo coding', () => {
  it('names a new top-level code with the selected Chinese words and codes the passage with it', async () => {
    const { store, bridge, source } = workspace();
    await store.getState().init();
    // The sentence's full stop is selected too: it is coded, but it is not part of the name.
    store.getState().setTextSelection(range('三年行动计划。'));
    expect(await store.getState().codeInVivo()).toBe(true);
    // One request makes the code and the coding, so that one undo takes back both.
    expect(bridge.callsTo('codings:createInVivo')).toEqual([
      { sourceId: source.id, parentId: null, name: '三年行动计划', ...range('三年行动计划。') },
    ]);
    expect(bridge.callsTo('codes:create')).toEqual([]);
    expect(bridge.callsTo('codings:create')).toEqual([]);
    const code = store.getState().codes.find((entry) => entry.name === '三年行动计划') as Code;
    expect([...(store.getState().model?.codings.values() ?? [])].map((entry) => entry.codeId)).toEqual([code.id]);
    expect(store.getState().recentCodeIds[0]).toBe(code.id);
    expect(store.getState().notices.map((notice) => notice.message)).toContain(
      'New code “三年行动计划”, and the passage is coded with it.',
    );
  });

  it('puts the new code under the code selected in the codebook, which stays selected', async () => {
    const { store, bridge, codes } = workspace();
    await store.getState().init();
    store.getState().selectCode(codes[2].id);
    await store.getState().codeInVivo(range('明确的指标。'));
    expect(bridge.callsTo('codings:createInVivo')).toMatchObject([{ parentId: codes[2].id, name: '明确的指标' }]);
    expect(store.getState().selectedCodeId).toBe(codes[2].id);
    expect(store.getState().codes.find((code) => code.name === '明确的指标')?.path).toBe(`${codes[2].path}/明确的指标`);
    // The same words again: the backend reuses that code; the codebook does not list it twice.
    await store.getState().codeInVivo(range('明确的指标'));
    expect(bridge.callsTo('codings:createInVivo')).toHaveLength(2);
    expect(store.getState().codes.filter((code) => code.name === '明确的指标')).toHaveLength(1);
    expect(store.getState().model?.codings.size).toBe(2);
  });

  it('refuses a selection of punctuation only', async () => {
    const { store, bridge } = workspace();
    await store.getState().init();
    expect(await store.getState().codeInVivo(range('？'))).toBe(false);
    expect(bridge.callsTo('codings:createInVivo')).toEqual([]);
  });
});

describe('widening to the sentence or paragraph', () => {
  it('widens the selected passage and asks the text view to select it', async () => {
    const { store, bridge } = workspace();
    await store.getState().init();
    store.getState().setTextSelection(range('三年'));
    await store.getState().extendSelection('sentence');
    expect(store.getState().textSelection).toEqual(range('答：我们制定了三年行动计划。'));
    expect(store.getState().selectionRequest?.range).toEqual(range('答：我们制定了三年行动计划。'));
    await store.getState().extendSelection('paragraph');
    expect(store.getState().textSelection).toEqual({ start: 0, end: TEXT.indexOf('\n') });
    expect(bridge.callsTo('codings:create')).toEqual([]);
  });

  it('widens a selected coding in place, keeping its id, code and memo (one step)', async () => {
    const sentence = range('答：我们制定了三年行动计划。');
    // The source answers with the coding made below, once the workspace's codes exist.
    const held: { coding?: Coding } = {};
    const withCoding = workspace({
      'sources:get': () => ({ ...withCoding.source, codings: held.coding ? [held.coding] : [] }),
    });
    const { source, codes } = withCoding;
    const coding = { ...makeCoding(source.id, codes[1].id, 0, 0), memo: 'check with the county', ...range('三年行动') };
    held.coding = coding;
    heldCodings.set(coding.id, coding);
    await withCoding.store.getState().init();
    withCoding.store.getState().selectCoding(coding.id);
    expect(await withCoding.store.getState().extendSelection('sentence')).toBe(true);
    expect(withCoding.bridge.callsTo('codings:update')).toEqual([{ codingId: coding.id, ...sentence }]);
    expect(withCoding.bridge.callsTo('codings:create')).toEqual([]);
    expect(withCoding.bridge.callsTo('codings:delete')).toEqual([]);
    const model = withCoding.store.getState().model;
    expect([...(model?.codings.values() ?? [])].map((entry) => [entry.id, entry.start, entry.end, entry.memo])).toEqual(
      [[coding.id, sentence.start, sentence.end, 'check with the county']],
    );
    expect(withCoding.store.getState().selectedCodingId).toBe(coding.id);
  });
});

describe('the palette and find', () => {
  it('keeps the passage selected when the palette opens, since its input takes the page selection', async () => {
    const { store } = workspace();
    await store.getState().init();
    store.getState().setTextSelection(range('三年'));
    store.getState().openPalette();
    store.getState().setTextSelection(null);
    expect(store.getState().paletteTarget).toEqual(range('三年'));
    store.getState().closePalette({ restoreSelection: true });
    expect(store.getState().paletteOpen).toBe(false);
    expect(store.getState().selectionRequest?.range).toEqual(range('三年'));
  });

  it('counts matches of a two-character Chinese query and steps through them, wrapping', async () => {
    const { store } = workspace();
    await store.getState().init();
    store.getState().openFind();
    store.getState().setFindQuery('计划');
    expect(store.getState().findMatches).toEqual([TEXT.indexOf('计划')]);
    store.getState().setFindQuery('段', TEXT.indexOf('\n'));
    expect(store.getState().findMatches).toEqual([TEXT.indexOf('段')]);
    store.getState().setFindQuery('。');
    expect(store.getState().findMatches).toHaveLength(3);
    store.getState().stepFind(-1);
    expect(store.getState().findIndex).toBe(2);
    store.getState().stepFind(1);
    expect(store.getState().findIndex).toBe(0);
    store.getState().closeFind();
    expect(store.getState().findMatches).toEqual([]);
  });
});
