// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { AttributeId, CodeId, SourceId } from '../../shared/domain/ids';
import type { Attribute } from '../../shared/domain/types';
import { crosstabAbout, type CrosstabReport } from '../../shared/format/crosstab';
import type { AnalysisQuery, CrosstabQuery, SavedQuery } from '../../shared/format/query';
import { computeCrosstab, crosstabPercentages } from '../../shared/stats/crosstab';
import { createAppStore } from '../../renderer/store';
import { AnalysisLayer } from '../../renderer/features/analysis/AnalysisLayer';
import { AnalysisView } from '../../renderer/features/analysis/AnalysisView';
import { fakeBridge, makeCode, makeProject, testId, type FakeBridge } from './support/fixtures';
import { interact, renderWithStore, typeInto, type Rendered } from './support/render';

const policy = makeCode({ name: 'Policy', position: 0 });
const data = makeCode({ name: 'Data', path: 'Policy/Data', parentId: policy.id, depth: 1 });
const actors = makeCode({ name: 'Actors', position: 1 });
const codes = [policy, data, actors];
const attributes: Attribute[] = [
  { id: testId<AttributeId>(), name: 'province', type: 'text' },
  { id: testId<AttributeId>(), name: 'year', type: 'number' },
];
const anhui = testId<SourceId>();
const zhejiang = testId<SourceId>();

/** A crosstab as the backend reports it, computed by the shared function the backend uses. */
function reportFor(query: CrosstabQuery): CrosstabReport {
  const result = computeCrosstab({
    codes,
    rows: query.codeIds as CodeId[] | null,
    rollup: query.rollup,
    unit: query.unit,
    columns: [
      { key: 'Anhui', values: ['Anhui'] },
      { key: 'Zhejiang', values: ['Zhejiang'] },
      { key: '(none)', values: ['(none)'] },
    ],
    sources: [
      { id: anhui, column: 'Anhui', length: 100 },
      { id: zhejiang, column: 'Zhejiang', length: 50 },
    ],
    cells: [
      { codeId: data.id, sourceId: anhui, segments: 2, ranges: [0, 10, 5, 20] },
      { codeId: policy.id, sourceId: zhejiang, segments: 1, ranges: [0, 5] },
      { codeId: actors.id, sourceId: zhejiang, segments: 3, ranges: [0, 5, 10, 15, 20, 25] },
    ],
  });
  const report = {
    query,
    by: query.by,
    then: null,
    coder: query.coder,
    codes: null,
    where: query.where,
    bins: [],
    result,
    percent: query.percent ? crosstabPercentages(result, query.percent) : null,
  };
  return { ...report, about: crosstabAbout(report) };
}

let rendered: Rendered | null = null;
afterEach(() => {
  rendered?.unmount();
  rendered = null;
  document.body.innerHTML = '';
});

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Lets React render a change, then waits out the view's short delay before it runs the query. */
async function runsSettled(): Promise<void> {
  await interact(() => undefined);
  await interact(async () => {
    await wait(250);
  });
}

async function open(
  extra: Parameters<typeof fakeBridge>[0] = {},
): Promise<{ bridge: FakeBridge; container: HTMLElement; store: ReturnType<typeof createAppStore> }> {
  const saved: SavedQuery[] = [];
  const bridge = fakeBridge({
    'crosstabs:get': (query) => reportFor(query as CrosstabQuery),
    'coders:list': () => [],
    'queries:list': () => [...saved],
    'queries:save': ({ name, query }) => {
      const entry: SavedQuery = { id: testId(), name, query: query as AnalysisQuery, createdAt: '', updatedAt: '' };
      saved.push(entry);
      return entry;
    },
    ...extra,
  });
  const store = createAppStore(bridge);
  store.setState({ project: makeProject(), phase: 'workspace', view: 'analysis', codes, attributes });
  rendered = await renderWithStore(
    store,
    <>
      <AnalysisView />
      <AnalysisLayer />
    </>,
  );
  await runsSettled();
  return { bridge, container: rendered.container, store };
}

const cellValues = (container: HTMLElement, code: string): Record<string, string> =>
  Object.fromEntries(
    [...container.querySelectorAll(`tr[data-code="${code}"] td[data-column]`)].map((cell) => [
      (cell as HTMLElement).dataset.column,
      (cell as HTMLElement).dataset.value,
    ]),
  );

