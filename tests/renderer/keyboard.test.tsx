// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { CodeId, SourceId } from '../../shared/domain/ids';
import type { Code } from '../../shared/domain/types';
import { createAppStore } from '../../renderer/store';
import { App } from '../../renderer/app/App';
import { CodebookPanel } from '../../renderer/features/codebook/CodebookPanel';
import { CommandPalette } from '../../renderer/features/palette/CommandPalette';
import { SourcesPanel } from '../../renderer/features/sources/SourcesPanel';
import { setLocale } from '../../renderer/i18n';
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

// happy-dom does no layout; see components.test.tsx.
Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => 24 });
globalThis.ResizeObserver = class {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
} as unknown as typeof ResizeObserver;

let rendered: Rendered | null = null;
afterEach(() => {
  rendered?.unmount();
  rendered = null;
  document.body.innerHTML = '';
  localStorage.clear();
  setLocale('en');
});

async function setup(handlers: Handlers = {}) {
  const instruments = makeCode({ name: 'Instruments', position: 0 });
  const planning = makeCode({
    name: 'Digital planning system',
    parentId: instruments.id,
    path: 'Instruments/Digital planning system',
    depth: 1,
  });
  const incentives = makeCode({ name: 'Incentives', color: '#e69f00', position: 1 });
  const codes: Code[] = [instruments, planning, incentives];
  const sources = [
    makeSource('答：我们制定了三年行动计划。', { name: 'zhejiang', attributes: { province: 'Zhejiang' } }),
    makeSource('The province adopted a plan.', { name: 'anhui', attributes: { province: 'Anhui' } }),
  ];
  const bridge = fakeBridge({
    'app:info': () => ({ version: '0', mode: 'browser', projectsDir: null }),
    'projects:current': () => project,
    'sources:list': () => sources.map(summaryOf),
    'sources:get': (args) => sources.find((source) => source.id === args.sourceId) ?? sources[0],
    'attributes:list': () => [],
    'codes:list': () => codes,
    'codes:create': (args) => {
      const code = makeCode({
        name: args.name,
        parentId: (args.parentId as CodeId | null) ?? null,
        depth: args.parentId ? 1 : 0,
      });
      codes.push(code);
      return code;
    },
    'codings:create': (args) => makeCoding(args.sourceId as SourceId, args.codeId as CodeId, args.start, args.end),
    ...handlers,
  });
  const store = createAppStore(bridge);
  await store.getState().init();
  return { store, bridge, instruments, planning, incentives, sources };
}

const rows = (): HTMLElement[] => Array.from(document.querySelectorAll<HTMLElement>('[role="treeitem"]'));
const keyBadges = (): Record<string, string> =>
  Object.fromEntries(
    rows()
      .filter((row) => row.querySelector('.code-key'))
      .map((row) => [row.getAttribute('aria-label') ?? '', row.querySelector('.code-key')?.textContent ?? '']),
  );

describe('building the codebook by keyboard', () => {
  it('adds a top-level code with Alt+N and a sub-code of the focused code with Insert', async () => {
    const { store, bridge, incentives } = await setup();
    rendered = await renderWithStore(store, <CodebookPanel />);
    await interact(() => press(document.body, 'n', { altKey: true, code: 'KeyN' }));
    const input = document.querySelector('input[aria-label="Name of the new code"]') as HTMLInputElement;
    expect(input).not.toBeNull();
    await interact(() => typeInto(input, 'Capacity'));
    await interact(() => press(input, 'Enter'));
    expect(bridge.callsTo('codes:create')).toEqual([{ parentId: null, name: 'Capacity' }]);

    const row = rows().find((entry) => entry.getAttribute('aria-label') === 'Incentives') as HTMLElement;
    await interact(() => press(row, 'Insert'));
    const child = document.querySelector('input[aria-label="Name of the new code"]') as HTMLInputElement;
    await interact(() => typeInto(child, '晋升激励'));
    await interact(() => press(child, 'Enter'));
    expect(bridge.callsTo('codes:create')[1]).toEqual({ parentId: incentives.id, name: '晋升激励' });
  });

  it('moves with arrows and Home/End, and folds with ← →', async () => {
    const { store, instruments, planning, incentives } = await setup();
    rendered = await renderWithStore(store, <CodebookPanel />);
    const focusOf = (): string | null =>
      (document.activeElement as HTMLElement | null)?.getAttribute('aria-label') ?? null;
    const [first] = rows();
    first.focus();
    await interact(() => press(first, 'ArrowDown'));
    await interact(() => new Promise<void>((resolve) => requestAnimationFrame(() => resolve())));
    expect(store.getState().selectedCodeId).toBe(planning.id);
    expect(focusOf()).toBe('Digital planning system');
    await interact(() => press(document.activeElement as Element, 'End'));
    expect(store.getState().selectedCodeId).toBe(incentives.id);
    await interact(() => press(rows()[0], 'ArrowLeft'));
    expect(rows().map((row) => row.getAttribute('aria-label'))).toEqual(['Instruments', 'Incentives']);
    expect(rows()[0].getAttribute('aria-expanded')).toBe('false');
    await interact(() => press(rows()[0], 'ArrowRight'));
    expect(rows()).toHaveLength(3);
    expect(store.getState().collapsedCodes[instruments.id]).toBeUndefined();
  });

  it('shows number keys on the codes used last', async () => {
    const { store, incentives, planning } = await setup();
    rendered = await renderWithStore(store, <CodebookPanel />);
    expect(keyBadges()).toEqual({ Instruments: '1', 'Digital planning system': '2', Incentives: '3' });
    await interact(() => {
      store.getState().noteCodeUsed(planning.id);
      store.getState().noteCodeUsed(incentives.id);
    });
    expect(keyBadges()).toEqual({ Incentives: '1', 'Digital planning system': '2', Instruments: '3' });
  });
});

