import { describe, expect, it } from 'vitest';
import type { CodeId, ProjectId, SourceId } from '../../shared/domain/ids';
import type { Coding, FrequencyTable, ProjectInfo } from '../../shared/domain/types';
import { createAppStore } from '../../renderer/store';
import { deleteConfirmationFor } from './support/deleteConfirmation';
import {
  CODER_ID,
  fakeBridge,
  makeCode,
  makeCoding,
  makeSource,
  settle,
  summaryOf,
  testId,
  type Handlers,
} from './support/fixtures';

const project: ProjectInfo = {
  id: testId<ProjectId>(),
  name: 'County study',
  path: '/tmp/county.marginalia',
  createdAt: '2025-01-01T00:00:00.000Z',
  schemaVersion: 1,
  currentCoder: { id: CODER_ID, name: 'Researcher' },
  warnings: [],
};

function projectHandlers(overrides: Handlers = {}) {
  const instruments = makeCode({ name: 'Instruments', position: 0 });
  const planning = makeCode({
    name: 'Digital planning system',
    parentId: instruments.id,
    path: 'Instruments/Digital planning system',
    depth: 1,
    segmentCount: 2,
  });
  const source = makeSource('我们制定了三年行动计划。\nA second paragraph.', { attributes: { province: 'Zhejiang' } });
  const handlers: Handlers = {
    'app:info': () => ({ version: '0.1.0', mode: 'browser', projectsDir: '/tmp' }),
    'projects:current': () => project,
    'sources:list': () => [summaryOf(source)],
    'sources:get': () => source,
    'attributes:list': () => [],
    'codes:list': () => [planning, instruments],
    'coders:list': () => [project.currentCoder],
    ...overrides,
  };
  return { handlers, instruments, planning, source };
}

