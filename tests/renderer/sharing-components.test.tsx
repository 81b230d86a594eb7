// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { MergePreview } from '../../shared/domain/types';
import { setLocale } from '../../renderer/i18n';
import { createAppStore } from '../../renderer/store';
import { AgreementView } from '../../renderer/features/sharing/AgreementView';
import { ExportDialog } from '../../renderer/features/sharing/ExportDialog';
import { MergeDialog } from '../../renderer/features/sharing/MergeDialog';
import { fakeBridge, makeProject } from './support/fixtures';
import { interact, renderWithStore, type Rendered } from './support/render';
import { colleague, DIGITAL, storeOn, TECHNICAL, twoCoders, upload } from './sharing-fixture';

let rendered: Rendered | null = null;
afterEach(() => {
  rendered?.unmount();
  rendered = null;
  document.body.innerHTML = '';
  setLocale('en');
});

/** A preview with one conflict of every kind, as the backend describes them. */
function previewWithConflicts(nothingToAdd: boolean): MergePreview {
  return {
    file: 'ben.marginalia',
    format: 'marginalia',
    matched: { sourcesById: 3, sourcesByText: 1, codesById: 10, codesByPath: 1, codings: 4, memos: 0 },
    add: {
      coders: [],
      codes: [],
      sources: [],
      attributes: [],
      attributeValues: [],
      codings: { total: 0, byCoder: [], byCode: [] },
      memos: [],
    },
    conflicts: [
      { kind: 'source-text-differs', sourceId: 's1', source: 'Interview 3', theirs: 'Interview 3 (edited)', codings: 7, message: 'x' },
      { kind: 'attribute-value', sourceId: 's2', source: 'Interview 4', attribute: 'province', mine: 'Zhejiang', theirs: 'Jiangsu', message: 'x' },
      { kind: 'attribute-type', attribute: 'age', mine: 'number', theirs: 'about forty', message: 'x' },
      { kind: 'code-renamed', codeId: 'c1', mine: 'Capacity/Staff', theirs: 'Capacity/Personnel', message: 'x' },
      { kind: 'memo-differs', memoId: 'm1', title: 'First impressions', message: 'x' },
    ],
    skipped: ['1 coding was left out because it was deleted here.'],
    report: [],
    nothingToAdd,
  };
}

describe('the merge dialog', () => {
  it('explains every conflict in plain words and offers no merge when there is nothing to add', async () => {
    const store = createAppStore(fakeBridge({}));
    store.setState({ project: makeProject(), mergePhase: 'preview', mergePreview: previewWithConflicts(true) });
    rendered = await renderWithStore(store, <MergeDialog />);
    const dialog = document.querySelector('[role="dialog"]');
    const conflicts = [...document.querySelectorAll('[data-conflict]')].map((item) => item.textContent);
    expect(conflicts).toEqual([
      '“Interview 3”: their copy has a different text (“Interview 3 (edited)”). Nothing of this source is merged, so 7 of their codings are left out: their positions would mark the wrong passages.',
      '“Interview 4”: province is “Zhejiang” here and “Jiangsu” in their copy. Yours is kept.',
      'Attribute age: their value “about forty” does not fit your number attribute; the attribute will hold text.',
      'The code “Capacity/Staff” is called “Capacity/Personnel” in their copy. Their codings go to your code, under your name.',
      'Memo “First impressions”: their text differs from yours. Yours is kept.',
    ]);
    expect(dialog?.querySelector('[role="status"]')?.textContent).toBe(
      'Nothing to add: everything in this file is already in the project.',
    );
    const buttons = [...(dialog?.querySelectorAll('button') ?? [])].map((button) => button.textContent);
    expect(buttons).toEqual(['Close']);
  });

  it('shows the same preview in Chinese', async () => {
    setLocale('zh-CN');
    const store = createAppStore(fakeBridge({}));
    store.setState({ project: makeProject(), mergePhase: 'preview', mergePreview: previewWithConflicts(false) });
    rendered = await renderWithStore(store, <MergeDialog />);
    expect(document.querySelector('[data-conflict="attribute-value"]')?.textContent).toBe(
      '“Interview 4”：province 在此为“Zhejiang”，在对方副本中为“Jiangsu”。保留您的值。',
    );
    expect(document.body.textContent).toContain('整个合并是一步操作');
  });
});

describe('the export dialog', () => {
  it('leaves out my own codings by default when a blind copy is asked for', async () => {
    const fixture = await twoCoders();
    const { store } = await storeOn(fixture.mine);
    store.getState().openExportDialog();
    await store.getState().loadCoders();
    rendered = await renderWithStore(store, <ExportDialog />);
    const blind = [...document.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')].find((input) =>
      input.closest('label')?.textContent?.includes('blind copy'),
    );
    await interact(() => blind?.click());
    const coder = [...document.querySelectorAll<HTMLInputElement>('.sharing-coders input')];
    expect(coder.map((input) => [input.closest('label')?.textContent, input.checked])).toEqual([['Ana', true]]);
  });
});

