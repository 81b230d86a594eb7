// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AttributeId, CodeId, SourceId } from '../../shared/domain/ids';
import type { Attribute, SourceSummary } from '../../shared/domain/types';
import type { RetrievalReport } from '../../shared/ipc/channels/retrieval';
import { createAppStore } from '../../renderer/store';
import { QueryForm } from '../../renderer/features/analysis/QueryForm';
import { defaultQueries } from '../../renderer/features/analysis/queryModel';
import { RetrievalFilters } from '../../renderer/features/retrieval/RetrievalFilters';
import { fakeBridge, makeProject, testId } from './support/fixtures';
import { interact, renderWithStore, typeInto, type Rendered } from './support/render';

// The one attribute-filter row (renderer/lib/AttributeFilters.tsx) as Analysis and Retrieval
// show it: the same controls with the same names, and each place's own way of running.

const attributes: Attribute[] = [
  { id: testId<AttributeId>(), name: 'province', type: 'text' },
  { id: testId<AttributeId>(), name: 'year', type: 'number' },
];
const source = (province: string, year: string): SourceSummary => ({
  id: testId<SourceId>(),
  name: `${province} ${year}`,
  kind: 'other',
  length: 10,
  textHash: '',
  importedAt: '',
  attributes: { province, year },
  codingCount: 0,
});
const sources = [source('Zhejiang', '2022'), source('Anhui', '2019'), source('Zhejiang', '2023')];
const codeId = testId<CodeId>();

let rendered: Rendered | null = null;
afterEach(() => {
  rendered?.unmount();
  rendered = null;
  document.body.innerHTML = '';
  vi.useRealTimers();
});

async function analysis() {
  const store = createAppStore(fakeBridge({}));
  store.setState({ project: makeProject(), attributes, sources, analysisQueries: defaultQueries(attributes) });
  rendered = await renderWithStore(store, <QueryForm />);
  return { store, container: rendered.container };
}

async function retrieval() {
  const bridge = fakeBridge({
    'retrieval:get': (args) =>
      ({
        codeId,
        codePath: 'Capacity',
        includeDescendants: true,
        where: (args as { where: RetrievalReport['where'] }).where,
        coder: null,
        contextSentences: 2,
        attributes: [],
        passages: [],
      }) as unknown as RetrievalReport,
  });
  const store = createAppStore(bridge);
  store.setState({ project: makeProject(), attributes, sources });
  store.setState({ retrievalQuery: { ...store.getState().retrievalQuery, codeId } });
  rendered = await renderWithStore(store, <RetrievalFilters />);
  return { store, bridge, container: rendered.container };
}

const button = (container: HTMLElement, name: string): HTMLButtonElement =>
  [...container.querySelectorAll('button')].find((entry) => entry.textContent === name) as HTMLButtonElement;

/** The row's controls by their accessible names, as a screen reader and the e2e tests find them. */
function controls(container: HTMLElement, index = 0) {
  const row = container.querySelectorAll('.attribute-filter')[index] as HTMLElement;
  return {
    row,
    attribute: row.querySelector('select[aria-label="Attribute"]') as HTMLSelectElement,
    operator: row.querySelector('select[aria-label="Comparison"]') as HTMLSelectElement,
    value: row.querySelector('input[aria-label^="Value of "]') as HTMLInputElement,
    remove: row.querySelector('button[aria-label="Remove this filter"]') as HTMLButtonElement,
  };
}