describe('the renderer store', () => {
  it('opens the workspace on the current project, in codebook order, with its first source open', async () => {
    const { handlers, instruments, planning, source } = projectHandlers();
    const store = createAppStore(fakeBridge(handlers));
    await store.getState().init();
    const state = store.getState();
    expect(state.phase).toBe('workspace');
    expect(state.codes.map((code) => code.id)).toEqual([instruments.id, planning.id]);
    expect(state.model?.source.id).toBe(source.id);
    expect(state.model?.blocks).toHaveLength(2);
  });

  it('shows the start screen with recent projects when nothing is open', async () => {
    const recent = [{ path: '/tmp/a.marginalia', name: 'A', openedAt: '2025-01-01', exists: true }];
    const store = createAppStore(
      fakeBridge({ ...projectHandlers().handlers, 'projects:current': () => null, 'projects:recent': () => recent }),
    );
    await store.getState().init();
    expect(store.getState().phase).toBe('start');
    expect(store.getState().recent).toEqual(recent);
  });

  it('applies a code by sending the range and merging the coding the backend returns', async () => {
    let returned: Coding | undefined;
    const { handlers, planning, source } = projectHandlers({
      'codings:create': (args) => {
        returned = makeCoding(args.sourceId as SourceId, args.codeId as CodeId, args.start, args.end);
        return returned;
      },
    });
    const bridge = fakeBridge(handlers);
    const store = createAppStore(bridge);
    await store.getState().init();
    expect(await store.getState().applyCode(planning.id, { start: 2, end: 11 })).toBe(true);
    expect(bridge.callsTo('codings:create')).toEqual([{ sourceId: source.id, codeId: planning.id, start: 2, end: 11 }]);
    const model = store.getState().model;
    expect(model?.codings.get(returned?.id as Coding['id'])).toEqual(returned);
    expect(model?.byBlock[0].map((coding) => coding.id)).toEqual([returned?.id]);
    expect(store.getState().textSelection).toBeNull();
  });

  it('asks for a selection first instead of calling the backend without one', async () => {
    const { handlers, planning } = projectHandlers();
    const bridge = fakeBridge(handlers);
    const store = createAppStore(bridge);
    await store.getState().init();
    expect(await store.getState().applyCode(planning.id)).toBe(false);
    expect(bridge.callsTo('codings:create')).toEqual([]);
    expect(store.getState().notices.map((notice) => notice.message)).toEqual([
      'Select a passage in the document first.',
    ]);
  });

  it('shows the backend’s sentence when a write fails, and changes nothing', async () => {
    const message = 'That range is outside the source text.';
    const { handlers, planning } = projectHandlers({
      'codings:create': () => ({ ok: false, error: { code: 'invalid-arguments', message } }),
    });
    const store = createAppStore(fakeBridge(handlers));
    await store.getState().init();
    const before = store.getState().model;
    expect(await store.getState().applyCode(planning.id, { start: 0, end: 999 })).toBe(false);
    expect(store.getState().model).toBe(before);
    expect(store.getState().notices).toEqual([expect.objectContaining({ kind: 'error', message })]);
  });

  it('removes a coding through codings:delete and drops it from the view', async () => {
    const { handlers, planning, source } = projectHandlers();
    const existing = makeCoding(source.id, planning.id, 0, 4);
    const bridge = fakeBridge({
      ...handlers,
      'sources:get': () => ({ ...source, codings: [existing] }),
      'codings:delete': () => null,
    });
    const store = createAppStore(bridge);
    await store.getState().init();
    store.getState().selectCoding(existing.id);
    expect(await store.getState().removeCoding(existing.id)).toBe(true);
    expect(bridge.callsTo('codings:delete')).toEqual([{ codingId: existing.id }]);
    expect(store.getState().model?.codings.size).toBe(0);
    expect(store.getState().selectedCodingId).toBeNull();
  });

  it('undoes through history:undo, then reloads codes, sources and the open document', async () => {
    const { handlers } = projectHandlers({ 'history:undo': () => ({ description: 'Code passage' }) });
    const bridge = fakeBridge(handlers);
    const store = createAppStore(bridge);
    await store.getState().init();
    const before = bridge.calls.length;
    await store.getState().undo();
    const after = bridge.calls.slice(before).map((call) => call.channel);
    expect(after[0]).toBe('history:undo');
    expect(after).toEqual(expect.arrayContaining(['codes:list', 'sources:list', 'sources:get']));
    expect(store.getState().notices.map((notice) => notice.message)).toContain('Undone: Code passage');
  });

  it('says so when there is nothing to undo', async () => {
    const { handlers } = projectHandlers({ 'history:undo': () => null });
    const store = createAppStore(fakeBridge(handlers));
    await store.getState().init();
    await store.getState().undo();
    expect(store.getState().notices.map((notice) => notice.message)).toEqual(['Nothing to undo.']);
  });

  it('shows frequencies exactly as frequencies:get returns them, re-asking when the unit changes', async () => {
    const table = (unit: FrequencyTable['unit']): FrequencyTable => ({
      by: 'province',
      unit,
      coder: null,
      columns: ['Zhejiang', '(none)'],
      rows: [],
      totals: { Zhejiang: unit === 'segments' ? 3 : 1, '(none)': 0, all: unit === 'segments' ? 3 : 1 },
    });
    const { handlers } = projectHandlers({ 'frequencies:get': (args) => table(args.unit) });
    const bridge = fakeBridge(handlers);
    const store = createAppStore(bridge);
    await store.getState().init();
    store.getState().setView('frequencies');
    await settle();
    expect(store.getState().frequencyTable).toEqual(table('segments'));
    store.getState().setFrequencyUnit('documents');
    await settle();
    expect(bridge.callsTo('frequencies:get').at(-1)).toEqual({ by: 'province', unit: 'documents', coder: null });
    expect(store.getState().frequencyTable?.totals.all).toBe(1);
  });

  it('sets an attribute value and merges the source row the backend returns', async () => {
    const { handlers, source } = projectHandlers();
    const updated = { ...summaryOf(source), attributes: { province: 'Anhui' } };
    const bridge = fakeBridge({ ...handlers, 'attributes:set': () => updated });
    const store = createAppStore(bridge);
    await store.getState().init();
    expect(await store.getState().setAttribute(source.id, 'province', '  Anhui ')).toBe(true);
    expect(bridge.callsTo('attributes:set')).toEqual([{ sourceId: source.id, name: 'province', value: 'Anhui' }]);
    expect(store.getState().sources[0].attributes.province).toBe('Anhui');
    expect(store.getState().model?.source.attributes.province).toBe('Anhui');
  });

  it('creates a code under its parent and keeps codebook order', async () => {
    const { handlers, instruments } = projectHandlers();
    const pilots = makeCode({
      name: 'Pilots',
      parentId: instruments.id,
      path: 'Instruments/Pilots',
      depth: 1,
      position: 1,
    });
    const bridge = fakeBridge({ ...handlers, 'codes:create': () => pilots });
    const store = createAppStore(bridge);
    await store.getState().init();
    await store.getState().createCode(instruments.id, ' Pilots ');
    expect(bridge.callsTo('codes:create')).toEqual([{ parentId: instruments.id, name: 'Pilots' }]);
    expect(store.getState().codes.map((code) => code.name)).toEqual([
      'Instruments',
      'Digital planning system',
      'Pilots',
    ]);
    expect(store.getState().selectedCodeId).toBe(pilots.id);
    // The confirmation for deleting the parent counts the codings of the whole subtree.
    expect(deleteConfirmationFor(store.getState().codes, instruments.id)[0]).toBe(
      'Its 2 sub-codes go with it, and 2 codings in all.',
    );
  });
});
