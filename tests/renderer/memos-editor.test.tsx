// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { useState } from 'react';
import type { MemoEntry } from '../../shared/ipc/channels/memos';
import { createAppStore } from '../../renderer/store';
import { RichTextEditor } from '../../renderer/features/memos/RichTextEditor';
import { MemosLayer } from '../../renderer/features/memos/MemosLayer';
import { filterMemos } from '../../renderer/features/memos/format';
import { markdownToPlainText } from '../../shared/ipc/channels/memos';
import { fakeBridge, makeProject, settle } from './support/fixtures';
import { interact, renderWithStore, type Rendered } from './support/render';

let rendered: Rendered | null = null;
afterEach(() => {
  rendered?.unmount();
  rendered = null;
});

function entry(overrides: Partial<MemoEntry>): MemoEntry {
  return {
    key: 'k',
    memoId: null,
    target: { type: 'project', id: null },
    about: 'Study',
    context: null,
    color: null,
    title: '',
    body: '',
    authorName: 'Researcher',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

describe('the rich-text editor', () => {
  it('shows Markdown as rich text: bold, lists and links', async () => {
    const store = createAppStore(fakeBridge({}));
    rendered = await renderWithStore(
      store,
      <RichTextEditor value={'A **bold** idea\n\n- one\n- two\n\n1. first'} onChange={() => {}} label="Memo text" />,
    );
    const input = rendered.container.querySelector('[role="textbox"]') as HTMLElement;
    expect(input.getAttribute('aria-label')).toBe('Memo text');
    expect([...input.querySelectorAll('strong')].map((node) => node.textContent)).toEqual(['bold']);
    expect([...input.querySelectorAll('ul > li')].map((node) => node.textContent)).toEqual(['one', 'two']);
    expect([...input.querySelectorAll('ol > li')].map((node) => node.textContent)).toEqual(['first']);
    expect(rendered.container.querySelector('[role="toolbar"]')).not.toBeNull();
  });

  it('replaces its content when the value changes from outside (another code’s description)', async () => {
    const store = createAppStore(fakeBridge({}));
    let show: (value: string) => void = () => {};
    function Host() {
      const [value, setValue] = useState('first **text**');
      show = setValue;
      return <RichTextEditor value={value} onChange={setValue} label="Description" />;
    }
    rendered = await renderWithStore(store, <Host />);
    const input = rendered.container.querySelector('[role="textbox"]') as HTMLElement;
    expect(input.textContent).toBe('first text');
    await interact(() => show('- other'));
    expect([...input.querySelectorAll('li')].map((node) => node.textContent)).toEqual(['other']);
  });
});

describe('the memo dialog', () => {
  it('opens the memo of a target, saves it through the backend, and closes', async () => {
    const saved: unknown[] = [];
    const bridge = fakeBridge({
      'memos:get': ({ target }) => entry({ target, about: 'Trust', key: `new:${target.type}` }),
      'memos:save': (args) => {
        saved.push(args);
        return entry({ target: args.target, memoId: 'm1', key: 'm1', body: args.body, title: args.title });
      },
      'memos:list': () => [],
    });
    const store = createAppStore(bridge);
    store.setState({ project: makeProject() });
    rendered = await renderWithStore(store, <MemosLayer />);
    await interact(() => store.getState().openMemo({ type: 'code', id: '00000000-0000-4000-8000-0000000000aa' }));
    await interact(settle);
    const dialog = rendered.container.querySelector('[role="dialog"]') as HTMLElement;
    expect(dialog.textContent).toContain('Memo on code “Trust”');
    // What the editor hands back is Markdown; the draft keeps it until Save.
    await interact(() => store.getState().editMemoDraft({ body: 'A **key** point' }));
    const save = [...dialog.querySelectorAll('button')].find(
      (button) => button.textContent === 'Save',
    ) as HTMLButtonElement;
    expect(save.disabled).toBe(false);
    await interact(() => save.click());
    await interact(settle);
    expect(saved).toEqual([
      {
        target: { type: 'code', id: '00000000-0000-4000-8000-0000000000aa' },
        memoId: null,
        title: '',
        body: 'A **key** point',
      },
    ]);
    expect(rendered.container.querySelector('[role="dialog"]')).toBeNull();
  });
});

describe('finding memos', () => {
  const memos = [
    entry({ key: 'a', body: '**Trust** comes first\n\n- pilots' }),
    entry({
      key: 'b',
      body: '用于描述数字治理中的技术能力',
      about: 'Capacity/Technical capacity',
      target: { type: 'code', id: 'x' },
    }),
  ];

  it('matches words through Markdown markers, Chinese without word splitting, every word required', () => {
    expect(filterMemos(memos, 'trust').map((memo) => memo.key)).toEqual(['a']);
    expect(filterMemos(memos, '数字').map((memo) => memo.key)).toEqual(['b']);
    expect(filterMemos(memos, 'technical 治理').map((memo) => memo.key)).toEqual(['b']);
    expect(filterMemos(memos, 'trust 治理')).toEqual([]);
    expect(filterMemos(memos, '  ')).toHaveLength(2);
  });

  it('previews Markdown as plain text with list bullets', () => {
    expect(markdownToPlainText('# Title\n\n**Trust** and [a link](https://x.org)\n\n- one\n- two\n\n1. first')).toBe(
      'Title\nTrust and a link\n• one\n• two\n1. first',
    );
  });
});