async function choose(select: HTMLSelectElement, value: string): Promise<void> {
  await interact(() => {
    select.value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

const statusText = (container: HTMLElement): string | null =>
  container.querySelector('[role="status"]')?.textContent ?? null;

describe('the attribute-filter row in both places', () => {
  it('is the same row in Analysis and Retrieval: controls, operators, offered values, focus', async () => {
    const shapes: string[] = [];
    for (const open of [analysis, retrieval]) {
      const { container } = await open();
      await interact(() => button(container, '+ Filter').click());
      const row = controls(container);
      expect(row.attribute.value).toBe('province');
      expect([...row.operator.options].map((option) => option.textContent)).toEqual(['=', '≠', '<', '≤', '>', '≥']);
      expect(row.value.getAttribute('aria-label')).toBe('Value of province');
      // The new row's value field takes the focus, ready for typing.
      expect(document.activeElement).toBe(row.value);
      const offered = document.getElementById(row.value.getAttribute('list') ?? '');
      expect([...(offered?.querySelectorAll('option') ?? [])].map((option) => option.value)).toEqual([
        'Anhui',
        'Zhejiang',
      ]);
      // A second row starts on the next attribute not filtered yet.
      await interact(() => button(container, '+ Filter').click());
      expect(controls(container, 1).attribute.value).toBe('year');
      shapes.push([...row.row.children].map((element) => `${element.tagName}.${element.className}`).join(' '));
      rendered?.unmount();
      rendered = null;
    }
    expect(shapes[0]).toBe(shapes[1]);
  });

  it('in Analysis, runs nothing while a value does not fit, says why in red, then sends the row', async () => {
    const { store, container } = await analysis();
    await interact(() => button(container, '+ Filter').click());
    const row = controls(container);
    await choose(row.attribute, 'year');
    await choose(row.operator, '>=');
    await interact(() => typeInto(row.value, '20x'));
    expect(store.getState().analysisQueries?.crosstab.where).toEqual([]);
    expect(row.value.getAttribute('aria-invalid')).toBe('true');
    expect(container.querySelector('[role="status"].error-text')?.textContent).toContain('write a number');
    expect(row.row.classList.contains('applied')).toBe(false);
    await interact(() => typeInto(row.value, '2019'));
    expect(store.getState().analysisQueries?.crosstab.where).toEqual([{ attribute: 'year', op: '>=', value: '2019' }]);
    expect(row.row.classList.contains('applied')).toBe(true);
    expect(statusText(container)).toBeNull();
    // An empty second row is not applied yet, and does not change the query.
    await interact(() => button(container, '+ Filter').click());
    expect(statusText(container)).toBe('A filter without a valid value is not applied yet.');
    expect(store.getState().analysisQueries?.crosstab.where).toHaveLength(1);
    await interact(() => controls(container).remove.click());
    expect(store.getState().analysisQueries?.crosstab.where).toEqual([]);
  });

  it('in Retrieval, retrieves once typing pauses, and never for a half-typed value', async () => {
    const { store, bridge, container } = await retrieval();
    await interact(() => button(container, '+ Filter').click());
    const row = controls(container);
    await choose(row.attribute, 'year');
    const before = bridge.callsTo('retrieval:get').length;
    vi.useFakeTimers();
    const type = (value: string): void => act(() => typeInto(row.value, value));
    const pause = (ms: number): Promise<void> =>
      act(async () => {
        await vi.advanceTimersByTimeAsync(ms);
      });
    type('20x');
    await pause(1000);
    expect(bridge.callsTo('retrieval:get')).toHaveLength(before);
    expect(row.value.getAttribute('aria-invalid')).toBe('true');
    type('202');
    type('2022');
    await pause(100);
    expect(bridge.callsTo('retrieval:get')).toHaveLength(before);
    await pause(400);
    expect(bridge.callsTo('retrieval:get')).toHaveLength(before + 1);
    expect((bridge.callsTo('retrieval:get').at(-1) as { where: unknown }).where).toEqual([
      { attribute: 'year', op: '=', value: '2022' },
    ]);
    vi.useRealTimers();
    expect(store.getState().retrievalQuery.filters).toEqual([{ attribute: 'year', op: '=', value: '2022' }]);
  });

  it('cannot add a filter when the sources have no attributes, and says why', async () => {
    const store = createAppStore(fakeBridge({}));
    store.setState({ project: makeProject(), attributes: [], sources: [], analysisQueries: defaultQueries([]) });
    rendered = await renderWithStore(store, <QueryForm />);
    const add = button(rendered.container, '+ Filter');
    expect(add.disabled).toBe(true);
    expect(add.title).toBe('The sources have no attributes to filter on yet.');
  });
});
