import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AttributeId, CodeId } from '../../shared/domain/ids';
import type { Attribute } from '../../shared/domain/types';
import type { RetrievalReport, RetrievedPassage } from '../../shared/ipc/channels/retrieval';
import { ListLayout } from '../../renderer/lib/useVirtualList';
import { passageHeightEstimate } from '../../renderer/features/retrieval/rowHeight';
import { sendableFilters } from '../../renderer/lib/attributeFilters';
import { createAppStore } from '../../renderer/store';
import { fakeBridge, testId } from './support/fixtures';

/*
 * The parts of the Retrieval tab that work without a browser: the layout the virtual list
 * draws from, the row height estimate, and which filters reach the backend (a half-typed
 * value never does; a typed one only once the typing pauses).
 */

const attributes: Attribute[] = [
  { id: testId<AttributeId>(), name: 'year', type: 'number' },
  { id: testId<AttributeId>(), name: 'interviewed', type: 'date' },
  { id: testId<AttributeId>(), name: 'province', type: 'text' },
];

function passage(index: number, overrides: Partial<RetrievedPassage> = {}): RetrievedPassage {
  return {
    codingId: `coding-${index}`,
    sourceId: 'source',
    source: 'Interview',
    attributes: { year: '2022' },
    codeId: 'code',
    codePath: 'Capacity',
    color: '#336699',
    coder: 'Ana',
    start: index * 10,
    end: index * 10 + 5,
    text: 'A passage.',
    before: '',
    after: '',
    location: { page: null, article: null, turn: null, paragraph: index + 1 },
    memo: '',
    ...overrides,
  };
}

describe('the virtual list layout', () => {
  it('finds the rows of a viewport from estimates, then from measured heights', () => {
    const keys = Array.from({ length: 1000 }, (_, index) => `row-${index}`);
    const layout = new ListLayout(keys, () => 100, 640);
    expect(layout.total()).toBe(100_000);
    expect(layout.windowFor(0, 800, 200)).toEqual([0, 10]);
    expect(layout.windowFor(50_000, 800, 200)).toEqual([498, 510]);
    expect(layout.windowFor(99_950, 800, 0)).toEqual([999, 999]);
    // A measurement moves everything below it, and nothing above.
    expect(layout.setMeasured(10, 300)).toBe(true);
    expect(layout.setMeasured(10, 300)).toBe(false);
    expect(layout.offsetOf(10)).toBe(1000);
    expect(layout.offsetOf(11)).toBe(1300);
    expect(layout.total()).toBe(100_200);
    expect(layout.indexAt(1299)).toBe(10);
  });

  it('keeps measured heights by key when the rows come again, and drops them for a new width', () => {
    const layout = new ListLayout(['a', 'b', 'c'], () => 50, 640);
    layout.setMeasured(1, 120);
    // A refresh that adds a row before "b": "b" keeps its measured height at its new place.
    layout.setRows(['new', 'a', 'b', 'c'], () => 50);
    expect([0, 1, 2, 3].map((index) => layout.heightOf(index))).toEqual([50, 50, 120, 50]);
    expect(layout.isMeasured(2)).toBe(true);
    expect(layout.setWidth(900)).toBe(true);
    expect(layout.isMeasured(2)).toBe(false);
    expect(layout.heightOf(2)).toBe(50);
    expect(new ListLayout([], () => 50, 640).windowFor(0, 800, 600)).toEqual([0, -1]);
  });

  it('estimates taller rows for longer passages, narrower lists, memos and Chinese text', () => {
    const short = passage(0);
    const long = passage(1, { before: 'Context. '.repeat(40), after: 'More context. '.repeat(40) });
    const memo = passage(2, { memo: 'A memo about this coding.' });
    const chinese = passage(3, { text: '县财政设立数字化改革专项资金。'.repeat(10) });
    const latin = passage(4, { text: 'a'.repeat(150) });
    const estimate = passageHeightEstimate([short, long, memo, chinese, latin], ['year'], 1);
    expect(estimate(1, 800)).toBeGreaterThan(estimate(0, 800) + 100);
    expect(estimate(1, 400)).toBeGreaterThan(estimate(1, 800));
    expect(estimate(2, 800)).toBeGreaterThan(estimate(0, 800));
    expect(estimate(3, 800)).toBeGreaterThan(estimate(4, 800));
    expect(passageHeightEstimate([short], ['year'], 1.25)(0, 800)).toBeGreaterThan(estimate(0, 800));
  });
});

