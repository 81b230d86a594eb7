// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { CodeId, SourceId } from '../../shared/domain/ids';
import type { Code } from '../../shared/domain/types';
import { createAppStore } from '../../renderer/store';
import { CommandPalette } from '../../renderer/features/palette/CommandPalette';
import { setLocale } from '../../renderer/i18n';
import { fakeBridge, makeCode, makeCoding, makeProject, makeSource, summaryOf } from './support/fixtures';
import { interact, press, renderWithStore, typeInto, type Rendered } from './support/render';

// The palette's "New code “…”" row with a passage selected: the code is made and the passage
// coded through one request (codings:createInVivo), so that one undo takes back both.

let rendered: Rendered | null = null;
afterEach(() => {
  rendered?.unmount();
  rendered = null;
  document.body.innerHTML = '';
  localStorage.clear();
  setLocale('en');
});

describe('a new code from the palette', () => {
  it('makes the code and codes the selected passage in one request', async () => {
    const instruments = makeCode({ name: 'Instruments', position: 0 });
    const codes: Code[] = [instruments];
    const source = makeSource('答：我们制定了三年行动计划。');
    const bridge = fakeBridge({
      'app:info': () => ({ version: '0', mode: 'browser', projectsDir: null }),
      'projects:current': () => makeProject(),
      'sources:list': () => [summaryOf(source)],
      'sources:get': () => source,
      'attributes:list': () => [],
      'codes:list': () => codes,
      'coders:list': () => [],
      'codings:createInVivo': (args) => {
        const code = makeCode({ name: args.name, parentId: (args.parentId as CodeId | null) ?? null });
        codes.push(code);
        const coding = makeCoding(args.sourceId as SourceId, code.id, args.start, args.end);
        return { code, coding, created: true };
      },
    });
    const store = createAppStore(bridge);
    await store.getState().init();
    store.getState().selectCode(instruments.id);
    store.getState().setTextSelection({ start: 4, end: 13 });
    store.getState().openPalette();
    rendered = await renderWithStore(store, <CommandPalette />);
    const input = document.querySelector('[role="combobox"]') as HTMLInputElement;
    await interact(() => typeInto(input, '行动计划'));
    await interact(() => press(input, 'Enter'));
    await interact(() => Promise.resolve());

    expect(bridge.callsTo('codings:createInVivo')).toEqual([
      { sourceId: source.id, start: 4, end: 13, parentId: instruments.id, name: '行动计划' },
    ]);
    expect(bridge.callsTo('codes:create')).toEqual([]);
    expect(bridge.callsTo('codings:create')).toEqual([]);
    expect(store.getState().paletteOpen).toBe(false);
    const created = store.getState().codes.find((code) => code.name === '行动计划');
    expect(created?.parentId).toBe(instruments.id);
    expect([...(store.getState().model?.codings.values() ?? [])].map((coding) => coding.codeId)).toEqual([created?.id]);
  });
});
