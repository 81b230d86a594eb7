import { describe, expect, it } from 'vitest';
import { testBackend, valueOf as value } from '../support/backend';
import {
  REGEX_TOO_SLOW_MESSAGE,
  type AutocodeOutcome,
  type AutocodePreview,
  type SearchIndexState,
  type SearchResult,
} from '../../shared/ipc/channels/search';

describe('search through the contract', () => {
  it('prepares the index, searches, previews and autocodes as one undo step; a bad pattern is an error value', async () => {
    const b = testBackend();
    await value(b.invoke('projects:create', { name: 'Search', template: 'empty', coderName: 'Ana' }));
    const files = [
      { name: 'zj.txt', text: '数据共享，数据开放。\n平台建设。' },
      { name: 'ah.txt', text: '推进数据平台建设。' },
    ];
    await value(
      b.invoke('sources:import', {
        files: files.map((file) => ({ name: file.name, dataBase64: Buffer.from(file.text).toString('base64') })),
      }),
    );
    let state = await value<SearchIndexState>(b.invoke('search:prepare', {}));
    while (!state.done) state = await value<SearchIndexState>(b.invoke('search:prepare', {}));
    expect(state).toMatchObject({ indexedSources: 2, totalSources: 2 });

    const result = await value<SearchResult>(b.invoke('search:run', { query: '数据' }));
    expect(result).toMatchObject({ method: 'scan', hitCount: 3, sourceCount: 2, moreHits: 0 });
    expect(result.sources.map((source) => [source.name, source.hits.map((hit) => hit.start)])).toEqual([
      ['zj', [0, 5]],
      ['ah', [2]],
    ]);

    const code = await value<{ id: string }>(b.invoke('codes:create', { name: '数据', parentId: null }));
    const args = { query: '数据', codeId: code.id, scope: 'sentence' } as const;
    const preview = await value<AutocodePreview>(b.invoke('search:previewAutocode', args));
    expect(preview).toMatchObject({ matches: 3, passages: 2, sources: 2, alreadyCoded: 0 });
    const outcome = await value<AutocodeOutcome>(b.invoke('search:autocode', args));
    expect(outcome).toMatchObject({ codings: 2, sources: 2 });
    const codes = await value<{ id: string; segmentCount: number }[]>(b.invoke('codes:list', {}));
    expect(codes.find((entry) => entry.id === code.id)?.segmentCount).toBe(2);

    expect(await value(b.invoke('history:undo', {}))).toEqual({ description: outcome.description });
    const after = await value<{ id: string; segmentCount: number }[]>(b.invoke('codes:list', {}));
    expect(after.find((entry) => entry.id === code.id)?.segmentCount).toBe(0);

    const bad = await b.invoke('search:run', { query: '(数据', regex: true });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
    expect(bad.ok ? '' : bad.error.message).toMatch(/cannot be read/);
  });

  it('stops a runaway regular expression with a sentence while every other channel keeps answering', async () => {
    const b = testBackend();
    await value(b.invoke('projects:create', { name: 'Runaway', template: 'empty', coderName: 'Ana' }));
    const files = [
      { name: 'as.txt', text: `Intro.\n${'a'.repeat(40)}!\n` },
      { name: 'zj.txt', text: '数据共享，数据开放。' },
    ];
    await value(
      b.invoke('sources:import', {
        files: files.map((file) => ({ name: file.name, dataBase64: Buffer.from(file.text).toString('base64') })),
      }),
    );
    // (a+)+$ on forty a's and a "!" backtracks for hours; one match cannot be interrupted.
    let searchDone = false;
    const runaway = b.invoke('search:run', { query: '(a+)+$', regex: true }).finally(() => {
      searchDone = true;
    });
    const listed = await value<{ name: string }[]>(b.invoke('sources:list', {}));
    expect(listed.map((source) => source.name).sort()).toEqual(['as', 'zj']);
    const preparing = await value<SearchIndexState>(b.invoke('search:prepare', {}));
    expect(preparing).toMatchObject({ totalSources: 2 });
    // Both answered while the pattern was still running.
    expect(searchDone).toBe(false);
    expect(await runaway).toEqual({ ok: false, error: { code: 'invalid-arguments', message: REGEX_TOO_SLOW_MESSAGE } });

    // "Code all results" runs the pattern too: its preview is stopped the same way.
    const code = await value<{ id: string }>(b.invoke('codes:create', { name: 'A', parentId: null }));
    const preview = await b.invoke('search:previewAutocode', {
      query: '(a+)+$',
      regex: true,
      codeId: code.id,
      scope: 'match',
    });
    expect(preview).toMatchObject({ ok: false, error: { message: REGEX_TOO_SLOW_MESSAGE } });

    // A newer search replaces a running one: the first is answered as cancelled, the second as usual.
    const replaced = b.invoke('search:run', { query: '(a+)+$', regex: true });
    const newer = await value<SearchResult>(b.invoke('search:run', { query: '数据', regex: true }));
    expect(newer).toMatchObject({ method: 'regex', hitCount: 2, sourceCount: 1 });
    expect(await replaced).toMatchObject({ ok: false, error: { code: 'cancelled' } });

    // A pattern found off the backend thread codes what it shows, as one undo step.
    const args = { query: '数据..', regex: true, codeId: code.id, scope: 'match' } as const;
    expect(await value<AutocodePreview>(b.invoke('search:previewAutocode', args))).toMatchObject({
      matches: 2,
      passages: 2,
    });
    expect(await value<AutocodeOutcome>(b.invoke('search:autocode', args))).toMatchObject({ codings: 2, sources: 1 });
  });
});
