// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { CodeId } from '../../shared/domain/ids';
import type { Code } from '../../shared/domain/types';
import { createAppStore } from '../../renderer/store';
import { CodebookPanel } from '../../renderer/features/codebook/CodebookPanel';
import { dropPlacement, dropZoneAt, keyboardMove } from '../../renderer/features/codebook/codeTree';
import { fakeBridge, makeCode, makeProject, type Handlers } from './support/fixtures';
import { interact, press, renderWithStore, type Rendered } from './support/render';

// A small codebook in codebook order: A (with A1, A2), B, C.
const a = makeCode({ name: 'A', position: 0 });
const a1 = makeCode({ name: 'A1', parentId: a.id, path: 'A/A1', depth: 1, position: 0, segmentCount: 2 });
const a2 = makeCode({ name: 'A2', parentId: a.id, path: 'A/A2', depth: 1, position: 1 });
const b = makeCode({ name: 'B', position: 1, segmentCount: 1, documentCount: 1 });
const c = makeCode({ name: 'C', position: 2 });
const codes: readonly Code[] = [a, a1, a2, b, c];

describe('keyboard moves in the codebook tree', () => {
  it('reorder among siblings, nest under the code above, and move out after the parent', () => {
    expect(keyboardMove(codes, b, 'up')).toEqual({ parentId: null, position: 0 });
    expect(keyboardMove(codes, b, 'down')).toEqual({ parentId: null, position: 2 });
    expect(keyboardMove(codes, b, 'in')).toEqual({ parentId: a.id, position: 2 });
    expect(keyboardMove(codes, a2, 'out')).toEqual({ parentId: null, position: 1 });
  });

  it('say why a move cannot happen instead of doing nothing', () => {
    expect(keyboardMove(codes, a, 'up')).toBe('first');
    expect(keyboardMove(codes, c, 'down')).toBe('last');
    expect(keyboardMove(codes, a1, 'in')).toBe('no-previous');
    expect(keyboardMove(codes, a, 'out')).toBe('top');
  });
});

describe('dropping a code on a row', () => {
  it('nests in the middle of a row, and reorders on its top and bottom quarters', () => {
    expect(dropZoneAt(2, 24)).toBe('before');
    expect(dropZoneAt(12, 24)).toBe('inside');
    expect(dropZoneAt(22, 24)).toBe('after');
    expect(dropPlacement(codes, c.id, a, 'inside')).toEqual({ parentId: a.id, position: 2 });
    expect(dropPlacement(codes, c.id, b, 'before')).toEqual({ parentId: null, position: 1 });
    expect(dropPlacement(codes, a.id, c, 'after')).toEqual({ parentId: null, position: 2 });
    // Below an open code with sub-codes, the line is above its first sub-code.
    expect(dropPlacement(codes, c.id, a, 'after', true)).toEqual({ parentId: a.id, position: 0 });
    expect(dropPlacement(codes, c.id, a, 'after', false)).toEqual({ parentId: null, position: 1 });
  });
});

let rendered: Rendered | null = null;
afterEach(() => {
  rendered?.unmount();
  rendered = null;
  document.body.innerHTML = '';
});

async function setup(handlers: Handlers) {
  const bridge = fakeBridge({
    'app:info': () => ({ version: '0', mode: 'browser', projectsDir: null }),
    'projects:current': () => makeProject(),
    'sources:list': () => [],
    'attributes:list': () => [],
    'codes:list': () => [...codes],
    'codes:counts': () => [
      { codeId: a.id, segments: 2, documents: 1 },
      { codeId: a1.id, segments: 2, documents: 1 },
      { codeId: a2.id, segments: 0, documents: 0 },
      { codeId: b.id, segments: 1, documents: 1 },
      { codeId: c.id, segments: 0, documents: 0 },
    ],
    ...handlers,
  });
  const store = createAppStore(bridge);
  await store.getState().init();
  rendered = await renderWithStore(store, <CodebookPanel />);
  const row = (name: string): Element =>
    rendered?.container.querySelector(`[role="treeitem"][aria-label="${name}"]`) as Element;
  return { store, bridge, row };
}

describe('the codebook panel', () => {
  it('shows codings and documents with sub-codes, and the code’s own figures on hover', async () => {
    const { row } = await setup({});
    expect(row('A').querySelector('.code-count')?.textContent).toBe('2');
    expect(row('A').querySelector('.code-docs')?.textContent).toBe('1');
    expect(row('A').getAttribute('title')).toBe(
      'With sub-codes: codings 2 · documents 1. This code alone: codings 0 · documents 0.',
    );
    expect(row('B').getAttribute('title')).toBe('Codings 1 · documents 1');
  });

  it('sends Alt+arrow moves to codes:move with the new parent and position', async () => {
    const { bridge, row } = await setup({ 'codes:move': () => b });
    await interact(() => press(row('B'), 'ArrowUp', { altKey: true }));
    await interact(() => press(row('B'), 'ArrowRight', { altKey: true }));
    await interact(() => press(row('A2'), 'ArrowLeft', { altKey: true }));
    expect(bridge.callsTo('codes:move')).toEqual([
      { codeId: b.id, parentId: null, position: 0 },
      { codeId: b.id, parentId: a.id, position: 2 },
      { codeId: a2.id, parentId: null, position: 1 },
    ]);
  });

  it('asks before merging, with the figures codes:previewMerge gives, and merges on confirmation', async () => {
    const summary = { moved: 2, collapsed: 1, children: 0, mergedChildren: 0 };
    const { bridge, row } = await setup({ 'codes:previewMerge': () => summary, 'codes:merge': () => summary });
    await interact(() => press(row('B'), 'm', { altKey: true, code: 'KeyM' }));
    const options = Array.from(document.querySelectorAll('[role="option"]')).map((option) => option.textContent);
    // B itself is not offered.
    expect(options).toEqual(['A', 'A / A1', 'A / A2', 'C']);
    const input = document.querySelector('[role="combobox"]') as HTMLInputElement;
    await interact(() => press(input, 'Enter'));
    expect(bridge.callsTo('codes:previewMerge')).toEqual([{ sourceCodeId: b.id, targetCodeId: a.id }]);
    const dialog = document.querySelector('[role="alertdialog"]');
    expect(Array.from(dialog?.querySelectorAll('.dialog-body p') ?? []).map((line) => line.textContent)).toEqual([
      '2 codings move to “A”.',
      '1 coding collapses: “A” already codes the same passage by the same coder.',
      '“B” is then removed. Ctrl+Z undoes the whole merge.',
    ]);
    expect(bridge.callsTo('codes:merge')).toEqual([]);
    const merge = Array.from(dialog?.querySelectorAll('button') ?? []).find((button) => button.textContent === 'Merge');
    await interact(() => merge?.click());
    expect(bridge.callsTo('codes:merge')).toEqual([{ sourceCodeId: b.id, targetCodeId: a.id as CodeId }]);
  });
});