describe('retrieval filters sent to the backend', () => {
  afterEach(() => vi.useRealTimers());

  it('sends only filters with a value that fits the attribute', () => {
    expect(
      sendableFilters(attributes, [
        { attribute: 'year', op: '>=', value: ' 2022 ' },
        { attribute: 'year', op: '<', value: '20x' },
        { attribute: 'interviewed', op: '<=', value: '2022-1' },
        { attribute: 'interviewed', op: '>', value: '2021-12-31' },
        { attribute: 'province', op: '!=', value: '' },
        { attribute: 'province', op: '!=', value: 'Zhejiang' },
      ]),
    ).toEqual([
      { attribute: 'year', op: '>=', value: '2022' },
      { attribute: 'interviewed', op: '>', value: '2021-12-31' },
      { attribute: 'province', op: '!=', value: 'Zhejiang' },
    ]);
  });

  it('retrieves again only when the complete filters change, and after typing pauses', async () => {
    vi.useFakeTimers();
    const codeId = testId<CodeId>();
    const report = (where: RetrievalReport['where']): RetrievalReport => ({
      codeId,
      codePath: 'Capacity',
      includeDescendants: true,
      where,
      coder: null,
      attributes: ['year', 'interviewed', 'province'],
      sourceCount: 1,
      passages: [passage(0)],
    });
    const bridge = fakeBridge({ 'retrieval:get': (args) => report(args.where ?? []) });
    const store = createAppStore(bridge);
    store.setState({ attributes });
    store.getState().setRetrievalQuery({ codeId });
    await vi.runAllTimersAsync();
    expect(bridge.callsTo('retrieval:get')).toHaveLength(1);

    // A new row without a value, then a half-typed date: nothing to retrieve.
    store.getState().setRetrievalFilters([{ attribute: 'interviewed', op: '>=', value: '' }]);
    store.getState().setRetrievalFilters([{ attribute: 'interviewed', op: '>=', value: '2022-0' }], true);
    await vi.runAllTimersAsync();
    expect(bridge.callsTo('retrieval:get')).toHaveLength(1);
    expect(store.getState().retrievalQuery.filters).toEqual([{ attribute: 'interviewed', op: '>=', value: '2022-0' }]);

    // Typed to the end: one request, with the complete filter, once the typing pauses.
    store.getState().setRetrievalFilters([{ attribute: 'interviewed', op: '>=', value: '2022-01-0' }], true);
    store.getState().setRetrievalFilters([{ attribute: 'interviewed', op: '>=', value: '2022-01-01' }], true);
    expect(bridge.callsTo('retrieval:get')).toHaveLength(1);
    await vi.runAllTimersAsync();
    expect(bridge.callsTo('retrieval:get')).toHaveLength(2);
    expect(bridge.callsTo('retrieval:get')[1]).toMatchObject({
      where: [{ attribute: 'interviewed', op: '>=', value: '2022-01-01' }],
    });

    // A comparison chosen from its menu applies at once.
    store.getState().setRetrievalFilters([{ attribute: 'interviewed', op: '<', value: '2022-01-01' }]);
    expect(bridge.callsTo('retrieval:get')).toHaveLength(3);
    await vi.runAllTimersAsync();
    // A second, incomplete row changes nothing that is sent.
    store.getState().setRetrievalFilters([
      { attribute: 'interviewed', op: '<', value: '2022-01-01' },
      { attribute: 'year', op: '>=', value: '' },
    ]);
    await vi.runAllTimersAsync();
    expect(bridge.callsTo('retrieval:get')).toHaveLength(3);
  });
});