describe('the Analysis tab', () => {
  it('asks for the top-level codes by province in segments and lays out the backend’s figures with the unit above', async () => {
    const { bridge, container } = await open();
    const asked = bridge.callsTo('crosstabs:get') as CrosstabQuery[];
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ by: 'province', unit: 'segments', rollup: true, codeIds: [policy.id, actors.id] });
    expect(container.querySelector('.analysis-unit')?.textContent).toBe('Unit: segments — the number of codings.');
    // Policy includes its child's two codings: 2 in Anhui, 1 of its own in Zhejiang.
    expect(cellValues(container, 'Policy')).toEqual({ Anhui: '2', Zhejiang: '1', '(none)': '0', all: '3' });
    expect(cellValues(container, 'Actors')).toEqual({ Anhui: '0', Zhejiang: '3', '(none)': '0', all: '3' });
    expect(cellValues(container, '(all codes)')).toEqual({ Anhui: '2', Zhejiang: '4', '(none)': '0', all: '6' });
    expect(container.querySelector('tr[data-code="Policy/Data"]')).toBeNull();
  });

  it('re-asks with the unit and percentages chosen, and shows the percentages beside the figures', async () => {
    const { bridge, container } = await open();
    const unitGroup = container.querySelector('[role="radiogroup"][aria-labelledby]') as HTMLElement;
    expect(unitGroup).not.toBeNull();
    const radio = (name: string) =>
      [...container.querySelectorAll<HTMLButtonElement>('[role="radio"]')].find(
        (button) => button.textContent === name,
      );
    await interact(async () => {
      radio('Documents')?.click();
      radio('Row %')?.click();
    });
    await runsSettled();
    const last = (bridge.callsTo('crosstabs:get') as CrosstabQuery[]).at(-1);
    expect(last).toMatchObject({ unit: 'documents', percent: 'row' });
    expect(container.querySelector('table.crosstab')?.getAttribute('data-unit')).toBe('documents');
    const share = container.querySelector('tr[data-code="Actors"] td[data-column="Zhejiang"] .share');
    expect(share?.textContent).toBe('100.0 %');
    // Coverage is a percentage already: choosing it clears and disables the percent choice.
    await interact(async () => {
      radio('Coverage')?.click();
    });
    await runsSettled();
    expect((bridge.callsTo('crosstabs:get') as CrosstabQuery[]).at(-1)).toMatchObject({
      unit: 'coverage',
      percent: null,
    });
    expect(radio('Row %')?.disabled).toBe(true);
  });

  it('does not send a filter until its value fits the attribute, then sends it', async () => {
    const { bridge, container } = await open();
    await interact(() => (container.querySelector('.analysis-field .button.small') as HTMLButtonElement).click());
    const [attributeSelect, operatorSelect] = container.querySelectorAll<HTMLSelectElement>('.attribute-filter select');
    await interact(() => {
      attributeSelect.value = 'year';
      attributeSelect.dispatchEvent(new Event('change', { bubbles: true }));
      operatorSelect.value = '>=';
      operatorSelect.dispatchEvent(new Event('change', { bubbles: true }));
    });
    const before = bridge.callsTo('crosstabs:get').length;
    const input = container.querySelector('.attribute-filter input') as HTMLInputElement;
    await interact(async () => {
      typeInto(input, '20x');
    });
    await runsSettled();
    expect(bridge.callsTo('crosstabs:get')).toHaveLength(before);
    expect(container.querySelector('.analysis-form [role="status"]')?.textContent).toContain('write a number');
    await interact(async () => {
      typeInto(input, '2019');
    });
    await runsSettled();
    expect((bridge.callsTo('crosstabs:get') as CrosstabQuery[]).at(-1)?.where).toEqual([
      { attribute: 'year', op: '>=', value: '2019' },
    ]);
  });

  it('shows the backend’s sentence when a query cannot run', async () => {
    const { container } = await open({
      'crosstabs:get': () => ({
        ok: false,
        error: { code: 'not-found', message: 'There is no attribute "province" in this project.' },
      }),
    });
    expect(container.querySelector('[role="alert"]')?.textContent).toBe(
      'There is no attribute "province" in this project.',
    );
  });

  it('saves the query on show under a name with Ctrl+S, asking before replacing one of the same name', async () => {
    const { bridge, container } = await open();
    await interact(() => {
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 's', code: 'KeyS', ctrlKey: true, bubbles: true }));
    });
    const dialog = document.querySelector('[role="dialog"]') as HTMLElement;
    expect(dialog.querySelector('.dialog-title')?.textContent).toBe('Save this query');
    const name = dialog.querySelector('input') as HTMLInputElement;
    expect(name.value).toBe('Crosstab by province');
    await interact(async () => {
      (dialog.querySelector('button[type="submit"]') as HTMLButtonElement).click();
      await wait(0);
    });
    expect(bridge.callsTo('queries:save')).toEqual([
      {
        name: 'Crosstab by province',
        query: expect.objectContaining({ kind: 'crosstab', by: 'province', codeIds: [policy.id, actors.id] }),
      },
    ]);
    expect(container.querySelector('.analysis-saved li[data-query="Crosstab by province"]')).not.toBeNull();
    await interact(() => {
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 's', code: 'KeyS', ctrlKey: true, bubbles: true }));
    });
    const again = document.querySelector('[role="dialog"]') as HTMLElement;
    expect(again.querySelector('.analysis-warning')?.textContent).toContain('already saved');
    expect(again.querySelector('button[type="submit"]')?.textContent).toBe('Replace');
  });
});