describe('the command palette', () => {
  it('codes the passage selected before it opened with the code chosen by fuzzy search', async () => {
    const { store, bridge, planning, sources } = await setup();
    store.getState().setTextSelection({ start: 4, end: 13 });
    store.getState().openPalette();
    rendered = await renderWithStore(store, <CommandPalette />);
    const input = document.querySelector('[role="combobox"]') as HTMLInputElement;
    expect(document.activeElement).toBe(input);
    expect(document.querySelector('.palette-target')?.textContent).toContain('制定了三年行动计划');
    await interact(() => typeInto(input, 'inst dig'));
    const options = Array.from(document.querySelectorAll('[role="option"]'));
    expect(options[0].textContent).toContain('Instruments / Digital planning system');
    expect(Array.from(options[0].querySelectorAll('mark')).map((mark) => mark.textContent)).toEqual(['Inst', 'Dig']);
    expect(input.getAttribute('aria-activedescendant')).toBe(options[0].id);
    await interact(() => press(input, 'Enter'));
    expect(bridge.callsTo('codings:create')).toEqual([
      { sourceId: sources[0].id, codeId: planning.id, start: 4, end: 13 },
    ]);
    expect(store.getState().paletteOpen).toBe(false);
  });

  it('without a selection, shows the chosen code in the codebook; arrows wrap', async () => {
    const { store, bridge, incentives } = await setup();
    store.getState().openPalette();
    rendered = await renderWithStore(store, <CommandPalette />);
    const input = document.querySelector('[role="combobox"]') as HTMLInputElement;
    await interact(() => press(input, 'ArrowUp'));
    const active = document.querySelector('[role="option"][aria-selected="true"]');
    expect(active?.textContent).toContain('Incentives');
    await interact(() => press(input, 'Enter'));
    expect(store.getState().selectedCodeId).toBe(incentives.id);
    expect(store.getState().codeFocusRequest?.codeId).toBe(incentives.id);
    expect(bridge.callsTo('codings:create')).toEqual([]);
  });

  it('offers a new code named after the query, and Escape closes without coding', async () => {
    const { store, bridge } = await setup();
    store.getState().setTextSelection({ start: 4, end: 13 });
    store.getState().openPalette();
    rendered = await renderWithStore(store, <CommandPalette />);
    const input = document.querySelector('[role="combobox"]') as HTMLInputElement;
    await interact(() => typeInto(input, '行动计划'));
    const options = Array.from(document.querySelectorAll('[role="option"]'));
    expect(options.map((option) => option.textContent)).toEqual(['+New code “行动计划”']);
    await interact(() => press(input, 'Escape'));
    expect(store.getState().paletteOpen).toBe(false);
    expect(bridge.callsTo('codes:create')).toEqual([]);
    expect(store.getState().selectionRequest?.range).toEqual({ start: 4, end: 13 });
  });
});

describe('the language setting', () => {
  it('switches the whole window to Simplified Chinese, sets <html lang> and remembers it', async () => {
    const { store } = await setup();
    rendered = await renderWithStore(store, <App />);
    const settings = Array.from(document.querySelectorAll('button')).find(
      (button) => button.textContent === 'Settings',
    );
    await interact(() => settings?.click());
    const chinese = Array.from(document.querySelectorAll('label')).find((label) => label.textContent === '简体中文');
    await interact(() => chinese?.querySelector('input')?.click());
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(document.querySelector('#codebook-title')?.textContent).toBe('编码本');
    expect(Array.from(document.querySelectorAll('[role="tab"]')).map((tab) => tab.textContent)).toEqual([
      '文档',
      '检索',
      '搜索',
      '备忘录',
      '频次',
      '分析',
      '一致性',
    ]);
    expect(localStorage.getItem('marginalia.locale')).toBe('"zh-CN"');
    // Still open after the views were re-created, with the choice focused.
    expect((document.activeElement as HTMLInputElement | null)?.checked).toBe(true);
  });
});

describe('the sources grid', () => {
  it('is one tab stop, moved through with the arrow keys', async () => {
    const { store } = await setup();
    rendered = await renderWithStore(store, <SourcesPanel />);
    const grid = document.querySelector('[role="grid"]');
    expect(grid?.getAttribute('aria-label')).toBe('Sources');
    const tabbable = Array.from(grid?.querySelectorAll('tbody [tabindex="0"]') ?? []);
    expect(tabbable.map((element) => element.textContent)).toEqual(['zhejiang']);
    const first = tabbable[0] as HTMLElement;
    first.focus();
    await interact(() => press(first, 'ArrowDown'));
    expect(document.activeElement?.textContent).toBe('anhui');
    await interact(() => press(document.activeElement as Element, 'ArrowRight'));
    await interact(() => press(document.activeElement as Element, 'ArrowRight'));
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Set province of anhui');
    expect(Array.from(grid?.querySelectorAll('tbody [tabindex="0"]') ?? [])).toEqual([document.activeElement]);
  });
});
