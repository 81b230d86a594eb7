// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { CodeId, SourceId } from '../../shared/domain/ids';
import type { Code } from '../../shared/domain/types';
import { createAppStore } from '../../renderer/store';
import { CodebookPanel } from '../../renderer/features/codebook/CodebookPanel';
import { DocumentView } from '../../renderer/features/document/DocumentView';
import { SourcesPanel } from '../../renderer/features/sources/SourcesPanel';
import {
  fakeBridge,
  makeCode,
  makeCoding,
  makeProject,
  makeSource,
  summaryOf,
  type Handlers,
} from './support/fixtures';
import { interact, press, renderWithStore, typeInto, type Rendered } from './support/render';

const project = makeProject();

// happy-dom does no layout: give every element one line of height, as Chromium would, and
// report observed elements at once, as Chromium does after its first layout.
Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => 24 });
class ImmediateResizeObserver {
  constructor(private readonly callback: ResizeObserverCallback) {}
  observe(target: Element): void {
    queueMicrotask(() => this.callback([{ target } as ResizeObserverEntry], this as unknown as ResizeObserver));
  }
  unobserve(): void {}
  disconnect(): void {}
}
globalThis.ResizeObserver = ImmediateResizeObserver as unknown as typeof ResizeObserver;

let rendered: Rendered | null = null;
afterEach(() => {
  rendered?.unmount();
  rendered = null;
  document.body.innerHTML = '';
});

async function setup(handlers: Handlers, text = '答：我们制定了三年行动计划。\nSecond paragraph here.') {
  const instruments = makeCode({ name: 'Instruments', segmentCount: 1, documentCount: 1 });
  const planning = makeCode({
    name: 'Digital planning system',
    parentId: instruments.id,
    path: 'Instruments/Digital planning system',
    depth: 1,
    color: '#56b4e9',
    segmentCount: 3,
  });
  const source = makeSource(text, { name: 'zj', attributes: { province: 'Zhejiang' } });
  const bridge = fakeBridge({
    'app:info': () => ({ version: '0', mode: 'browser', projectsDir: null }),
    'projects:current': () => project,
    'sources:list': () => [summaryOf(source)],
    'sources:get': () => source,
    'attributes:list': () => [],
    'codes:list': () => [instruments, planning],
    ...handlers,
  });
  const store = createAppStore(bridge);
  await store.getState().init();
  return { store, bridge, instruments, planning, source };
}

describe('the codebook panel', () => {
  it('is a tree of treeitems with levels, number keys and counts', async () => {
    const { store } = await setup({});
    rendered = await renderWithStore(store, <CodebookPanel />);
    const tree = rendered.container.querySelector('[role="tree"]');
    const items = Array.from(rendered.container.querySelectorAll('[role="treeitem"]'));
    expect(tree).not.toBeNull();
    expect(items.map((item) => [item.getAttribute('aria-level'), item.textContent])).toEqual([
      ['1', '▾Instruments111'],
      ['2', 'Digital planning system230'],
    ]);
    expect(items[0].getAttribute('aria-expanded')).toBe('true');
  });

  it('renames a code in place with F2 and Enter through codes:update', async () => {
    const { store, bridge, planning } = await setup({
      'codes:update': (args) => ({ ...planning, name: args.name ?? planning.name }) as Code,
    });
    rendered = await renderWithStore(store, <CodebookPanel />);
    const row = rendered.container.querySelectorAll('[role="treeitem"]')[1];
    await interact(() => press(row, 'F2'));
    const input = rendered.container.querySelector('input.inline-input') as HTMLInputElement;
    expect(input.value).toBe('Digital planning system');
    await interact(() => typeInto(input, 'Planning documents'));
    await interact(() => press(input, 'Enter'));
    expect(bridge.callsTo('codes:update')).toEqual([{ codeId: planning.id, name: 'Planning documents' }]);
  });

  it('asks before deleting, naming the codings that go with the code', async () => {
    const { store, bridge, instruments } = await setup({ 'codes:delete': () => ({ deletedCodings: 4 }) });
    rendered = await renderWithStore(store, <CodebookPanel />);
    const row = rendered.container.querySelectorAll('[role="treeitem"]')[0];
    await interact(() => press(row, 'Delete'));
    const dialog = document.querySelector('[role="alertdialog"]');
    expect(dialog?.textContent).toContain('Delete “Instruments”?');
    expect(dialog?.textContent).toContain('Its 1 sub-code goes with it, and 4 codings in all.');
    expect(bridge.callsTo('codes:delete')).toEqual([]);
    const confirm = Array.from(dialog?.querySelectorAll('button') ?? []).find(
      (button) => button.textContent === 'Delete',
    );
    await interact(() => confirm?.click());
    expect(bridge.callsTo('codes:delete')).toEqual([{ codeId: instruments.id }]);
  });

  it('recolours a code from the palette', async () => {
    const { store, bridge, instruments } = await setup({ 'codes:update': () => instruments });
    rendered = await renderWithStore(store, <CodebookPanel />);
    const swatch = rendered.container.querySelector('.swatch-button') as HTMLButtonElement;
    await interact(() => swatch.click());
    const choice = document.querySelector('[role="radio"][aria-label="Green"]') as HTMLButtonElement;
    await interact(() => choice.click());
    expect(bridge.callsTo('codes:update')).toEqual([{ codeId: instruments.id, color: '#009e73' }]);
  });
});