describe('the agreement view', () => {
  it('shows each figure with the counts behind it, explains a formula, and lists disagreements to open', async () => {
    const fixture = await twoCoders();
    const { store } = await storeOn(fixture.mine);
    store.getState().openMergeDialog();
    await store.getState().previewMerge(upload(fixture.theirs));
    await store.getState().applyMerge();
    store.getState().setView('agreement');
    rendered = await renderWithStore(store, <AgreementView />);
    await interact(async () => {
      await store.getState().loadCoders();
      await store.getState().loadAgreement();
    });
    const row = document.querySelector(`tr.code-row-agreement[data-code-path="${DIGITAL}"]`);
    expect(row).not.toBeNull();
    // 84 characters: both 28, only Ana 11, only Ben 0, neither 45.
    expect([...(row?.querySelectorAll('td.counts') ?? [])].map((cell) => cell.textContent)).toEqual(['28', '11', '0', '45']);
    expect(row?.querySelector('[data-figure="percent"]')?.textContent).toBe(`${((73 / 84) * 100).toFixed(1)} %`);
    // Brennan–Prediger: 2·pₒ − 1.
    expect(row?.querySelector('[data-figure="bp"]')?.textContent).toBe(((2 * 73) / 84 - 1).toFixed(3));

    const how = document.querySelector<HTMLButtonElement>('button[aria-label="How is Krippendorff’s α computed?"]');
    await interact(() => how?.click());
    expect(document.querySelector('.agreement-explanation')?.textContent).toContain('α = 1 − Dₒ / Dₑ');

    const expand = document.querySelector<HTMLButtonElement>(`button[aria-label="Show the sources of ${DIGITAL}"]`);
    await interact(() => expand?.click());
    const sourceRow = document.querySelector<HTMLElement>(`tr.source-row[data-code-path="${DIGITAL}"]`);
    await interact(() => sourceRow?.click());
    await interact(async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
    const disagreement = document.querySelector<HTMLButtonElement>('.disagreement');
    expect(disagreement?.dataset.start).toBe('11');
    expect(disagreement?.textContent).toContain('coded by Ana');
    expect(disagreement?.textContent).toContain('launched a');
    await interact(() => disagreement?.click());
    await interact(async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
    expect(store.getState().view).toBe('document');
  });

  it('shows Fleiss’ kappa and the coded-by-k counts for three coders, and matched segments for two', async () => {
    const fixture = await twoCoders();
    const cai = colleague(fixture, 'Cai', [
      [DIGITAL, 11, 50],
      [TECHNICAL, 52, 84],
    ]);
    const { store } = await storeOn(fixture.mine);
    for (const file of [fixture.theirs, cai]) {
      store.getState().openMergeDialog();
      await store.getState().previewMerge(upload(file));
      await store.getState().applyMerge();
    }
    store.getState().setView('agreement');
    rendered = await renderWithStore(store, <AgreementView />);
    await interact(async () => {
      await store.getState().loadCoders();
      await store.getState().loadAgreement();
    });
    expect(store.getState().agreementOptions.coders).toEqual(['Ana', 'Ben', 'Cai']);
    const headers = () => [...document.querySelectorAll('.agreement-table thead th')].map((th) => th.textContent);
    expect(headers()).toEqual([
      'Code',
      'Sources',
      'All agree?',
      'Fleiss’ κ?',
      'Krippendorff’s α?',
      'by 0',
      'by 1',
      'by 2',
      'by 3',
    ]);
    // Digital planning system, 84 characters: Ana and Cai 11–50, Ben 22–50 → 28 by all three,
    // 11 by two, 45 by none.
    const row = document.querySelector(`tr.code-row-agreement[data-code-path="${DIGITAL}"]`);
    expect([...(row?.querySelectorAll('td.counts') ?? [])].map((cell) => cell.textContent)).toEqual(['45', '0', '11', '28']);
    expect(row?.querySelector('[data-figure="unanimous"]')?.textContent).toBe(`${((73 / 84) * 100).toFixed(1)} %`);

    await interact(async () => {
      store.getState().setAgreementOptions({ coders: ['Ana', 'Ben'], unit: 'segment' });
      await store.getState().loadAgreement();
    });
    expect(headers()).toEqual(['Code', 'Sources', 'Agreement?', 'matched', 'only Ana', 'only Ben']);
    expect(document.querySelector('input[type="number"]')).not.toBeNull();
    // Ben's 22–50 shares 28 of the 39 characters with Ana's 11–50: below 90 %, no match.
    const segments = document.querySelector(`tr.code-row-agreement[data-code-path="${DIGITAL}"]`);
    expect([...(segments?.querySelectorAll('td.counts') ?? [])].map((cell) => cell.textContent)).toEqual(['0', '1', '1']);
    expect(segments?.querySelector('[data-figure="segment"]')?.textContent).toBe('0.0 %');
  });
});
