// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { AttributeId } from '../../shared/domain/ids';
import type { Attribute } from '../../shared/domain/types';
import type { AnalysisQuery, CrosstabQuery } from '../../shared/format/query';
import { QueryForm } from '../../renderer/features/analysis/QueryForm';
import { createAppStore } from '../../renderer/store';
import { fakeBridge, makeCode, makeProject, testId } from './support/fixtures';
import { interact, renderWithStore, typeInto, type Rendered } from './support/render';

const codes = [makeCode({ name: 'Policy', position: 0 })];
const attributes: Attribute[] = [
  { id: testId<AttributeId>(), name: 'province', type: 'text' },
  { id: testId<AttributeId>(), name: 'year', type: 'number' },
];

let rendered: Rendered | null = null;
afterEach(() => {
  rendered?.unmount();
  rendered = null;
  document.body.innerHTML = '';
});

function storeWithProject() {
  const bridge = fakeBridge({ 'projects:close': () => null, 'projects:recent': () => [] });
  const store = createAppStore(bridge);
  store.setState({ project: makeProject(), phase: 'workspace', view: 'analysis', codes, attributes });
  store.getState().initAnalysis();
  return store;
}

const select = (element: HTMLSelectElement, value: string): void => {
  element.value = value;
  element.dispatchEvent(new Event('change', { bubbles: true }));
};

const shownRows = (container: HTMLElement): string[][] =>
  [...container.querySelectorAll('.attribute-filter')].map((row) => [
    ...[...row.querySelectorAll('select')].map((entry) => entry.value),
    (row.querySelector('input') as HTMLInputElement).value,
  ]);

const addButton = (container: HTMLElement): HTMLButtonElement =>
  [...container.querySelectorAll<HTMLButtonElement>('button')].find(
    (button) => button.textContent === '+ Filter',
  ) as HTMLButtonElement;

/** Adds a row and sets it as a researcher would: attribute, comparison, then a value typed. */
async function addRow(container: HTMLElement, attribute: string, op: string, value: string): Promise<void> {
  await interact(() => addButton(container).click());
  const row = [...container.querySelectorAll('.attribute-filter')].at(-1) as HTMLElement;
  const [attributeSelect, operatorSelect] = row.querySelectorAll<HTMLSelectElement>('select');
  await interact(() => {
    select(attributeSelect, attribute);
    select(operatorSelect, op);
  });
  await interact(() => typeInto(row.querySelector('input') as HTMLInputElement, value));
}

describe('attribute filters being typed in the Analysis form', () => {
  it('are shown as left after the form is unmounted and mounted again (another tab and back)', async () => {
    const store = storeWithProject();
    rendered = await renderWithStore(store, <QueryForm />);
    await addRow(rendered.container, 'province', '=', 'Zhejiang');
    await addRow(rendered.container, 'year', '>=', '20x');
    expect(shownRows(rendered.container)).toEqual([
      ['province', '=', 'Zhejiang'],
      ['year', '>=', '20x'],
    ]);
    // Only the complete row is in the query: the half-typed year never runs.
    expect(store.getState().analysisQueries?.crosstab.where).toEqual([
      { attribute: 'province', op: '=', value: 'Zhejiang' },
    ]);

    rendered.unmount();
    rendered = await renderWithStore(store, <QueryForm />);
    expect(shownRows(rendered.container)).toEqual([
      ['province', '=', 'Zhejiang'],
      ['year', '>=', '20x'],
    ]);
    expect(rendered.container.querySelector('.analysis-form [role="status"]')?.textContent).toContain('write a number');

    // Finishing the value sends the row as usual.
    const inputs = rendered.container.querySelectorAll<HTMLInputElement>('.attribute-filter input');
    await interact(() => typeInto(inputs[1] as HTMLInputElement, '2019'));
    expect(store.getState().currentAnalysisQuery('crosstab')?.where).toEqual([
      { attribute: 'province', op: '=', value: 'Zhejiang' },
      { attribute: 'year', op: '>=', value: '2019' },
    ]);
  });

  it('belong to their analysis: another analysis shows its own rows, and coming back shows these', async () => {
    const store = storeWithProject();
    rendered = await renderWithStore(store, <QueryForm />);
    const { container } = rendered;
    await addRow(container, 'year', '<', '');
    await interact(() => store.getState().setAnalysisKind('cooccurrence'));
    expect(shownRows(container)).toEqual([]);
    await interact(() => store.getState().setAnalysisKind('crosstab'));
    expect(shownRows(container)).toEqual([['year', '<', '']]);
    expect(container.querySelector('.analysis-form [role="status"]')?.textContent).toBe(
      'A filter without a valid value is not applied yet.',
    );
  });

  it('give way to the filters of a saved query opened, and are forgotten when the project closes', async () => {
    const store = storeWithProject();
    rendered = await renderWithStore(store, <QueryForm />);
    const { container } = rendered;
    await addRow(container, 'year', '>=', '20x');
    const saved = {
      ...(store.getState().analysisQueries?.crosstab as CrosstabQuery),
      where: [{ attribute: 'province', op: '=', value: 'Anhui' }],
    } as AnalysisQuery;
    await interact(() =>
      store.getState().openSavedQuery({ id: testId(), name: 'Anhui', query: saved, createdAt: '', updatedAt: '' }),
    );
    expect(shownRows(container)).toEqual([['province', '=', 'Anhui']]);

    await addRow(container, 'year', '>=', '20x');
    expect(store.getState().analysisFilterRows.crosstab).toHaveLength(2);
    await interact(() => store.getState().closeProject());
    expect(store.getState().analysisFilterRows).toEqual({});
  });
});