describe('the sources table', () => {
  it('sets an attribute in place: click the cell, type, Enter', async () => {
    const { store, bridge, source } = await setup({
      'attributes:set': (args) => ({ ...summaryOf(source), attributes: { province: args.value ?? '' } }),
    });
    rendered = await renderWithStore(store, <SourcesPanel />);
    const headers = Array.from(rendered.container.querySelectorAll('th')).map((cell) => cell.textContent);
    expect(headers.slice(0, 4)).toEqual(['Name', 'Kind', 'province', 'Codings']);
    const cell = rendered.container.querySelector('td[data-attribute="province"] button') as HTMLButtonElement;
    expect(cell.textContent).toBe('Zhejiang');
    await interact(() => cell.click());
    const input = rendered.container.querySelector('td[data-attribute="province"] input') as HTMLInputElement;
    await interact(() => typeInto(input, 'Anhui'));
    await interact(() => press(input, 'Enter'));
    expect(bridge.callsTo('attributes:set')).toEqual([{ sourceId: source.id, name: 'province', value: 'Anhui' }]);
    expect(rendered.container.querySelector('td[data-attribute="province"]')?.textContent).toBe('Anhui');
  });
});

describe('the document view', () => {
  it('paints codings as highlighted pieces and one stripe per coding', async () => {
    const text = '答：我们制定了三年行动计划。\nSecond paragraph here.';
    const { store, planning, instruments, source } = await setup({});
    const codings = [makeCoding(source.id, planning.id, 4, 13), makeCoding(source.id, instruments.id, 7, 20)];
    store.setState({ model: null });
    await store.getState().openSource(source.id);
    store.getState().reloadDocument = async () => undefined;
    const { buildDocumentModel } = await import('../../renderer/features/document/model');
    store.setState({ model: buildDocumentModel({ ...source, text, codings }) });
    rendered = await renderWithStore(store, <DocumentView />);
    const highlighted = Array.from(rendered.container.querySelectorAll('.hl')).map((piece) => piece.textContent);
    expect(highlighted).toEqual(['制定了', '三年行动计划', '。', 'Secon']);
    expect(rendered.container.querySelectorAll('.stripe')).toHaveLength(2);
    expect(rendered.container.querySelector('[role="document"]')?.getAttribute('aria-label')).toBe('Text of zj');
    const first = rendered.container.querySelector('[data-start="0"]');
    expect(first?.getAttribute('lang')).toBe('zh');
  });

  it('mounts only the blocks near the viewport of a long source', async () => {
    const text = Array.from({ length: 3000 }, (_, index) => `Paragraph ${index} of a long interview.`).join('\n');
    const { store } = await setup({}, text);
    rendered = await renderWithStore(store, <DocumentView />);
    const mounted = rendered.container.querySelectorAll('[data-start]').length;
    expect(mounted).toBeGreaterThan(5);
    expect(mounted).toBeLessThan(200);
  });

  it('applies the code with number key 2 to the selected passage', async () => {
    const { store, bridge, planning, source } = await setup({
      'codings:create': (args) => makeCoding(args.sourceId as SourceId, args.codeId as CodeId, args.start, args.end),
    });
    rendered = await renderWithStore(store, <DocumentView />);
    const piece = rendered.container.querySelector('[data-start="0"] [data-s="0"]')?.firstChild as Text;
    const range = document.createRange();
    range.setStart(piece, 4);
    range.setEnd(piece, 13);
    window.getSelection()?.removeAllRanges();
    window.getSelection()?.addRange(range);
    await interact(() => press(document.body, '2'));
    expect(bridge.callsTo('codings:create')).toEqual([{ sourceId: source.id, codeId: planning.id, start: 4, end: 13 }]);
    expect(Array.from(rendered.container.querySelectorAll('.hl')).map((node) => node.textContent)).toEqual([
      '制定了三年行动计划',
    ]);
  });
});
